import { Layer } from "effect"
import { pgliteConnectionLayer, postgresConnectionLayer, type StatementListener } from "./connection.ts"
import { Database } from "./database.ts"
import type { DatabaseError } from "./errors.ts"
import { DatabaseOwner } from "./owner.ts"

/** Where the data lives: a PostgreSQL server, or the embedded PGlite in a folder (or in memory). */
export type DatabaseLocation =
  | { readonly _tag: "postgres"; readonly url: string; readonly appUrl?: string | undefined; readonly poolSize: number }
  | { readonly _tag: "pglite"; readonly dataDir: string | undefined }

/**
 * `Database` and `DatabaseOwner` over one connection, closed when the layer is released.
 * `onStatement` hears every statement the request connections send (tests count them).
 */
export const databaseLayer = (
  location: DatabaseLocation,
  options: { readonly onStatement?: StatementListener } = {},
): Layer.Layer<Database | DatabaseOwner, DatabaseError> =>
  Layer.mergeAll(Database.layer, DatabaseOwner.layer).pipe(
    Layer.provide(
      location._tag === "postgres"
        ? postgresConnectionLayer({
            url: location.url,
            appUrl: location.appUrl,
            poolSize: location.poolSize,
            ...options,
          })
        : pgliteConnectionLayer({ dataDir: location.dataDir, ...options }),
    ),
  )
