import { TotpSealing, totpKeyring } from "@abroad/auth"
import { PluginDispatch, PluginFailed } from "@abroad/core"
import { type Database, type DatabaseOwner, databaseLayer } from "@abroad/db"
import { Effect, Layer, ManagedRuntime } from "effect"
import type { ServerConfig } from "./config.ts"
import { loggingLayer } from "./logging.ts"
import { serverSecret } from "./secrets.ts"

export type PlatformServices = Database | DatabaseOwner | TotpSealing | PluginDispatch

/**
 * The platform's plugins, as the events worker and the job scheduler reach them. Until the plugin
 * host is wired in here, the platform knows no plugin: nothing subscribes, no job is scheduled, and
 * a delivery to an installed plugin waits (`not_enabled`, no attempt counted) instead of being lost.
 */
export const noPlugins: Layer.Layer<PluginDispatch> = Layer.succeed(
  PluginDispatch,
  PluginDispatch.of({
    deliverEvent: ({ pluginId, event }) =>
      Effect.fail(
        new PluginFailed({
          pluginId,
          hook: `event:${event.type}`,
          kind: "not_enabled",
          retryable: false,
          message: {
            vi: `Nền tảng chưa nạp plugin ${pluginId}.`,
            en: `The platform has not loaded plugin ${pluginId}.`,
          },
        }),
      ),
    runJob: ({ pluginId, jobId }) =>
      Effect.fail(
        new PluginFailed({
          pluginId,
          hook: `job:${jobId}`,
          kind: "not_enabled",
          retryable: false,
          message: {
            vi: `Nền tảng chưa nạp plugin ${pluginId}.`,
            en: `The platform has not loaded plugin ${pluginId}.`,
          },
        }),
      ),
    subscriptions: () => [],
    jobs: () => [],
    pluginIds: () => [],
  }),
)

/** The process's one runtime: the database (closed on dispose), the TOTP keyring, the plugins and the logger. */
export const makeRuntime = (
  config: ServerConfig,
  plugins: Layer.Layer<PluginDispatch> = noPlugins,
): ManagedRuntime.ManagedRuntime<PlatformServices, unknown> =>
  ManagedRuntime.make(
    Layer.mergeAll(
      databaseLayer(config.database),
      Layer.sync(TotpSealing, () => totpKeyring(serverSecret(config).key)),
      plugins,
    ).pipe(Layer.provideMerge(loggingLayer(config.logLevel))),
    { memoMap: Layer.makeMemoMapUnsafe() },
  )
