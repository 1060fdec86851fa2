import { readFileSync } from "node:fs"

/**
 * CPU time spent per answered request, in milliseconds, by each party to a measurement. Under load
 * on a shared two-core machine a side's throughput is what its processes' CPU allows, and latency
 * and profiles count the time a process waited for a core as if it had worked: CPU time per request
 * is the figure that says what each side's code costs, whatever else ran.
 */
export interface CpuPerRequest {
  /** The server's processes (the primary and its serving workers). */
  readonly serverMs: number
  /** PostgreSQL's processes (its backends and the postmaster's); absent where /proc cannot see them. */
  readonly databaseMs?: number
  /** The load generator (autocannon, in the bench's own process). */
  readonly loadGeneratorMs: number
}

// USER_HZ: the unit of /proc's CPU times. Linux reports them in hundredths of a second on every
// architecture it exposes to user space (sysconf(_SC_CLK_TCK)), whatever the kernel's own tick.
const TICKS_PER_SECOND = 100

/**
 * A process's CPU time (user + system) in ms, with that of its children it has waited for (which
 * the kernel adds to the parent when it reaps them: a backend that ended during the run still
 * counts); undefined once it has gone, or where there is no /proc.
 */
const ownCpuMs = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    // The command name (field 2) may hold spaces and parentheses: the fields after it are counted from its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    // utime, stime, cutime, cstime are fields 14–17 of the line, 12–15 after the name and state.
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0)
    return (ticks * 1000) / TICKS_PER_SECOND
  } catch {
    return undefined
  }
}

/** A process's parent (Linux); undefined where /proc cannot tell. */
export const parentOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
    return Number.isInteger(parent) && parent > 0 ? parent : undefined
  } catch {
    return undefined
  }
}

/** A process's children (Linux); none where /proc cannot tell. */
export const childrenOf = (pid: number): ReadonlyArray<number> => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** CPU ms of a process and its living children (a server's workers, a postmaster's backends); undefined once it has gone. */
export const treeCpuMs = (pid: number): number | undefined => {
  const own = ownCpuMs(pid)
  if (own === undefined) return undefined
  return childrenOf(pid).reduce((sum, child) => sum + (ownCpuMs(child) ?? 0), own)
}

interface CpuReading {
  readonly serverMs: number | undefined
  readonly databaseMs: number | undefined
  readonly loadGenerator: NodeJS.CpuUsage
}

/** Reads the parties' CPU time before and after a measurement. `postmasterPid` is absent when PostgreSQL runs elsewhere. */
export const cpuMeter = (input: { readonly serverPid: number; readonly postmasterPid: number | undefined }) => {
  const read = (): CpuReading => ({
    serverMs: treeCpuMs(input.serverPid),
    databaseMs: input.postmasterPid === undefined ? undefined : treeCpuMs(input.postmasterPid),
    loadGenerator: process.cpuUsage(),
  })
  return {
    start: () => {
      const before = read()
      /** Each party's CPU ms since `start`, over `requests`; undefined when no request was answered or the server is gone. */
      return (requests: number): CpuPerRequest | undefined => {
        const after = read()
        if (requests <= 0 || before.serverMs === undefined || after.serverMs === undefined) return undefined
        const generator = process.cpuUsage(before.loadGenerator)
        const databaseMs =
          before.databaseMs === undefined || after.databaseMs === undefined
            ? undefined
            : (after.databaseMs - before.databaseMs) / requests
        return {
          serverMs: (after.serverMs - before.serverMs) / requests,
          ...(databaseMs === undefined ? {} : { databaseMs }),
          loadGeneratorMs: (generator.user + generator.system) / 1000 / requests,
        }
      }
    },
  }
}

export type CpuMeter = ReturnType<typeof cpuMeter>
