import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { makeApi } from "@abroad/api"
import { serve } from "@hono/node-server"
import { Effect, type ManagedRuntime } from "effect"
import type { ServerConfig } from "./config.ts"
import { writeRequestLog } from "./logging.ts"
import type { PlatformServices } from "./runtime.ts"
import { VERSION } from "./version.ts"

export interface RunningServer {
  readonly url: string
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes the database. */
  readonly shutdown: () => Promise<void>
}

/** Serves the API on the configured address until `shutdown`. */
export const startHttpServer = async (
  config: ServerConfig,
  runtime: ManagedRuntime.ManagedRuntime<PlatformServices, unknown>,
): Promise<RunningServer> => {
  const app = makeApi({
    run: (program) => runtime.runPromiseExit(program),
    version: VERSION,
    log: writeRequestLog(config.logLevel),
  })
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(started as Server),
    ) as Server
    started.once("error", reject)
  })
  const address = server.address() as AddressInfo
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`

  let stopping: Promise<void> | undefined
  const shutdown = () => {
    stopping ??= (async () => {
      await runtime.runPromise(Effect.logInfo("shutting down: draining in-flight requests"))
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Idle keep-alive connections would hold `close` open until they time out.
      server.closeIdleConnections()
      const grace = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs)
      await closed
      clearTimeout(grace)
      await runtime.dispose()
    })()
    return stopping
  }
  return { url, shutdown }
}
