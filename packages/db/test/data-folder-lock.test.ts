/**
 * PGlite has no lock of its own: two processes on one data folder (`pnpm platform seed`
 * while `pnpm start` runs) would corrupt it. The platform claims the folder first.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Database, DatabaseError, databaseLayer } from "@abroad/db"
import { Layer, ManagedRuntime } from "effect"
import { afterEach, beforeEach, describe, expect, it } from "vitest"

const open = (dataDir: string) =>
  ManagedRuntime.make(databaseLayer({ _tag: "pglite", dataDir }), { memoMap: Layer.makeMemoMapUnsafe() })

/** Opens the folder and asks the database something; the refusal, if any, as a value. */
const useFolder = async (runtime: ReturnType<typeof open>): Promise<"opened" | unknown> => {
  try {
    await runtime.runPromise(Database.use((database) => database.ping))
    return "opened"
  } catch (error) {
    return error
  }
}

/** Settles when `child` prints `word`, or fails if it exits first. */
const printed = (child: ReturnType<typeof spawn>, word: string) =>
  new Promise<void>((resolve, reject) => {
    let output = ""
    child.stdout?.on("data", (chunk) => {
      output += chunk
      if (output.includes(word)) resolve()
    })
    child.stderr?.on("data", (chunk) => {
      output += chunk
    })
    child.once("exit", (code) => reject(new Error(`the child exited (${code}) before "${word}":\n${output}`)))
  })

const exited = (child: ReturnType<typeof spawn>) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once("exit", () => resolve())
  })

describe("the embedded database's data folder", () => {
  let scratch: string
  let dataDir: string
  const lockFile = () => `${dataDir}.lock`

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "abroad-lock-"))
    dataDir = join(scratch, "pglite")
  })
  afterEach(() => rmSync(scratch, { recursive: true, force: true }))

  it("refuses a second opener, naming DATA_DIR, the folder and the holder, until the first closes", async () => {
    const first = open(dataDir)
    expect(await useFolder(first)).toBe("opened")
    expect(readFileSync(lockFile(), "utf8").trim()).toBe(String(process.pid))

    const second = open(dataDir)
    const refused = await useFolder(second)
    await second.dispose()
    expect(refused).toBeInstanceOf(DatabaseError)
    const message = (refused as DatabaseError).message
    expect(message).toContain("DATA_DIR")
    expect(message).toContain(dataDir)
    expect(message).toContain(`pid ${process.pid}`)
    expect(message).toContain("đang được một tiến trình khác")
    expect(message).toContain("is in use by another process")
    // The refusal did not take the first opener's lock away.
    expect(readFileSync(lockFile(), "utf8").trim()).toBe(String(process.pid))

    await first.dispose()
    expect(existsSync(lockFile())).toBe(false)
    const third = open(dataDir)
    try {
      expect(await useFolder(third)).toBe("opened")
    } finally {
      await third.dispose()
    }
  })

  it("takes over a lock left by a process that is gone", async () => {
    // A pid that surely names no process any more: a child that has already exited.
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
    await exited(child)
    writeFileSync(`${dataDir}.lock`, `${child.pid}\n`)

    const runtime = open(dataDir)
    try {
      expect(await useFolder(runtime)).toBe("opened")
      expect(readFileSync(lockFile(), "utf8").trim()).toBe(String(process.pid))
    } finally {
      await runtime.dispose()
    }
  })

  it("keeps out another process while it holds the folder, and takes the folder over once it was killed", async () => {
    const index = pathToFileURL(join(import.meta.dirname, "..", "src", "index.ts")).href
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { Database, databaseLayer } = await import(${JSON.stringify(index)})
         const { Effect, ManagedRuntime } = await import("effect")
         const runtime = ManagedRuntime.make(databaseLayer({ _tag: "pglite", dataDir: ${JSON.stringify(dataDir)} }))
         await runtime.runPromise(Database.use((d) => d.ping))
         console.log("holding")
         setInterval(() => {}, 1000)`,
      ],
      { cwd: join(import.meta.dirname, ".."), stdio: ["ignore", "pipe", "pipe"] },
    )
    try {
      await printed(holder, "holding")
      const runtime = open(dataDir)
      const refused = await useFolder(runtime)
      await runtime.dispose()
      expect((refused as DatabaseError).message).toContain(`pid ${holder.pid}`)
    } finally {
      // As a crash or `kill -9` would: the holder leaves its lock behind.
      holder.kill("SIGKILL")
      await exited(holder)
    }
    expect(readFileSync(lockFile(), "utf8").trim()).toBe(String(holder.pid))

    const runtime = open(dataDir)
    try {
      expect(await useFolder(runtime)).toBe("opened")
    } finally {
      await runtime.dispose()
    }
  })
})
