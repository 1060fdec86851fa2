import type postgres from "postgres"
import { openPostgres } from "../connection.ts"
import type { Dataset } from "../dataset.ts"
import { SCENARIOS } from "../scenarios/index.ts"
import { withExplicitTenant } from "./capture.ts"

/** Raised to roll back a transaction whose work is done: EXPLAIN ANALYZE of a write must leave nothing. */
class RollBack extends Error {}

/** Runs `work` in a transaction that is then rolled back. */
const rolledBack = async (sql: postgres.Sql, work: (tx: postgres.TransactionSql) => Promise<void>) => {
  try {
    await sql.begin(async (tx) => {
      await work(tx)
      throw new RollBack()
    })
  } catch (error) {
    if (!(error instanceof RollBack)) throw error
  }
}

/**
 * `pnpm bench explain`: the plan of each scenario's first statement, as the platform runs it (the
 * request role, under the tenant policy) and as the baseline does (the owner, the tenant explicit),
 * with EXPLAIN (ANALYZE, BUFFERS). Where a target is missed, this is where to look first.
 */
export const explainScenarios = async (
  dataset: Dataset,
  only: ReadonlyArray<string> | undefined,
  print: (line: string) => void,
): Promise<number> => {
  const owner = openPostgres(dataset.ownerUrl)
  const app = openPostgres(dataset.appUrl)
  try {
    const tenantTables = new Set(
      (
        await owner<Array<{ table_name: string }>>`
          select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`
      ).map((row) => row.table_name),
    )
    const tenantId = async (code: string) => {
      const [row] = await owner<Array<{ id: string }>>`select id from tenant where code = ${code}`
      if (row === undefined) throw new Error(`no tenant ${code}`)
      return row.id
    }
    for (const scenario of SCENARIOS.filter((s) => only === undefined || only.includes(s.id))) {
      const prepared = await scenario.prepare({ owner, largestTenants: dataset.largestTenants, tenantId })
      const variant = prepared.variants[0]
      if (variant === undefined) continue
      // All the statements of the request in one transaction each side, rolled back: a write's later
      // statements need its earlier rows, and nothing stays behind.
      print(`\n=== ${scenario.id}: ${variant.request.method} ${variant.request.path}`)
      print(
        `--- as the platform runs it: ${variant.role ?? "abroad_app"}, ${variant.tenantId === null ? "its own policies" : "tenant policy"}`,
      )
      await rolledBack(app, async (tx) => {
        await tx`select set_config('role', ${variant.role ?? "abroad_app"}, true), set_config('app.tenant_id', ${variant.tenantId ?? ""}, true)`
        for (const statement of variant.statements) {
          print(statement.text)
          const plan = await tx.unsafe(`explain (analyze, buffers) ${statement.text}`, statement.params as Array<never>)
          for (const row of plan) print(String(row["QUERY PLAN"]))
        }
      })
      print(`--- as the baseline runs it: owner${variant.tenantId === null ? "" : ", tenant explicit"}`)
      await rolledBack(owner, async (tx) => {
        for (const statement of variant.statements) {
          const explicit =
            variant.tenantId === null ? statement : withExplicitTenant(statement, variant.tenantId, tenantTables)
          const plan = await tx.unsafe(`explain (analyze, buffers) ${explicit.text}`, explicit.params as Array<never>)
          for (const row of plan) print(String(row["QUERY PLAN"]))
        }
      })
    }
    return 0
  } finally {
    await Promise.all([owner.end({ timeout: 5 }), app.end({ timeout: 5 })])
  }
}
