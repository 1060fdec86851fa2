import { type Database, type DatabaseOwner, databaseLayer } from "@abroad/db"
import { Layer, ManagedRuntime } from "effect"
import type { ServerConfig } from "./config.ts"
import { loggingLayer } from "./logging.ts"

export type PlatformServices = Database | DatabaseOwner

/** The process's one runtime: the database (closed on dispose) and the logger. */
export const makeRuntime = (config: ServerConfig): ManagedRuntime.ManagedRuntime<PlatformServices, unknown> =>
  ManagedRuntime.make(databaseLayer(config.database).pipe(Layer.provideMerge(loggingLayer(config.logLevel))), {
    memoMap: Layer.makeMemoMapUnsafe(),
  })
