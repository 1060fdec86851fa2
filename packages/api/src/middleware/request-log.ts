import { randomUUID } from "node:crypto"
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "./env.ts"

/** One line per request. Holds no personal data: the route pattern, never the URL or its query. */
export interface RequestLogEntry {
  readonly timestamp: string
  /** Spelled as Effect's JSON logger spells it, so every line of the process has one shape. */
  readonly level: "INFO" | "WARN" | "ERROR"
  readonly message: "request"
  readonly requestId: string
  readonly method: string
  readonly route: string
  readonly status: number
  readonly durationMs: number
  readonly failure?: string
}

export interface RequestLogOptions {
  readonly write: (entry: RequestLogEntry) => void
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is a sane token), echoes
 * it, and writes one structured line when the response is ready.
 */
export const requestLog = (options: RequestLogOptions): MiddlewareHandler<ApiEnv> =>
  async function requestLogMiddleware(c, next) {
    const started = performance.now()
    const incoming = c.req.header("x-request-id")
    const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    c.set("requestId", requestId)
    c.header("X-Request-Id", requestId)
    await next()
    const status = c.res.status
    const failure = c.get("failure")
    options.write({
      timestamp: new Date().toISOString(),
      level: status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO",
      message: "request",
      requestId,
      method: c.req.method,
      // Unmatched paths are not echoed: a mistyped URL may carry a name or an ID.
      route: c.get("route") ?? "(unmatched)",
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(failure === undefined ? {} : { failure }),
    })
  }
