import { createHash } from "node:crypto"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import type { OwnerTransaction } from "./connection.ts"
import { DatabaseConnection } from "./connection.ts"
import { type DatabaseError, MigrationError, toDatabaseError } from "./errors.ts"

/** A plain SQL file from `packages/db/migrations`, named `NNNN_what_it_does.sql`. */
export interface Migration {
  readonly name: string
  readonly sql: string
  readonly checksum: string
}

export interface MigrationStatus {
  readonly applied: ReadonlyArray<string>
  readonly pending: ReadonlyArray<string>
}

export const MIGRATIONS_DIR = join(import.meta.dirname, "..", "migrations")

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/

export const loadMigrations = (dir: string = MIGRATIONS_DIR): ReadonlyArray<Migration> =>
  readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), "utf8")
      return { name: file.replace(/\.sql$/, ""), sql, checksum: createHash("sha256").update(sql).digest("hex") }
    })

// Every migrator, on any process, takes this lock first: two servers starting together
// must not both apply the same migration.
const MIGRATION_LOCK = 7_311_986_001

const BOOKKEEPING = `
  create table if not exists schema_migration (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`

interface AppliedRow {
  readonly name: string
  readonly checksum: string
}

const readApplied = async (tx: OwnerTransaction): Promise<ReadonlyArray<AppliedRow>> => {
  const exists = await tx.query<{ found: boolean }>(
    "select to_regclass('public.schema_migration') is not null as found",
  )
  if (!exists[0]?.found) return []
  return tx.query<AppliedRow>("select name, checksum from schema_migration order by name")
}

/** Fails when a migration that was applied has since been edited or deleted: history is not rewritten. */
const checkHistory = (applied: ReadonlyArray<AppliedRow>, migrations: ReadonlyArray<Migration>): void => {
  const byName = new Map(migrations.map((m) => [m.name, m]))
  for (const row of applied) {
    const file = byName.get(row.name)
    if (file === undefined) {
      throw new Error(`migration ${row.name} was applied to this database but its file is missing`)
    }
    if (file.checksum !== row.checksum) {
      throw new Error(`migration ${row.name} was edited after it was applied; add a new migration instead`)
    }
  }
}

class FailedMigration extends Error {
  readonly migration: string
  readonly original: unknown
  constructor(migration: string, original: unknown) {
    super(original instanceof Error ? original.message : String(original))
    this.migration = migration
    this.original = original
  }
}

/**
 * Applies the pending migrations in order, all in one transaction: if any of them fails,
 * none of the run is kept and the database is exactly as it was. Returns the names applied.
 */
export const migrate = (
  migrations: ReadonlyArray<Migration> = loadMigrations(),
): Effect.Effect<ReadonlyArray<string>, MigrationError, DatabaseConnection> =>
  Effect.gen(function* () {
    const connection = yield* DatabaseConnection
    return yield* Effect.tryPromise({
      try: () =>
        connection.ownerTransaction(async (tx) => {
          await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK])
          const applied = await readApplied(tx)
          checkHistory(applied, migrations)
          const done = new Set(applied.map((row) => row.name))
          const pending = migrations.filter((m) => !done.has(m.name))
          if (pending.length === 0) return []
          await tx.exec(BOOKKEEPING)
          for (const migration of pending) {
            try {
              await tx.exec(migration.sql)
              // `set local role` in a migration lasts to the end of the transaction; the
              // bookkeeping row is written as the connecting user.
              await tx.exec("reset role")
              await tx.query("insert into schema_migration (name, checksum) values ($1, $2)", [
                migration.name,
                migration.checksum,
              ])
            } catch (cause) {
              throw new FailedMigration(migration.name, cause)
            }
          }
          return pending.map((m) => m.name)
        }),
      catch: (cause) =>
        cause instanceof FailedMigration
          ? new MigrationError({
              migration: cause.migration,
              message: `migration ${cause.migration} failed, nothing was applied: ${cause.message}`,
              cause: cause.original,
            })
          : new MigrationError({
              migration: "",
              message: `migrations could not run: ${cause instanceof Error ? cause.message : String(cause)}`,
              cause,
            }),
    })
  })

/**
 * What is applied and what is still pending, without changing anything. The read gives up on the
 * server's side after `limitMs` (its lock and statement timeouts): behind a migration holding the
 * record, it must not leave an owner's connection waiting for the lock after its caller stopped
 * waiting (database.ts passes the budget it waits for).
 */
export const migrationStatus = (
  limitMs: number,
  migrations: ReadonlyArray<Migration> = loadMigrations(),
): Effect.Effect<MigrationStatus, DatabaseError, DatabaseConnection> =>
  Effect.gen(function* () {
    const connection = yield* DatabaseConnection
    const applied = yield* Effect.tryPromise({
      try: () =>
        connection.ownerTransaction(async (tx) => {
          await tx.query("select set_config('lock_timeout', $1, true), set_config('statement_timeout', $1, true)", [
            `${limitMs}ms`,
          ])
          return readApplied(tx)
        }),
      catch: toDatabaseError,
    })
    const done = new Set(applied.map((row) => row.name))
    return {
      applied: applied.map((row) => row.name),
      pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
    }
  })
