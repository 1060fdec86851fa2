import cluster, { type Worker } from "node:cluster"
import { Effect } from "effect"
import { loadConfig } from "./config.ts"
import { type LogWriter, logWriter } from "./logging.ts"

/**
 * Serving in several processes (SERVER_PROCESSES): one Node process runs JavaScript on one core,
 * and a server with more cores than one would leave the others to PostgreSQL alone. The primary
 * process serves nothing itself: it starts that many workers, each a whole server (its runtime,
 * its pool, its plugin worker, its overdue check) sharing the one listening address through
 * `node:cluster`, and keeps that many running. Nothing is shared between them but the database,
 * as between servers behind a load balancer (DESIGN.md, "Scale"): sessions, throttling,
 * idempotency keys, the outbox and the scheduled jobs are all there already.
 */

/** Set in a worker's environment: its number, from 1. */
export const WORKER_VARIABLE = "ABROAD_SERVER_WORKER"

/** Whether this process is one of the primary's serving workers. */
export const isServingWorker = (): boolean => cluster.isWorker && process.env[WORKER_VARIABLE] !== undefined

interface Listening {
  readonly kind: "listening"
  readonly url: string
}

const isListening = (message: unknown): message is Listening =>
  typeof message === "object" && message !== null && (message as { kind?: unknown }).kind === "listening"

/** A worker tells its primary it is serving, at `url`. */
export const reportListening = (url: string): void => {
  if (cluster.isWorker) process.send?.({ kind: "listening", url } satisfies Listening)
}

/** More unexpected stops than this in RESTART_WINDOW_MS is a crash loop, not bad luck: the primary gives up. */
const RESTARTS_PER_WINDOW = 5
const RESTART_WINDOW_MS = 60_000
/** Past the workers' own grace period, a worker that has not stopped is killed. */
const KILL_AFTER_GRACE_MS = 5_000

export interface ProcessesOptions {
  readonly count: number
  /** The command each worker runs: `serve`, the database being ready by then. */
  readonly args: ReadonlyArray<string>
  readonly graceMs: number
  readonly log: LogWriter
  /** Called once, when every worker serves, with the address they share. */
  readonly onServing: (url: string) => void
}

/**
 * Runs `count` serving workers until SIGTERM or SIGINT, then stops them (each drains its requests
 * in flight) and resolves with 0. A worker that stops by itself is replaced; one that fails before
 * it serves (a port taken, a database behind its migrations) stops them all, and the primary
 * resolves with 1: its own message is on the shared standard error already.
 */
export const serveInProcesses = (options: ProcessesOptions): Promise<number> =>
  new Promise((resolve) => {
    cluster.setupPrimary({ args: [...options.args] })
    const serving = new Set<Worker>()
    const workers = new Set<Worker>()
    const restarts: Array<number> = []
    let stopping = false
    let started = false
    let exitCode = 0

    const stopAll = (code: number) => {
      if (stopping) return
      stopping = true
      exitCode = code
      for (const worker of workers) worker.process.kill("SIGTERM")
      const kill = setTimeout(() => {
        for (const worker of workers) worker.process.kill("SIGKILL")
      }, options.graceMs + KILL_AFTER_GRACE_MS)
      kill.unref()
      if (workers.size === 0) finish()
    }
    const finish = () => {
      process.off("SIGTERM", onSignal)
      process.off("SIGINT", onSignal)
      resolve(exitCode)
    }
    const onSignal = () => stopAll(0)

    const fork = (index: number) => {
      const worker = cluster.fork({ [WORKER_VARIABLE]: String(index) })
      workers.add(worker)
      worker.on("message", (message: unknown) => {
        if (!isListening(message)) return
        serving.add(worker)
        if (!started && serving.size === options.count) {
          started = true
          options.onServing(message.url)
        }
      })
      worker.on("exit", (code, signal) => {
        workers.delete(worker)
        const wasServing = serving.delete(worker)
        if (stopping) {
          if (workers.size === 0) finish()
          return
        }
        if (!started || !wasServing) {
          options.log("error", "a server process failed to start: stopping the others", { code, signal })
          stopAll(1)
          return
        }
        const now = Date.now()
        restarts.push(now)
        while (restarts.length > 0 && (restarts[0] as number) < now - RESTART_WINDOW_MS) restarts.shift()
        if (restarts.length > RESTARTS_PER_WINDOW) {
          options.log("error", "server processes keep stopping: giving up", { code, signal, restarts: restarts.length })
          stopAll(1)
          return
        }
        options.log("error", "a server process stopped unexpectedly: starting another", {
          pid: worker.process.pid,
          code,
          signal,
        })
        fork(index)
      })
    }

    process.on("SIGTERM", onSignal)
    process.on("SIGINT", onSignal)
    for (let index = 1; index <= options.count; index++) fork(index)
  })

/** The lines that tell a user where the platform is serving. */
export const servingLines = (url: string): ReadonlyArray<string> => [
  `Nền tảng đang chạy / the platform is running at ${url}`,
  `API: ${url}/api/docs · ${url}/api/tenants · ${url}/readyz`,
]

/**
 * `serve` in a primary process: with SERVER_PROCESSES above 1, runs the workers and resolves with
 * the exit code; otherwise (or with a configuration the CLI must report) resolves with undefined,
 * and the CLI serves in this process, or says what is wrong.
 */
export const primaryOfWorkers = async (env: Record<string, string | undefined>): Promise<number | undefined> => {
  const config = await Effect.runPromise(Effect.result(loadConfig(env)))
  if (config._tag === "Failure" || config.success.processes <= 1) return undefined
  return serveInProcesses({
    count: config.success.processes,
    args: ["serve"],
    graceMs: config.success.shutdownGraceMs,
    log: logWriter(config.success.logLevel),
    onServing: (url) => {
      for (const line of servingLines(url)) process.stdout.write(`${line}\n`)
    },
  })
}
