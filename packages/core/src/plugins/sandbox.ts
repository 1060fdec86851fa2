import { Worker } from "node:worker_threads"
import type { HookCall, HookError, HostToWorker, WorkerBoot, WorkerToHost } from "./worker/protocol.ts"

/**
 * Plugin workers: one per (tenant, plugin), started when first needed, each a `worker_threads`
 * isolate with no process environment and a memory ceiling, running `worker/bootstrap.ts` (which
 * locks down imports before loading the plugin). A call that outlasts its budget — a hang, a loop —
 * ends the worker; the next call starts a fresh one. Idle workers are ended after a while, and past
 * `maxWorkers` the least recently used idle one makes room.
 */

export type CallOutcome =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false
      readonly kind: "throw" | "timeout" | "crash" | "capability" | "invalid"
      readonly message: string
      readonly text?: { readonly vi: string; readonly en: string }
      readonly code?: string
    }

export interface SandboxOptions {
  /** Heap ceiling of one worker. */
  readonly maxOldGenerationSizeMb: number
  /** How long a worker may take to load its plugin (Effect and the plugin's modules). */
  readonly loadBudgetMs: number
  /** A worker with nothing to do for this long is ended. */
  readonly idleMs: number
  readonly maxWorkers: number
  /** Where the worker's console output goes (it is not the server's log format). */
  readonly onOutput: (key: string, line: string) => void
  readonly onLog: (key: string, level: "info" | "warn" | "error", message: string, data: unknown) => void
}

export interface SandboxCall {
  /** `tenantId:pluginId`, or `catalogue:pluginId` for a worker with no tenant. */
  readonly key: string
  /** What the worker was loaded with (plugin version and config); a different stamp starts a new worker. */
  readonly stamp: string
  readonly boot: WorkerBoot
  readonly call: HookCall
  readonly budgetMs: number
  readonly nowMs: number
  /** Answers the hook's context calls (`members.get`, `store.put`, `http.fetch`, …). */
  readonly onContext: (op: string, args: ReadonlyArray<unknown>) => Promise<unknown>
}

interface Pending {
  readonly settle: (outcome: CallOutcome) => void
  readonly onContext: SandboxCall["onContext"]
  /** Context calls this hook call has made. */
  contextCalls: number
}

interface LiveWorker {
  readonly worker: Worker
  readonly stamp: string
  readonly ready: Promise<CallOutcome | undefined>
  readonly pending: Map<number, Pending>
  /** Context calls being answered now, and those waiting for a place. */
  inFlight: number
  readonly queue: Array<() => void>
  lastUsed: number
  ended: boolean
}

/**
 * A plugin's context calls share the database with every tenant (on the embedded database, one
 * connection): a few run at once per worker, a bounded number wait, and a flood beyond that is
 * refused at once. Waiting calls are dropped when their hook is over or its worker ended, so a
 * plugin that floods costs others at most the calls already running.
 */
const CONTEXT_CALLS_AT_ONCE = 4
const CONTEXT_CALLS_WAITING = 200
/** What one hook call may ask in all: a rule or an event needs a handful, a nightly import a few hundred. */
const CONTEXT_CALLS_PER_HOOK = 2_000

const BOOTSTRAP = new URL("./worker/bootstrap.ts", import.meta.url)

export class Sandbox {
  readonly #options: SandboxOptions
  readonly #workers = new Map<string, LiveWorker>()
  #nextCallId = 1
  readonly #sweeper: ReturnType<typeof setInterval>

  constructor(options: SandboxOptions) {
    this.#options = options
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(1_000, Math.min(options.idleMs, 30_000)))
    this.#sweeper.unref()
  }

  /** Workers alive now (for tests and metrics). */
  get size(): number {
    return this.#workers.size
  }

  /** Whether a worker for `key` is alive. */
  has(key: string): boolean {
    return this.#workers.has(key)
  }

  async call(request: SandboxCall): Promise<CallOutcome> {
    const live = this.#workerFor(request.key, request.stamp, request.boot)
    live.lastUsed = Date.now()
    const loaded = await withBudget(live.ready, this.#options.loadBudgetMs)
    if (loaded === "timeout") {
      this.#end(request.key, live, {
        ok: false,
        kind: "timeout",
        message: `the plugin did not load within ${this.#options.loadBudgetMs} ms`,
      })
      return { ok: false, kind: "timeout", message: `the plugin did not load within ${this.#options.loadBudgetMs} ms` }
    }
    if (loaded !== undefined) return loaded
    if (live.ended) return { ok: false, kind: "crash", message: "the plugin's worker ended" }
    const callId = this.#nextCallId++
    return new Promise<CallOutcome>((resolve) => {
      const timer = setTimeout(() => {
        // A hang or a loop: the worker is ended (a loop cannot be interrupted any other way), and
        // every other call it was running fails with it.
        live.pending.get(callId)?.settle({
          ok: false,
          kind: "timeout",
          message: `no answer within ${request.budgetMs} ms; the plugin's worker was ended`,
        })
        live.pending.delete(callId)
        this.#end(request.key, live, {
          ok: false,
          kind: "timeout",
          message: "another call of this plugin exceeded its budget; its worker was ended",
        })
      }, request.budgetMs)
      live.pending.set(callId, {
        settle: (outcome) => {
          clearTimeout(timer)
          live.lastUsed = Date.now()
          resolve(outcome)
        },
        onContext: request.onContext,
        contextCalls: 0,
      })
      const message: HostToWorker = { type: "call", callId, call: request.call, nowMs: request.nowMs }
      live.worker.postMessage(message)
    })
  }

  /** Ends the worker of `key`, if any (after an uninstall, a new config). */
  async reset(key: string): Promise<void> {
    const live = this.#workers.get(key)
    if (live !== undefined) this.#end(key, live, { ok: false, kind: "crash", message: "the plugin was reset" })
  }

  /** Ends every worker (at shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#sweeper)
    const ending = [...this.#workers.entries()].map(([key, live]) => {
      this.#end(key, live, { ok: false, kind: "crash", message: "the server is stopping" })
      return live.worker.terminate()
    })
    await Promise.allSettled(ending)
  }

  #workerFor(key: string, stamp: string, boot: WorkerBoot): LiveWorker {
    const known = this.#workers.get(key)
    if (known !== undefined && !known.ended && known.stamp === stamp) return known
    if (known !== undefined) this.#end(key, known, { ok: false, kind: "crash", message: "the plugin was reloaded" })
    this.#makeRoom()
    const worker = new Worker(BOOTSTRAP, {
      workerData: boot,
      // No process environment: no DATABASE_URL, no APP_SECRET, nothing.
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: {
        maxOldGenerationSizeMb: this.#options.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: Math.max(8, Math.floor(this.#options.maxOldGenerationSizeMb / 4)),
        stackSizeMb: 4,
      },
    })
    const pending = new Map<number, Pending>()
    let markReady: (outcome: CallOutcome | undefined) => void = () => undefined
    const ready = new Promise<CallOutcome | undefined>((resolve) => {
      markReady = resolve
    })
    const live: LiveWorker = {
      worker,
      stamp,
      ready,
      pending,
      inFlight: 0,
      queue: [],
      lastUsed: Date.now(),
      ended: false,
    }
    this.#workers.set(key, live)
    const forward = (line: string) => this.#options.onOutput(key, line)
    worker.stdout.on("data", (chunk: Buffer) => forward(chunk.toString("utf8").slice(0, 2_000)))
    worker.stderr.on("data", (chunk: Buffer) => forward(chunk.toString("utf8").slice(0, 2_000)))
    worker.on("message", (message: WorkerToHost) => {
      switch (message.type) {
        case "ready":
          markReady(undefined)
          return
        case "load-failed": {
          const failure = fromHookError(message.error)
          markReady(failure)
          this.#end(key, live, failure)
          return
        }
        case "result": {
          const waiting = pending.get(message.callId)
          if (waiting === undefined) return
          pending.delete(message.callId)
          waiting.settle(
            message.ok
              ? { ok: true, value: message.value }
              : fromHookError(message.error ?? { kind: "throw", message: "unknown failure" }),
          )
          return
        }
        case "context": {
          const waiting = pending.get(message.callId)
          const answer = (reply: HostToWorker) => {
            if (!live.ended) live.worker.postMessage(reply)
          }
          if (waiting === undefined) {
            answer({
              type: "context-answer",
              requestId: message.requestId,
              ok: false,
              error: { code: "plugin.call_over", text: { vi: "Lời gọi đã kết thúc.", en: "The call is over." } },
            })
            return
          }
          const start = () => {
            if (live.ended || !pending.has(message.callId)) {
              answer({
                type: "context-answer",
                requestId: message.requestId,
                ok: false,
                error: { code: "plugin.call_over", text: { vi: "Lời gọi đã kết thúc.", en: "The call is over." } },
              })
              return
            }
            live.inFlight += 1
            waiting
              .onContext(message.op, message.args)
              .then(
                (value) => answer({ type: "context-answer", requestId: message.requestId, ok: true, value }),
                (error: unknown) =>
                  answer({
                    type: "context-answer",
                    requestId: message.requestId,
                    ok: false,
                    error: contextErrorOf(error, message.op),
                  }),
              )
              .finally(() => {
                live.inFlight -= 1
                live.queue.shift()?.()
              })
          }
          waiting.contextCalls += 1
          if (waiting.contextCalls <= CONTEXT_CALLS_PER_HOOK && live.inFlight < CONTEXT_CALLS_AT_ONCE) start()
          else if (waiting.contextCalls <= CONTEXT_CALLS_PER_HOOK && live.queue.length < CONTEXT_CALLS_WAITING) {
            live.queue.push(start)
          } else {
            answer({
              type: "context-answer",
              requestId: message.requestId,
              ok: false,
              error: {
                code: "plugin.too_many_calls",
                text: {
                  vi: `Phần mở rộng gọi dữ liệu quá nhiều cùng lúc (quá ${CONTEXT_CALLS_AT_ONCE + CONTEXT_CALLS_WAITING} lời gọi chờ, hoặc quá ${CONTEXT_CALLS_PER_HOOK} lời gọi trong một lần chạy).`,
                  en: `The plugin made too many data calls at once (over ${CONTEXT_CALLS_AT_ONCE + CONTEXT_CALLS_WAITING} waiting, or over ${CONTEXT_CALLS_PER_HOOK} in one run).`,
                },
              },
            })
          }
          return
        }
        case "log":
          this.#options.onLog(key, message.level, message.message, message.data)
          return
      }
    })
    worker.on("error", (error) => {
      const failure: CallOutcome = { ok: false, kind: "crash", message: `the plugin's worker failed: ${error.message}` }
      markReady(failure)
      this.#end(key, live, failure)
    })
    worker.on("exit", (code) => {
      const failure: CallOutcome = { ok: false, kind: "crash", message: `the plugin's worker stopped (exit ${code})` }
      markReady(failure)
      this.#end(key, live, failure)
    })
    return live
  }

  #end(key: string, live: LiveWorker, outcome: CallOutcome): void {
    if (this.#workers.get(key) === live) this.#workers.delete(key)
    if (live.ended) return
    live.ended = true
    // Context calls still waiting for a place are not run: their hook has failed.
    live.queue.length = 0
    for (const [callId, waiting] of live.pending) {
      live.pending.delete(callId)
      waiting.settle(outcome)
    }
    // Terminating is what stops a loop; the promise is not awaited by callers.
    live.worker.terminate().catch(() => undefined)
  }

  #sweep(): void {
    const now = Date.now()
    for (const [key, live] of this.#workers) {
      if (live.pending.size === 0 && now - live.lastUsed > this.#options.idleMs) {
        this.#end(key, live, { ok: false, kind: "crash", message: "idle" })
      }
    }
  }

  #makeRoom(): void {
    if (this.#workers.size < this.#options.maxWorkers) return
    const idle = [...this.#workers.entries()]
      .filter(([, live]) => live.pending.size === 0)
      .sort(([, a], [, b]) => a.lastUsed - b.lastUsed)
    const oldest = idle[0]
    if (oldest !== undefined) this.#end(oldest[0], oldest[1], { ok: false, kind: "crash", message: "evicted" })
  }
}

const fromHookError = (error: HookError): CallOutcome => ({
  ok: false,
  kind: error.kind,
  message: error.message,
  ...(error.text === undefined ? {} : { text: error.text }),
  ...(error.code === undefined ? {} : { code: error.code }),
})

/** A refusal from the host (a missing capability, a host not allowed) as the plugin's code receives it. */
export class ContextRefused extends Error {
  readonly code: string
  readonly text: { readonly vi: string; readonly en: string }
  constructor(code: string, text: { readonly vi: string; readonly en: string }) {
    super(`${text.vi} — ${text.en}`)
    this.code = code
    this.text = text
  }
}

const contextErrorOf = (error: unknown, op: string) => {
  if (error instanceof ContextRefused) return { code: error.code, text: error.text }
  if (error instanceof Error && "code" in error && "text" in error) {
    const known = error as Error & { code: unknown; text: { vi: string; en: string } }
    return { code: String(known.code), text: known.text }
  }
  // An outbound call's failure is the plugin's to report and the administrator's to fix (a closed
  // port, a refused login): its reason is passed on. A database failure's is not (it is logged).
  if ((op.startsWith("http.") || op.startsWith("mail.")) && error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : ""
    const reason = `${error.message}${cause}`.slice(0, 300)
    return {
      code: "plugin.outbound_failed",
      text: { vi: `Kết nối ra ngoài không thành công (${reason}).`, en: `The outbound call failed (${reason}).` },
    }
  }
  return {
    code: "plugin.context_failed",
    text: { vi: "Nền tảng không thực hiện được yêu cầu này.", en: "The platform could not carry out this request." },
  }
}

const withBudget = <A>(promise: Promise<A>, ms: number): Promise<A | "timeout"> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), ms)
    promise.then((value) => {
      clearTimeout(timer)
      resolve(value)
    })
  })
