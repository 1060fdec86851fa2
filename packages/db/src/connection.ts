import { PGlite, types as pgliteTypes } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { unaccent } from "@electric-sql/pglite/contrib/unaccent"
import { Context, Effect, Layer } from "effect"
import { Kysely, PGliteDialect } from "kysely"
import { PostgresJSDialect } from "kysely-postgres-js"
import postgres from "postgres"
import { type DatabaseError, toDatabaseError } from "./errors.ts"
import type { DB } from "./schema.ts"

export type DialectName = "pglite" | "postgres"

/**
 * The statements a migration or a seed of global reference data needs: plain SQL, run by
 * the connecting (owner) user inside one transaction. Nothing that serves a request uses it.
 */
export interface OwnerTransaction {
  /** Runs a script of one or more statements with the simple protocol (no parameters). */
  readonly exec: (script: string) => Promise<void>
  readonly query: <R extends object = Record<string, unknown>>(
    text: string,
    params?: ReadonlyArray<unknown>,
  ) => Promise<ReadonlyArray<R>>
}

/**
 * One open database, whichever the dialect: the Kysely handle that `Database` wraps in
 * tenant transactions, and the owner's channel for migrations and reference data.
 * Kept internal to this package: the rest of the platform sees only `Database`.
 */
export interface Connection {
  readonly dialect: DialectName
  readonly kysely: Kysely<DB>
  readonly ownerTransaction: <A>(work: (tx: OwnerTransaction) => Promise<A>) => Promise<A>
}

export class DatabaseConnection extends Context.Service<DatabaseConnection, Connection>()(
  "@abroad/db/DatabaseConnection",
) {}

// Dates stay 'YYYY-MM-DD' strings on both dialects: a birth date or a planned return is a
// calendar day, and turning it into a JavaScript Date would shift it by the time zone.
// Counts (int8) come back as numbers; nothing we count approaches 2^53.
const DATE_OID = pgliteTypes.DATE
const INT8_OID = pgliteTypes.INT8

export interface PGliteOptions {
  /** Folder that keeps the data between runs; `undefined` keeps it in memory (tests). */
  readonly dataDir: string | undefined
}

const openPGlite = (options: PGliteOptions): Effect.Effect<Connection, DatabaseError> =>
  Effect.tryPromise({
    try: async () => {
      // One options object: the two-argument constructor ignores the options when the
      // first argument is not a string, and the extensions would silently be missing.
      const pglite = await PGlite.create({
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        extensions: { unaccent, pg_trgm },
        parsers: {
          [DATE_OID]: (value: string) => value,
          [INT8_OID]: (value: string) => Number(value),
        },
      })
      const kysely = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) })
      const ownerTransaction: Connection["ownerTransaction"] = (work) =>
        pglite.transaction((tx) =>
          work({
            exec: async (script) => {
              await tx.exec(script)
            },
            query: async (text, params) => (await tx.query(text, params ? [...params] : [])).rows as never,
          }),
        )
      return { dialect: "pglite" as const, kysely, ownerTransaction }
    },
    catch: toDatabaseError,
  })

export interface PostgresOptions {
  readonly url: string
  /** Connections in the pool. */
  readonly poolSize: number
}

const openPostgres = (options: PostgresOptions): Effect.Effect<Connection, DatabaseError> =>
  Effect.try({
    try: () => {
      const sql = postgres(options.url, {
        max: options.poolSize,
        // The server's NOTICEs ("role already exists, skipping") are not our log lines.
        onnotice: () => {},
        types: {
          date: { to: DATE_OID, from: [DATE_OID], serialize: (v: string) => v, parse: (v: string) => v },
          bigint: {
            to: INT8_OID,
            from: [INT8_OID],
            serialize: (v: number) => String(v),
            parse: (v: string) => Number(v),
          },
        },
        connection: { application_name: "abroad-platform" },
      })
      const kysely = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: sql }) })
      const ownerTransaction: Connection["ownerTransaction"] = async (work) => {
        let result: Awaited<ReturnType<typeof work>> | undefined
        await sql.begin(async (tx) => {
          result = await work({
            exec: async (script) => {
              await tx.unsafe(script).simple()
            },
            query: async (text, params) => (await tx.unsafe(text, (params ?? []) as never[])) as never,
          })
        })
        return result as Awaited<ReturnType<typeof work>>
      }
      return { dialect: "postgres" as const, kysely, ownerTransaction }
    },
    catch: toDatabaseError,
  })

const closeConnection = (connection: Connection) =>
  Effect.promise(() => connection.kysely.destroy()).pipe(Effect.ignore)

export const pgliteConnectionLayer = (options: PGliteOptions): Layer.Layer<DatabaseConnection, DatabaseError> =>
  Layer.effect(DatabaseConnection, Effect.acquireRelease(openPGlite(options), closeConnection))

export const postgresConnectionLayer = (options: PostgresOptions): Layer.Layer<DatabaseConnection, DatabaseError> =>
  Layer.effect(DatabaseConnection, Effect.acquireRelease(openPostgres(options), closeConnection))
