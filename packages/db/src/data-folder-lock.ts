import { closeSync, existsSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"
import { DatabaseError } from "./errors.ts"

/**
 * An exclusive claim on PGlite's data folder. PGlite has no lock of its own: a second
 * process opening the same folder (`pnpm platform seed` while `pnpm start` runs) writes
 * over the first one's pages and corrupts the database. The claim is a file beside the
 * folder (inside it PGlite would take it for its own), created only if absent and holding
 * the owner's pid.
 */
export interface DataFolderLock {
  readonly path: string
  /** Gives the folder up; safe to call more than once. */
  readonly release: () => void
}

/** The locks this process holds: its own pid in a lock file is stale only if not listed here. */
const held = new Set<string>()

const lockPathOf = (dataDir: string): string => {
  const folder = resolve(dataDir)
  return join(dirname(folder), `${basename(folder)}.lock`)
}

const readPid = (path: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10)
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; only ESRCH means it is gone.
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Whether `pid` (read from a lock file) still holds the folder. Our own pid holds it only
 * if this process took it: in a container a restarted server often gets the same pid as
 * the one that was killed, and must not refuse its own data.
 */
const stillHeld = (pid: number, path: string): boolean => (pid === process.pid ? held.has(path) : isAlive(pid))

const inUse = (dataDir: string, path: string, pid: number | undefined) =>
  new DatabaseError({
    message:
      `Thư mục dữ liệu ${resolve(dataDir)} (DATA_DIR) đang được một tiến trình khác (pid ${pid ?? "?"}) dùng: ` +
      `hãy dừng tiến trình đó trước (nếu không còn tiến trình đó, xóa ${path}) / ` +
      `The data folder ${resolve(dataDir)} (DATA_DIR) is in use by another process (pid ${pid ?? "?"}): ` +
      `stop it first (if no such process runs, delete ${path})`,
    unreachable: false,
    cause: undefined,
  })

const cannotLock = (dataDir: string, path: string, cause: unknown) =>
  new DatabaseError({
    message:
      `Không tạo được tệp khóa ${path} cho thư mục dữ liệu (DATA_DIR) / cannot create the lock file ${path} ` +
      `of the data folder ${resolve(dataDir)} (DATA_DIR): ${cause instanceof Error ? cause.message : String(cause)}`,
    unreachable: false,
    cause,
  })

const tryCreate = (path: string): boolean => {
  let fd: number
  try {
    fd = openSync(path, "wx", 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false
    throw error
  }
  try {
    writeSync(fd, `${process.pid}\n`)
  } finally {
    closeSync(fd)
  }
  return true
}

/**
 * Moves a stale lock out of the way. Two processes may find the same stale lock at once:
 * each renames the lock to a name of its own — only one rename can take it — and checks
 * that what it took still names the dead pid. If another process had meanwhile put a
 * fresh lock there, that lock is put back (unless yet another one appeared) and the
 * folder is in use.
 */
const removeStale = (path: string, stalePid: number): "removed" | { readonly heldBy: number | undefined } => {
  const aside = `${path}.${process.pid}.stale`
  try {
    renameSync(path, aside)
  } catch (error) {
    // Someone else cleared it first: try again to create it.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "removed"
    throw error
  }
  const taken = readPid(aside)
  if (taken !== stalePid) {
    try {
      linkSync(aside, path)
    } catch {
      // Another process locked the folder in the meantime; it holds it now.
    }
  }
  unlinkSync(aside)
  return taken === stalePid ? "removed" : { heldBy: taken }
}

/**
 * Takes the data folder for this process, or fails with a message naming DATA_DIR, the
 * folder and the pid that holds it. A lock left by a process that is gone (killed, the
 * machine restarted) is taken over. Released by `release`, and in any case when the
 * process exits.
 */
export const lockDataFolder = (dataDir: string): DataFolderLock | DatabaseError => {
  const path = lockPathOf(dataDir)
  try {
    // A few rounds at most: each one either takes the lock, finds it held, or clears a stale one.
    for (let round = 0; round < 5; round++) {
      if (tryCreate(path)) {
        held.add(path)
        const release = () => {
          process.off("exit", release)
          if (!held.delete(path)) return
          try {
            if (readPid(path) === process.pid) unlinkSync(path)
          } catch {
            // Already gone: nothing to give up.
          }
        }
        process.on("exit", release)
        return { path, release }
      }
      const pid = readPid(path)
      // Released between our attempt and this look: try again.
      if (pid === undefined && !existsSync(path)) continue
      // No pid to check (a process that died between creating the file and writing it, or one
      // writing it now): held, and the message says which file to delete if nobody holds it.
      if (pid === undefined || stillHeld(pid, path)) return inUse(dataDir, path, pid)
      const removed = removeStale(path, pid)
      if (removed !== "removed") return inUse(dataDir, path, removed.heldBy)
    }
    return inUse(dataDir, path, readPid(path))
  } catch (cause) {
    return cannotLock(dataDir, path, cause)
  }
}
