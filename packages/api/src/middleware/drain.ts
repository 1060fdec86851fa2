import type { MiddlewareHandler } from "hono"
import { Unavailable } from "../errors/api-error.ts"
import { toErrorResponse } from "../errors/response.ts"
import type { ApiEnv } from "./env.ts"

export interface DrainOptions {
  /** True once the process has been asked to stop. */
  readonly draining: () => boolean
}

/**
 * While the process drains before stopping: readiness answers 503, so a load balancer sends
 * no new work here, and every response asks the client to close its connection, so no
 * keep-alive connection is left to be cut while a request is on its way.
 */
export const drain = (options: DrainOptions): MiddlewareHandler<ApiEnv> =>
  async function drainMiddleware(c, next) {
    if (options.draining() && c.req.path === "/readyz") {
      c.set("route", "/readyz")
      const response = toErrorResponse(
        new Unavailable({
          message: { vi: "Máy chủ đang dừng.", en: "The server is shutting down." },
        }),
      )
      c.header("Connection", "close")
      return c.json(response.body, response.status)
    }
    await next()
    if (options.draining()) c.header("Connection", "close")
  }
