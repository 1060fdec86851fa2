import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { makeApi } from "@abroad/api"
import { PluginHost } from "@abroad/core"
import { serve } from "@hono/node-server"
import { Effect, type ManagedRuntime } from "effect"
import type { ServerConfig } from "./config.ts"
import { logWriter, writeRequestLog } from "./logging.ts"
import type { PlatformServices } from "./runtime.ts"
import { VERSION } from "./version.ts"
import { loadWebApp } from "./web-app.ts"

const DRAIN_DELAY_MS = 1_000

/** The configured address cannot be listened on (taken, or a privileged port). */
export class AddressUnavailable extends Error {
  override readonly name = "AddressUnavailable"
}

export interface RunningServer {
  readonly url: string
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes the database. */
  readonly shutdown: () => Promise<void>
}

/** Serves the API and the web app on the configured address until `shutdown`. */
export const startHttpServer = async (
  config: ServerConfig,
  runtime: ManagedRuntime.ManagedRuntime<PlatformServices, unknown>,
): Promise<RunningServer> => {
  let draining = false
  const log = logWriter(config.logLevel)
  const host = await runtime.runPromise(
    Effect.gen(function* () {
      return yield* PluginHost
    }),
  )
  const webApp = await loadWebApp()
  if (webApp === undefined) {
    log("warn", "the web app is not built: only the API is served (run `pnpm --filter @abroad/web build`)", {})
  }
  const app = makeApi({
    plugins: host.catalogue,

    // The web app's loaders call the API through this same Hono application, in-process.
    ...(webApp === undefined
      ? {}
      : {
          web: webApp.handler(
            async (request, env) => app.fetch(request, env),
            (level, message, fields) => log(level, message, fields),
          ),
        }),
    run: (program) => runtime.runPromiseExit(program),
    version: VERSION,
    log: writeRequestLog(log),
    ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
    draining: () => draining,
  })
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(started as Server),
    ) as Server
    started.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE" || error.code === "EACCES"
          ? new AddressUnavailable(
              `Không thể mở cổng ${config.host}:${config.port} (${error.code}) — đổi PORT / ` +
                `cannot listen on ${config.host}:${config.port} (${error.code}): set PORT to a free port`,
            )
          : error,
      ),
    )
  })
  const address = server.address() as AddressInfo
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`
  log("info", "listening", { url, version: VERSION, database: config.database._tag, pid: process.pid })

  let stopping: Promise<void> | undefined
  const shutdown = () => {
    stopping ??= (async () => {
      log("info", "shutting down: draining in-flight requests", { graceMs: config.shutdownGraceMs })
      // First a short while still listening, not ready, answering with `Connection: close`:
      // a connection accepted a moment ago whose request is not yet read would otherwise
      // count as idle and be cut. Then stop listening; `close` waits for the requests in
      // flight, and whatever is still open when the grace period ends is cut.
      draining = true
      const force = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs)
      await new Promise((resolve) => setTimeout(resolve, Math.min(DRAIN_DELAY_MS, config.shutdownGraceMs)))
      await new Promise<void>((resolve) => server.close(() => resolve()))
      clearTimeout(force)
      await runtime.dispose()
      // The last line: whoever reads the log knows the stop was clean, not a crash.
      log("info", "stopped")
    })()
    return stopping
  }
  return { url, shutdown }
}
