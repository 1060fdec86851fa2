import { recordAudit, TotpSealing, totpKeyring } from "@abroad/auth"
import { type PluginDispatch, pluginDispatchLayer, pluginHostLayer, TripAudit } from "@abroad/core"
import { type Database, type DatabaseOwner, databaseLayer } from "@abroad/db"
import { Layer, ManagedRuntime } from "effect"
import type { ServerConfig } from "./config.ts"
import { loggingLayer, logWriter } from "./logging.ts"
import { serverSecret } from "./secrets.ts"

export type PlatformServices = Database | DatabaseOwner | TotpSealing | PluginDispatch

/**
 * A trip a plugin changed (a departure or return from border records) is audited in the tenant's
 * chain as `plugin:<id>`, with no account.
 */
const pluginAudit = (pluginId: string) =>
  TripAudit.of({
    record: (entry) =>
      recordAudit({
        actorUserId: null,
        actor: `plugin:${pluginId}`,
        action: entry.action,
        entityType: "trip",
        entityId: entry.tripId,
        details: entry.details,
      }),
  })

/**
 * The plugin host: the workspace plugins (`plugins/*`, or `PLUGINS_DIR`), each described by its own
 * code in a worker at start; none is installed anywhere until a tenant's administrator installs it.
 * Its workers end when the runtime is disposed. The dispatch service (events, jobs) sits on it.
 */
const pluginsLayer = (config: ServerConfig) => {
  const log = logWriter(config.logLevel)
  const host = pluginHostLayer({ audit: pluginAudit, log: (level, message, data) => log(level, message, data) })
  return Layer.merge(host, pluginDispatchLayer.pipe(Layer.provide(host)))
}

/** The process's one runtime: the database (closed on dispose), the TOTP keyring, the plugin host and the logger. */
export const makeRuntime = (config: ServerConfig): ManagedRuntime.ManagedRuntime<PlatformServices, unknown> => {
  const database = databaseLayer(config.database)
  return ManagedRuntime.make(
    Layer.mergeAll(
      database,
      Layer.sync(TotpSealing, () => totpKeyring(serverSecret(config).key)),
      pluginsLayer(config).pipe(Layer.provide(database)),
    ).pipe(Layer.provideMerge(loggingLayer(config.logLevel))),
    { memoMap: Layer.makeMemoMapUnsafe() },
  )
}
