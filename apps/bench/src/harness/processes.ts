import { type ChildProcess, spawn } from "node:child_process"
import { closeSync, openSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { BENCH_APP_SECRET } from "../accounts.ts"
import { childrenOf } from "./cpu.ts"

const ROOT = join(import.meta.dirname, "..", "..", "..", "..")

/** The old-generation bound of each platform process when it runs several (README, Configuration). */
export const HEAP_MIB_PER_PROCESS = 256

export interface RunningProcess {
  readonly url: string
  readonly pid: number
  readonly stop: () => Promise<void>
}

const waitFor = async (what: string, child: ChildProcess, read: () => string, pattern: RegExp): Promise<string> => {
  for (let i = 0; i < 600; i++) {
    const match = pattern.exec(read())
    if (match?.[1] !== undefined) return match[1]
    if (child.exitCode !== null) throw new Error(`${what} exited early:\n${read()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${what} did not start:\n${read()}`)
}

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve()
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill("SIGTERM")
  })

/**
 * The real platform server (`apps/server serve`) on the bench database: the owner's login for
 * migrations, the request login for requests, as in production. Its log lines go to a file, as a
 * production server's go to its journal, not through the harness.
 */
export const startPlatform = async (input: {
  readonly ownerUrl: string
  readonly appUrl: string
  readonly poolSize: number
  /** Serving processes (SERVER_PROCESSES), each with a pool of `poolSize`. */
  readonly processes: number
  /** A folder to write the server's CPU profile to (node --cpu-prof), on exit; one file per process. */
  readonly profileDir?: string | undefined
}): Promise<RunningProcess & { readonly logFile: string }> => {
  const logFile = join(tmpdir(), `abroad-bench-server-${process.pid}.log`)
  const out = openSync(logFile, "w")
  const profile = input.profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${input.profileDir}`]
  const child = spawn(process.execPath, [...profile, join(ROOT, "apps", "server", "src", "main.ts"), "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: input.ownerUrl,
      DATABASE_APP_URL: input.appUrl,
      DATABASE_POOL_SIZE: String(input.poolSize),
      SERVER_PROCESSES: String(input.processes),
      // Each process's old generation bounded, as the README advises for several processes on
      // one machine: V8 sizes a heap as if its process had the machine alone (finding 15).
      ...(input.processes > 1 ? { NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB_PER_PROCESS}` } : {}),
      HOST: "127.0.0.1",
      PORT: "0",
      APP_SECRET: BENCH_APP_SECRET,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", out, out],
  })
  closeSync(out)
  const read = () => readFileSync(logFile, "utf8")
  const url = await waitFor("the platform server", child, read, /running at (http:\/\/[^\s]+)/)
  if (child.pid === undefined) throw new Error("the platform server has no pid")
  return { url, pid: child.pid, logFile, stop: stopper(child) }
}

/**
 * Runs one command of the platform's CLI on the bench database and waits for it, e.g. the overdue
 * check: a data set generated on an earlier day has trips that became overdue since, and the
 * server's own check a minute after its start would otherwise mark them in the middle of a measurement.
 */
export const runPlatformCommand = (
  args: ReadonlyArray<string>,
  input: { readonly ownerUrl: string; readonly appUrl: string },
): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "apps", "server", "src", "main.ts"), ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_URL: input.ownerUrl,
        DATABASE_APP_URL: input.appUrl,
        APP_SECRET: BENCH_APP_SECRET,
      },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stdout?.on("data", (chunk) => {
      output += chunk
    })
    child.stderr?.on("data", (chunk) => {
      output += chunk
    })
    child.once("error", reject)
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`platform ${args.join(" ")} exited with ${code}:\n${output}`)),
    )
  })

/** The bare baseline's process, serving `statementsFile` (see baseline-server.ts). */
export const startBaseline = async (input: {
  readonly ownerUrl: string
  /** The request login, for the design's floor. */
  readonly appUrl: string
  readonly statementsFile: string
  readonly poolSize: number
  /** Processes sharing the port, each with a pool of `poolSize`: as many as the platform's. */
  readonly processes: number
}): Promise<RunningProcess> => {
  const child = spawn(process.execPath, [join(import.meta.dirname, "baseline-server.ts"), input.statementsFile], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      BASELINE_DATABASE_URL: input.ownerUrl,
      FLOOR_DATABASE_URL: input.appUrl,
      BASELINE_POOL_SIZE: String(input.poolSize),
      BASELINE_PROCESSES: String(input.processes),
      PORT: "0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  })
  let output = ""
  child.stdout?.on("data", (chunk) => {
    output += chunk
  })
  const url = await waitFor("the baseline server", child, () => output, /listening on (http:\/\/[^\s]+)/)
  if (child.pid === undefined) throw new Error("the baseline server has no pid")
  return { url, pid: child.pid, stop: stopper(child) }
}

/** Resident memory of a process, from /proc (Linux), in MiB; undefined elsewhere or once it has gone. */
export const residentMiB = (pid: number): number | undefined => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024
  } catch {
    // Not Linux, or the process has exited: no figure rather than a wrong one.
    return undefined
  }
}

/**
 * Resident memory of a server in MiB: the process and its children, the serving workers when it
 * runs several (SERVER_PROCESSES), added up.
 */
export const serverResidentMiB = (pid: number): number | undefined => {
  const own = residentMiB(pid)
  if (own === undefined) return undefined
  return childrenOf(pid).reduce((sum, child) => sum + (residentMiB(child) ?? 0), own)
}

/** Samples a server's resident memory (with its workers) every `everyMs` until stopped; `peak` is the highest seen. */
export const watchMemory = (pid: number, everyMs = 250) => {
  let peak = 0
  const sample = () => {
    const mib = serverResidentMiB(pid)
    if (mib !== undefined && mib > peak) peak = mib
  }
  sample()
  const timer = setInterval(sample, everyMs)
  return {
    peak: () => peak,
    /** Starts a new window; returns the peak of the one that ended. */
    reset: () => {
      const ended = peak
      peak = 0
      sample()
      return ended
    },
    stop: () => clearInterval(timer),
  }
}
