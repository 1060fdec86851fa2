import type postgres from "postgres"
import type { BenchAccount } from "../accounts.ts"
import type { Statement } from "../harness/capture.ts"

/** What a scenario may look up while it prepares: the bench database, as its owner, and the data set. */
export interface ScenarioContext {
  readonly owner: postgres.Sql
  /** Tenant codes with bench accounts, largest first. */
  readonly largestTenants: ReadonlyArray<string>
  readonly tenantId: (code: string) => Promise<string>
}

/** One request of the platform's side, as the load generator sends it. */
export interface PlatformRequest {
  readonly method: "GET" | "POST"
  readonly path: string
  readonly body?: string
}

/** One variant of a scenario: the platform's request and the statement(s) the baseline serves for it. */
export interface Variant {
  readonly request: PlatformRequest
  /** The statements the platform runs for this request, as captured from the core, tenant-scoped by RLS. */
  readonly statements: ReadonlyArray<Statement>
  /** The tenant the statements run for. */
  readonly tenantId: string
  /**
   * Values in the captured parameters that a write must not repeat (the id `randomUUID()` gave the
   * captured trip, say): the baseline puts a fresh UUID in their place, in every parameter and inside
   * JSON text, for each request — so a write scenario's baseline inserts new rows as the platform does.
   */
  readonly freshValues?: ReadonlyArray<string>
}

export interface PreparedScenario {
  /** Who signs in to drive the platform's side. */
  readonly account: BenchAccount
  /** Requests cycled through by the load generator; the baseline serves variant `i` at `?v=i`. */
  readonly variants: ReadonlyArray<Variant>
  /**
   * The ids the platform's answer lists, in order, to compare with the baseline's rows: both sides
   * must answer the same, or the comparison measures two different things.
   */
  readonly idsOfPlatformAnswer: (body: unknown) => ReadonlyArray<string>
  readonly idsOfBaselineRows: (rows: ReadonlyArray<Record<string, unknown>>) => ReadonlyArray<string>
}

/**
 * A benchmark scenario: a request of the platform and the bare baseline of the same SQL. A new
 * scenario (a plugin's trip submission, the oversight view, national statistics) is one more module
 * of this shape in `scenarios/index.ts`.
 */
export interface Scenario {
  readonly id: string
  readonly title: string
  /** The targets of issue 8 for this scenario. */
  readonly targets: { readonly p99Ms: number; readonly throughputRatio: number }
  readonly prepare: (context: ScenarioContext) => Promise<PreparedScenario>
}
