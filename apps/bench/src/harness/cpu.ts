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
  /** The measured database's PostgreSQL backends; absent where /proc cannot see them. */
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

/** A process's children (Linux); none where /proc cannot tell. */
export const childrenOf = (pid: number): ReadonlyArray<number> => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** CPU ms of a process and its living children (a server's workers); undefined once it has gone. */
export const treeCpuMs = (pid: number): number | undefined => {
  const own = ownCpuMs(pid)
  if (own === undefined) return undefined
  return childrenOf(pid).reduce((sum, child) => sum + (ownCpuMs(child) ?? 0), own)
}

/** A PostgreSQL backend's CPU ms, if it is a process of this machine (its command is postgres's). */
const backendCpuMs = (pid: number): number | undefined => {
  try {
    if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") return undefined
  } catch {
    return undefined
  }
  return ownCpuMs(pid)
}

/**
 * The CPU ms of each backend of the measured database (`pids`), or undefined when any is not a
 * process of this machine — PostgreSQL on another host, or in another process namespace — where
 * /proc would read some other process.
 */
const backendsCpuMs = (pids: ReadonlyArray<number>): ReadonlyMap<number, number> | undefined => {
  const times = new Map<number, number>()
  for (const pid of pids) {
    const ms = backendCpuMs(pid)
    if (ms === undefined) return undefined
    times.set(pid, ms)
  }
  return times
}

const cpuUsageMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000

interface CpuReading {
  readonly serverMs: number | undefined
  readonly backends: ReadonlyMap<number, number> | undefined
  readonly loadGeneratorMs: number
}

/**
 * Reads the parties' CPU time before and after a measurement. PostgreSQL's share is that of the
 * measured database's own backends (`databaseBackends`: the servers' pools, the bench's
 * connections), not the whole server's: the same PostgreSQL may serve other databases meanwhile
 * (a test suite, say), and its background workers' time is nobody's request. A backend that ends
 * within the window loses its time, one that starts in it counts whole: the pools stay open.
 */
export const cpuMeter = (input: {
  readonly serverPid: number
  /** The process ids of the measured database's backends now (pg_stat_activity); absent when not wanted. */
  readonly databaseBackends?: () => Promise<ReadonlyArray<number>>
}) => {
  const read = async (): Promise<CpuReading> => {
    const pids = input.databaseBackends === undefined ? undefined : await input.databaseBackends()
    return {
      serverMs: treeCpuMs(input.serverPid),
      backends: pids === undefined ? undefined : backendsCpuMs(pids),
      loadGeneratorMs: cpuUsageMs(process.cpuUsage()),
    }
  }
  return {
    start: async () => {
      const before = await read()
      /** Each party's CPU ms since `start`, over `requests`; undefined when no request was answered or the server is gone. */
      return async (requests: number): Promise<CpuPerRequest | undefined> => {
        const after = await read()
        if (requests <= 0 || before.serverMs === undefined || after.serverMs === undefined) return undefined
        let databaseMs: number | undefined
        if (before.backends !== undefined && after.backends !== undefined) {
          databaseMs = 0
          for (const [pid, ms] of after.backends) databaseMs += ms - (before.backends.get(pid) ?? 0)
          databaseMs /= requests
        }
        return {
          serverMs: (after.serverMs - before.serverMs) / requests,
          ...(databaseMs === undefined ? {} : { databaseMs }),
          loadGeneratorMs: (after.loadGeneratorMs - before.loadGeneratorMs) / requests,
        }
      }
    },
  }
}

export type CpuMeter = ReturnType<typeof cpuMeter>
