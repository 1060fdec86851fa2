import { mkdirSync } from "node:fs"
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite"
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { unaccent } from "@electric-sql/pglite/contrib/unaccent"
import { Context, Effect, Layer } from "effect"
import { Kysely, type KyselyConfig, PGliteDialect } from "kysely"
import { PostgresJSDialect } from "kysely-postgres-js"
import postgres from "postgres"
import { type DataFolderLock, lockDataFolder } from "./data-folder-lock.ts"
import { DatabaseError, toConnectionError, toDatabaseError } from "./errors.ts"
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
  readonly close: () => Promise<void>
}

export class DatabaseConnection extends Context.Service<DatabaseConnection, Connection>()(
  "@abroad/db/DatabaseConnection",
) {}

// Dates stay 'YYYY-MM-DD' strings on both dialects: a birth date or a planned return is a
// calendar day, and turning it into a JavaScript Date would shift it by the time zone.
// Counts (int8) come back as numbers; nothing we count approaches 2^53.
const DATE_OID = pgliteTypes.DATE
const INT8_OID = pgliteTypes.INT8

/**
 * Called with the text of every statement sent to the request connections, `begin` and
 * `commit` included: how a test counts what one request costs in round trips.
 */
export type StatementListener = (text: string) => void

/** Kysely's query log, narrowed to the statement's text; nothing when nobody listens. */
const statementLog = (listener: StatementListener | undefined): Pick<KyselyConfig, "log"> =>
  listener === undefined
    ? {}
    : {
        // A statement the server refused is logged as an error: it was sent all the same.
        log: (event) => listener(event.query.sql),
      }

export interface PGliteOptions {
  /** Folder that keeps the data between runs; `undefined` keeps it in memory (tests). */
  readonly dataDir: string | undefined
  readonly onStatement?: StatementListener
}

const openPGlite = (options: PGliteOptions): Effect.Effect<Connection, DatabaseError> =>
  Effect.gen(function* () {
    // PGlite creates its own folder but not the folders above it (a fresh clone has no .data/).
    const dataDir = options.dataDir
    if (dataDir !== undefined) {
      yield* Effect.try({
        try: () => mkdirSync(dataDir, { recursive: true }),
        catch: (cause) => folderUnusable(dataDir, cause),
      })
    }
    // Before PGlite touches the folder: a second process writing the same files corrupts them.
    const lock = dataDir === undefined ? undefined : lockDataFolder(dataDir)
    if (lock instanceof DatabaseError) return yield* lock
    return yield* Effect.tryPromise({
      try: () => createPGlite(options, lock),
      catch: (cause) => {
        lock?.release()
        return dataDir === undefined ? toConnectionError(cause) : folderUnusable(dataDir, cause)
      },
    })
  })

/** The folder cannot hold a database (not a folder, no rights, files PGlite cannot read). */
const folderUnusable = (dataDir: string, cause: unknown) =>
  new DatabaseError({
    message:
      `Không mở được cơ sở dữ liệu nhúng trong ${dataDir} (DATA_DIR) / cannot open the embedded database ` +
      `in ${dataDir} (DATA_DIR): ${cause instanceof Error ? cause.message : String(cause)}`,
    unreachable: true,
    cause,
  })

const createPGlite = async (options: PGliteOptions, lock: DataFolderLock | undefined): Promise<Connection> => {
  // One options object: the two-argument constructor ignores the options when the
  // first argument is not a string, and the extensions would silently be missing.
  const pglite = await PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    extensions: { unaccent, pg_trgm, btree_gin },
    parsers: {
      [DATE_OID]: (value: string) => value,
      [INT8_OID]: (value: string) => Number(value),
    },
  })
  const kysely = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), ...statementLog(options.onStatement) })
  const ownerTransaction: Connection["ownerTransaction"] = (work) =>
    pglite.transaction((tx) =>
      work({
        exec: async (script) => {
          await tx.exec(script)
        },
        query: async (text, params) => (await tx.query(text, params ? [...params] : [])).rows as never,
      }),
    )
  const close = async () => {
    try {
      await kysely.destroy()
      // Kysely closes PGlite only if it ever used it; a run that only migrated or seeded
      // (the owner's channel goes to PGlite directly) would leave the data folder open,
      // and the process would not exit.
      if (!pglite.closed) await pglite.close()
    } finally {
      lock?.release()
    }
  }
  return { dialect: "pglite" as const, kysely, ownerTransaction, close }
}

export interface PostgresOptions {
  /** The owner's login: migrations and reference data. */
  readonly url: string
  /**
   * The login that serves requests: a role that is a member of `abroad_app` and nothing more.
   * Without it requests share the owner's login and drop to the app role with `set local role`,
   * which row-level security obeys but which SQL run on that connection could undo
   * (`reset role`): fine for development, not for production.
   */
  readonly appUrl: string | undefined
  /** Connections in the request pool. */
  readonly poolSize: number
  readonly onStatement?: StatementListener
}

const openPostgres = (options: PostgresOptions): Effect.Effect<Connection, DatabaseError> =>
  Effect.try({
    try: () => {
      const pool = (url: string, max: number) =>
        postgres(url, {
          max,
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
      // With a request login of its own, the owner's pool is small: migrations, seeds, readiness.
      const sql = pool(options.url, options.appUrl === undefined ? options.poolSize : 2)
      const requests = options.appUrl === undefined ? sql : pool(options.appUrl, options.poolSize)
      const kysely = new Kysely<DB>({
        dialect: new PostgresJSDialect({ postgres: requests }),
        ...statementLog(options.onStatement),
      })
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
      const close = async () => {
        // Bounded: a connection that died mid-statement may never report back, and a stop
        // must not wait for it forever. Kysely's own destroy then finds the pool ending.
        await Promise.all([requests.end({ timeout: 2 }), sql.end({ timeout: 2 })])
        await kysely.destroy()
      }
      return { dialect: "postgres" as const, kysely, ownerTransaction, close }
    },
    catch: toDatabaseError,
  })

const closeConnection = (connection: Connection) =>
  Effect.tryPromise({ try: () => connection.close(), catch: toDatabaseError }).pipe(
    // Shutting down: a pool that will not close cleanly is reported, and there is nothing more to do.
    Effect.catch((error) =>
      Effect.logWarning("database connection did not close cleanly").pipe(
        Effect.annotateLogs({ cause: error.message }),
      ),
    ),
  )

export const pgliteConnectionLayer = (options: PGliteOptions): Layer.Layer<DatabaseConnection, DatabaseError> =>
  Layer.effect(DatabaseConnection, Effect.acquireRelease(openPGlite(options), closeConnection))

export const postgresConnectionLayer = (options: PostgresOptions): Layer.Layer<DatabaseConnection, DatabaseError> =>
  Layer.effect(DatabaseConnection, Effect.acquireRelease(openPostgres(options), closeConnection))
