import cluster, { type Worker } from "node:cluster"
import { Effect } from "effect"
import { loadConfig, type ServerConfig, warnOfOwnerLogin } from "./config.ts"
import { logWriter } from "./logging.ts"

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

/** Stops counted for the backoff and for giving up: those of the last minute. */
const STOP_WINDOW_MS = 60_000
/** With no worker serving, this many stops in the window is a crash loop: the primary gives up. */
const STOPS_BEFORE_GIVING_UP = 5
/** The longest wait before a replacement; the first is immediate, then 1 s, 2 s, 4 s… */
const MAX_BACKOFF_MS = 30_000
/** Past the workers' own grace period, a worker that has not stopped is killed. */
const KILL_AFTER_GRACE_MS = 5_000

/**
 * Runs SERVER_PROCESSES serving workers, each running `serve` (the database is ready by then),
 * until SIGTERM or SIGINT, then stops them (each drains its requests in flight) and resolves
 * with 0; `onServing` is told the shared address once every worker serves.
 * - At start, a worker that fails before it serves (a port taken, a database behind its
 *   migrations) stops them all, and the primary resolves with 1: the worker has said why.
 * - Once serving, a worker that stops is replaced, at once the first time, then after a growing
 *   wait (1 s, 2 s… up to 30 s) while stops keep coming; the others serve meanwhile, so a database
 *   that is briefly unreachable costs one process, not the server. Only when no worker serves and
 *   five have stopped within a minute does the primary give up, with 1.
 */
export const serveInProcesses = (config: ServerConfig, onServing: (url: string) => void): Promise<number> =>
  new Promise((resolve) => {
    cluster.setupPrimary({ args: ["serve"] })
    const log = logWriter(config.logLevel)
    // A line for the person at the terminal, in both languages.
    const complain = (line: string) => process.stderr.write(`${line}\n`)
    const serving = new Set<Worker>()
    const workers = new Set<Worker>()
    const stops: Array<number> = []
    const pending = new Set<ReturnType<typeof setTimeout>>()
    let stopping = false
    let started = false
    let exitCode = 0

    const stopAll = (code: number) => {
      if (stopping) return
      stopping = true
      exitCode = code
      for (const timer of pending) clearTimeout(timer)
      for (const worker of workers) worker.process.kill("SIGTERM")
      const kill = setTimeout(() => {
        for (const worker of workers) worker.process.kill("SIGKILL")
      }, config.shutdownGraceMs + KILL_AFTER_GRACE_MS)
      kill.unref()
      if (workers.size === 0) finish()
    }
    const finish = () => {
      process.off("SIGTERM", onSignal)
      process.off("SIGINT", onSignal)
      resolve(exitCode)
    }
    const onSignal = () => stopAll(0)

    const replace = (index: number) => {
      const now = Date.now()
      stops.push(now)
      while (stops.length > 0 && (stops[0] as number) < now - STOP_WINDOW_MS) stops.shift()
      if (serving.size === 0 && stops.length >= STOPS_BEFORE_GIVING_UP) {
        log("error", "server processes keep stopping and none serves: giving up", { stops: stops.length })
        complain(
          "Lỗi / error: các tiến trình phục vụ liên tục dừng và không còn tiến trình nào phục vụ — xem nhật ký ở trên / " +
            "the serving processes keep stopping and none is serving: see the log above",
        )
        stopAll(1)
        return
      }
      const wait = stops.length <= 1 ? 0 : Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (stops.length - 2))
      log("error", "a server process stopped: starting another", { index, waitMs: wait })
      const timer = setTimeout(() => {
        pending.delete(timer)
        if (!stopping) fork(index)
      }, wait)
      pending.add(timer)
    }

    const fork = (index: number) => {
      const worker = cluster.fork({ [WORKER_VARIABLE]: String(index) })
      workers.add(worker)
      worker.on("message", (message: unknown) => {
        if (!isListening(message)) return
        serving.add(worker)
        if (!started && serving.size === config.processes) {
          started = true
          onServing(message.url)
        }
      })
      worker.on("exit", (code, signal) => {
        workers.delete(worker)
        serving.delete(worker)
        if (stopping) {
          if (workers.size === 0) finish()
          return
        }
        // `stopped` names the worker as its own log lines do; `index` is its place, which a replacement takes.
        log("error", "a server process stopped unexpectedly", {
          stopped: worker.id,
          index,
          pid: worker.process.pid,
          code,
          signal,
        })
        if (!started) {
          complain(
            "Lỗi / error: một tiến trình phục vụ không khởi động được, các tiến trình khác dừng theo — xem thông báo ở trên / " +
              "a serving process failed to start, so the others stop too: see its message above",
          )
          stopAll(1)
          return
        }
        replace(index)
      })
    }

    process.on("SIGTERM", onSignal)
    process.on("SIGINT", onSignal)
    for (let index = 1; index <= config.processes; index++) fork(index)
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
  warnOfOwnerLogin(config.success)
  return serveInProcesses(config.success, (url) => {
    for (const line of servingLines(url)) process.stdout.write(`${line}\n`)
  })
}
