import { TotpSealing, totpKeyring } from "@abroad/auth"
import { type Database, type DatabaseOwner, databaseLayer } from "@abroad/db"
import { Layer, ManagedRuntime } from "effect"
import type { ServerConfig } from "./config.ts"
import { loggingLayer } from "./logging.ts"
import { serverSecret } from "./secrets.ts"

export type PlatformServices = Database | DatabaseOwner | TotpSealing

/** The process's one runtime: the database (closed on dispose), the TOTP keyring and the logger. */
export const makeRuntime = (config: ServerConfig): ManagedRuntime.ManagedRuntime<PlatformServices, unknown> =>
  ManagedRuntime.make(
    Layer.mergeAll(
      databaseLayer(config.database),
      Layer.sync(TotpSealing, () => totpKeyring(serverSecret(config).key)),
    ).pipe(Layer.provideMerge(loggingLayer(config.logLevel))),
    { memoMap: Layer.makeMemoMapUnsafe() },
  )
