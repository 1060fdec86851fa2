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
  /**
   * The tenant the statements run for; null for the desks across tenants (oversight, national
   * statistics), whose statements run under their role's own policies with no tenant set.
   */
  readonly tenantId: string | null
  /** The database role the platform runs them as (`Roles` in packages/db): the request role unless said. */
  readonly role?: "abroad_app" | "abroad_oversight" | "abroad_analyst"
  /**
   * Values in the captured parameters that a write must not repeat (the id `randomUUID()` gave the
   * captured trip, say): the baseline puts a fresh UUID in their place, in every parameter and inside
   * JSON text, for each request — so a write scenario's baseline inserts new rows as the platform does.
   */
  readonly freshValues?: ReadonlyArray<string>
}

export interface PreparedScenario {
  /** A scenario that writes: it runs after the reads, and `cleanUp` removes what both sides wrote. */
  readonly writes?: boolean
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
  /** For a write: whether the three sides' first requests (platform, baseline, floor) wrote the same row (in place of the ids above). */
  readonly sameWrite?: () => Promise<boolean>
  /** Removes, as the owner, the rows a write scenario added (run after the scenario, whatever happened). */
  readonly cleanUp?: () => Promise<string>
  /**
   * An extra measurement of the scenario on the running platform (the cost of a plugin's rules, say),
   * reported with it.
   */
  readonly extra?: (platform: {
    readonly url: string
    readonly headers: Readonly<Record<string, string>>
    /** The run's measured seconds per side, to size the measurement. */
    readonly seconds: number
  }) => Promise<ReadonlyArray<ExtraFigure>>
}

/** One figure of a scenario's extra measurement, with its target. */
export interface ExtraFigure {
  readonly name: string
  readonly value: number
  readonly unit: string
  /** The target the value must stay under, if it has one. */
  readonly under?: number
  readonly detail?: Readonly<Record<string, unknown>>
}

/**
 * A benchmark scenario: a request of the platform and the bare baseline of the same SQL. A new
 * scenario (a plugin's trip submission, the oversight view, national statistics) is one more module
 * of this shape in `scenarios/index.ts`.
 */
export interface Scenario {
  readonly id: string
  readonly title: string
  /** The targets of issue 8: p99 latency and throughput against the baseline for the reads; a write has none of its own. */
  readonly targets: { readonly p99Ms?: number; readonly throughputRatio?: number }
  readonly prepare: (context: ScenarioContext) => Promise<PreparedScenario>
}
