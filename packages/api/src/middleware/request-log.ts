import { randomUUID } from "node:crypto"
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "./env.ts"

/**
 * One line per request. Holds no personal data: the route pattern, never the URL or its query.
 * The process's log writer stamps the time and lays it out like every other line.
 */
export interface RequestLogEntry {
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

/**
 * A proxy's or client's request id is kept only when it is a UUID: anything else would put
 * text chosen by the caller into the log (a name, a forged log line), so it is replaced.
 */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is a UUID), echoes it, and
 * writes one structured line when the response is ready.
 */
export const requestLog = (options: RequestLogOptions): MiddlewareHandler<ApiEnv> =>
  async function requestLogMiddleware(c, next) {
    const started = performance.now()
    const incoming = c.req.header("x-request-id")
    const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming.toLowerCase() : randomUUID()
    c.set("requestId", requestId)
    c.header("X-Request-Id", requestId)
    await next()
    // An answer a handler made as a Response of its own (the web app's) did not take the header.
    if (c.res.headers.get("X-Request-Id") === null) c.header("X-Request-Id", requestId)
    const status = c.res.status
    const failure = c.get("failure")
    options.write({
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
