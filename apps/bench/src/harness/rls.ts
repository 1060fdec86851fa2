import type postgres from "postgres"
import { freshen, type Statement } from "./capture.ts"

export interface Timing {
  readonly meanMs: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly samples: number
}

export interface RlsCost {
  /** The statement as the platform sends it, as the request role under the tenant policy. */
  readonly policy: Timing
  /** The same statement with `where tenant_id =` explicit, as the owner (no policy applies). */
  readonly explicit: Timing
  /** policy / explicit − 1, on the means: what row-level security alone adds. */
  readonly overhead: number
}

const timingOf = (samples: Array<number>): Timing => {
  const sorted = samples.toSorted((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    meanMs: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    samples: sorted.length,
  }
}

const timed = async (run: () => Promise<unknown>) => {
  const started = performance.now()
  await run()
  return performance.now() - started
}

/**
 * The cost of row-level security alone, measured directly with postgres.js, one statement at a
 * time: the platform's statement in a transaction as the request role with the tenant set
 * (`set_config`, as `withTenant` does), against the same statement with the tenant explicit, run
 * by the owner's login that the policy does not apply to. For the desks across tenants, the
 * oversight or analyst role under its own policies, against the owner with none. Only the statements are timed, not the
 * transaction around them, which is rolled back, so a write scenario leaves nothing behind. The two alternate, so that load on a shared machine falls on both
 * alike, for `seconds` and at least three times each (a slow statement is not cut short).
 */
export const measureRlsCost = async (input: {
  readonly app: postgres.Sql
  readonly owner: postgres.Sql
  /** The tenant of a tenant scenario; null for the desks across tenants, which set none. */
  readonly tenantId: string | null
  /** The role the platform runs the statements as (the request role, the oversight or the analyst role). */
  readonly role: string
  readonly policy: ReadonlyArray<Statement>
  readonly explicit: ReadonlyArray<Statement>
  /** Values a write must not repeat (see `Variant.freshValues`). */
  readonly freshValues?: ReadonlyArray<string>
  readonly seconds: number
}): Promise<RlsCost> => {
  const policySamples: Array<number> = []
  const explicitSamples: Array<number> = []
  const fresh = input.freshValues ?? []
  /** Runs `statements` in a transaction that is rolled back, and returns the statements' time. */
  const inRolledBack = async (
    sql: postgres.Sql,
    statements: ReadonlyArray<Statement>,
    before: (connection: postgres.ReservedSql) => Promise<unknown>,
  ) => {
    const connection = await sql.reserve()
    try {
      await connection`begin`
      await before(connection)
      let total = 0
      for (const statement of freshen(statements, fresh)) {
        total += await timed(() =>
          connection.unsafe(statement.text, statement.params as Array<never>, { prepare: true }),
        )
      }
      await connection`rollback`
      return total
    } finally {
      connection.release()
    }
  }
  const runPolicy = async () =>
    policySamples.push(
      await inRolledBack(
        input.app,
        input.policy,
        (connection) =>
          connection`select set_config('role', ${input.role}, true), set_config('app.tenant_id', ${input.tenantId ?? ""}, true)`,
      ),
    )
  const runExplicit = async () =>
    explicitSamples.push(await inRolledBack(input.owner, input.explicit, async () => undefined))
  // A first round for each warms the plan caches and the buffers; it is not counted.
  await runPolicy()
  await runExplicit()
  policySamples.length = 0
  explicitSamples.length = 0
  const until = performance.now() + input.seconds * 1000
  while (performance.now() < until || policySamples.length < 3) {
    await runPolicy()
    await runExplicit()
  }
  const policy = timingOf(policySamples)
  const explicit = timingOf(explicitSamples)
  return { policy, explicit, overhead: policy.meanMs / explicit.meanMs - 1 }
}
