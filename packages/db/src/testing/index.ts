/**
 * Fixtures for suites that must hold on both dialects: a fresh database per suite, dropped
 * after. With CI=true a PostgreSQL server that cannot be reached is a failure, not a skip.
 */
import { randomBytes } from "node:crypto"
import postgres from "postgres"
import type { DialectName } from "../connection.ts"
import type { DatabaseLocation } from "../layers.ts"

export const DIALECTS: ReadonlyArray<DialectName> = ["pglite", "postgres"]

/** The maintenance database of the test server; each suite creates its own database beside it. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"

const IN_CI = process.env.CI === "true"

let reachable: Promise<boolean> | undefined

const probePostgres = async (): Promise<boolean> => {
  const sql = postgres(TEST_POSTGRES_URL, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`select 1`
    return true
  } catch (error) {
    if (IN_CI) {
      throw new Error(
        `PostgreSQL is required under CI=true but is not reachable at ${TEST_POSTGRES_URL}: ${String(error)}`,
      )
    }
    console.warn(
      `\n!!! PostgreSQL is not reachable at ${TEST_POSTGRES_URL}: the PostgreSQL suites are SKIPPED.\n` +
        "!!! Start it, or set TEST_POSTGRES_URL. Under CI=true this is a failure.\n",
    )
    return false
  } finally {
    await sql.end({ timeout: 1 })
  }
}

/** Whether suites for `dialect` can run here; throws under CI=true when PostgreSQL is missing. */
export const dialectAvailable = (dialect: DialectName): Promise<boolean> => {
  if (dialect === "pglite") return Promise.resolve(true)
  reachable ??= probePostgres()
  return reachable
}

export interface TestDatabase {
  readonly dialect: DialectName
  readonly location: DatabaseLocation
  /** The connection URL, for PostgreSQL. */
  readonly url: string | undefined
  /** Drops the database (PostgreSQL); PGlite in memory simply goes away. */
  readonly drop: () => Promise<void>
}

const withAdmin = async <A>(work: (sql: postgres.Sql) => Promise<A>): Promise<A> => {
  const sql = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} })
  try {
    return await work(sql)
  } finally {
    await sql.end({ timeout: 5 })
  }
}

/** The login the PostgreSQL suites serve requests with: a member of `abroad_app`, nothing more. */
export const TEST_APP_LOGIN = "abroad_test_api"

/**
 * Where `db` is reached the production way on PostgreSQL: the owner's login for migrations,
 * and a separate login that is only a member of `abroad_app` for requests. Needs the
 * migrations applied (they create `abroad_app`). PGlite has one superuser connection only.
 */
export const withAppLogin = async (db: TestDatabase, poolSize = 4): Promise<DatabaseLocation> => {
  if (db.location._tag === "pglite" || db.url === undefined) return db.location
  await withAdmin((sql) =>
    sql
      .unsafe(`
      do $$ begin
        -- Suites run in parallel on one server and roles are cluster-wide: tolerate a twin.
        begin
          create role ${TEST_APP_LOGIN} login noinherit nobypassrls;
        exception when duplicate_object or unique_violation then null;
        end;
        -- The request login becomes the app role in a tenant's unit of work, the oversight or
        -- the analyst role in theirs.
        if not pg_has_role('${TEST_APP_LOGIN}', 'abroad_app', 'member') then
          begin
            grant abroad_app to ${TEST_APP_LOGIN};
          exception when unique_violation then null;
          end;
        end if;
        if not pg_has_role('${TEST_APP_LOGIN}', 'abroad_oversight', 'member') then
          begin
            grant abroad_oversight to ${TEST_APP_LOGIN};
          exception when unique_violation then null;
          end;
        end if;
        if not pg_has_role('${TEST_APP_LOGIN}', 'abroad_analyst', 'member') then
          begin
            grant abroad_analyst to ${TEST_APP_LOGIN};
          exception when unique_violation then null;
          end;
        end if;
      end $$;`)
      .simple(),
  )
  const appUrl = new URL(db.url)
  appUrl.username = TEST_APP_LOGIN
  return { _tag: "postgres", url: db.url, appUrl: appUrl.toString(), poolSize }
}

/** A new, empty database of `dialect` (no migrations applied), with its own name on PostgreSQL. */
export const createTestDatabase = async (dialect: DialectName, poolSize = 4): Promise<TestDatabase> => {
  if (dialect === "pglite") {
    return { dialect, location: { _tag: "pglite", dataDir: undefined }, url: undefined, drop: async () => {} }
  }
  const name = `abroad_test_${process.pid}_${randomBytes(4).toString("hex")}`
  await withAdmin((sql) => sql.unsafe(`create database ${name}`))
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  return {
    dialect,
    location: { _tag: "postgres", url: url.toString(), poolSize },
    url: url.toString(),
    drop: () => withAdmin((sql) => sql.unsafe(`drop database if exists ${name} with (force)`)).then(() => undefined),
  }
}
export { tenantTableViolations } from "./schema-check.ts"

/**
 * Makes a PostgreSQL test database unreachable — new connections refused, open ones cut —
 * or reachable again: an outage, for the suites that must show how the platform behaves in one.
 */
export const setDatabaseReachable = async (db: TestDatabase, reachable: boolean): Promise<void> => {
  if (db.url === undefined) throw new Error("setDatabaseReachable works on PostgreSQL test databases only")
  const name = new URL(db.url).pathname.slice(1)
  await withAdmin(async (sql) => {
    await sql.unsafe(`alter database ${name} allow_connections ${reachable ? "true" : "false"}`)
    if (!reachable) {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`
    }
  })
}

/**
 * Holds the migration record of a PostgreSQL test database locked, as a migration running in another
 * process does, until `release`: for the suites that show readiness answering while it waits.
 * `waiters` counts the sessions of that database waiting for a lock meanwhile.
 */
export const holdMigrationRecord = async (
  db: TestDatabase,
): Promise<{ readonly waiters: () => Promise<number>; readonly release: () => Promise<void> }> => {
  if (db.url === undefined) throw new Error("holdMigrationRecord works on PostgreSQL test databases only")
  const sql = postgres(db.url, { max: 1, onnotice: () => {} })
  try {
    const holder = await sql.reserve()
    await holder`begin`
    await holder`lock table schema_migration in access exclusive mode`
    return {
      waiters: async () => {
        const [row] = await holder<Array<{ waiting: number }>>`
          select count(*)::int as waiting from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`
        return row?.waiting ?? 0
      },
      release: async () => {
        try {
          await holder`rollback`
          holder.release()
        } finally {
          await sql.end({ timeout: 2 })
        }
      },
    }
  } catch (error) {
    await sql.end({ timeout: 2 })
    throw error
  }
}
