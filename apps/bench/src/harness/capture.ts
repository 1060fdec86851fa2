import { randomUUID } from "node:crypto"
import { AnalystTx, type DB, OversightTx, TenantTx } from "@abroad/db"
import { Effect } from "effect"
import {
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Transaction,
} from "kysely"
import type postgres from "postgres"

/** One statement as the platform sends it: the text and its parameters. */
export interface Statement {
  readonly text: string
  readonly params: ReadonlyArray<unknown>
}

/**
 * The SQL a program of the core sends, taken from the program itself rather than copied by hand:
 * it runs against a Kysely whose driver records each compiled statement and answers no rows, in a
 * transaction that `provide` hands to the program as the service it needs. So the baseline serves
 * the very statement the platform does, and follows the core when it changes.
 */
const captureIn = async <A, E>(
  provide: (trx: Transaction<DB>) => Effect.Effect<A, E>,
): Promise<ReadonlyArray<Statement>> => {
  const statements: Array<Statement> = []
  const connection: DatabaseConnection = {
    executeQuery: async (query) => {
      statements.push({ text: query.sql, params: query.parameters })
      return { rows: [] }
    },
    // Nothing is ever streamed from a recording.
    streamQuery: async function* () {},
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  }
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
  try {
    await db.transaction().execute((trx) => Effect.runPromise(provide(trx)))
  } finally {
    await db.destroy()
  }
  return statements
}

/** The SQL of a tenant program (see `captureIn`), in the tenant's transaction. */
export const captureStatements = <A, E>(
  tenantId: string,
  program: Effect.Effect<A, E, TenantTx>,
): Promise<ReadonlyArray<Statement>> =>
  captureIn((trx) => Effect.provideService(program, TenantTx, { tenantId, db: trx }))

/** The SQL of a program of the oversight desk, across tenants. */
export const captureOversightStatements = <A, E>(
  program: Effect.Effect<A, E, OversightTx>,
): Promise<ReadonlyArray<Statement>> => captureIn((trx) => Effect.provideService(program, OversightTx, { db: trx }))

/** The SQL of a program of the national statistics, as the analyst. */
export const captureAnalystStatements = <A, E>(
  program: Effect.Effect<A, E, AnalystTx>,
): Promise<ReadonlyArray<Statement>> => captureIn((trx) => Effect.provideService(program, AnalystTx, { db: trx }))

/**
 * The same statement with the tenant named explicitly, for a connection that row-level security
 * does not apply to: each tenant table it reads is shadowed by a CTE of that tenant's rows.
 * `not materialized` makes PostgreSQL inline them, so the plan is the one of a plain
 * `where tenant_id = $n` on each table.
 */
export const withExplicitTenant = (
  statement: Statement,
  tenantId: string,
  tenantTables: ReadonlySet<string>,
): Statement => {
  const tables = new Set<string>()
  for (const match of statement.text.matchAll(/\b(?:from|join)\s+"?([a-z_]+)"?/gi)) {
    const table = match[1]
    if (table !== undefined && tenantTables.has(table)) tables.add(table)
  }
  if (tables.size === 0) return statement
  const param = `$${statement.params.length + 1}`
  const ctes = [...tables]
    .map((table) => `"${table}" as not materialized (select * from public."${table}" where tenant_id = ${param})`)
    .join(", ")
  // A statement with CTEs of its own (member search's two passes) gets the shadows first in its
  // one WITH list, where its own CTEs can read them.
  const own = /^\s*with\s+/i.exec(statement.text)
  const text = own === null ? `with ${ctes} ${statement.text}` : `with ${ctes}, ${statement.text.slice(own[0].length)}`
  return { text, params: [...statement.params, tenantId] }
}

/**
 * The statements with each of `values` replaced by a new UUID, the same one throughout (inside JSON
 * text too): a write replayed must not insert the captured row's id again.
 */
export const freshen = (
  statements: ReadonlyArray<Statement>,
  values: ReadonlyArray<string>,
): ReadonlyArray<Statement> => {
  if (values.length === 0) return statements
  const replacements = values.map((value) => [value, randomUUID()] as const)
  return statements.map((statement) => ({
    text: statement.text,
    params: statement.params.map((param) =>
      typeof param === "string" ? replacements.reduce((text, [from, to]) => text.replaceAll(from, to), param) : param,
    ),
  }))
}

/** Prepared, with the extended protocol (`simple`: postgres.js reads it, its types omit it). */
const PREPARED = { prepare: true, simple: false } as const

/**
 * Runs `statements` in turn on `sql` and answers the rows of the last, each prepared with the
 * extended protocol as the platform's driver (kysely-postgres-js) sends it: postgres.js's `unsafe`
 * does neither by default, and would plan each statement afresh where the platform reuses the plan
 * of its connection. The first statement is written before this returns, so a `begin` asked just
 * before it goes out in the same write.
 */
export const runPrepared = async (
  sql: postgres.Sql | postgres.ReservedSql,
  statements: ReadonlyArray<Statement>,
): Promise<ReadonlyArray<unknown>> => {
  let rows: ReadonlyArray<unknown> = []
  for (const statement of statements) {
    rows = await sql.unsafe(statement.text, statement.params as Array<never>, PREPARED)
  }
  return rows
}
