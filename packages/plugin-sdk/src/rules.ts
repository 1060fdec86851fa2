import type { PluginContext, PluginMember, PluginTrip } from "./context.ts"
import type { BilingualText } from "./text.ts"

/**
 * The level whose decision a rule may require, above the committee the regulation routes to:
 * - `higher_committee`: the committee above the one that would decide;
 * - `standing_committee`: the tenant's Standing Committee (Ban Thường vụ), the root of its tree.
 */
export type ApprovalLevel = "higher_committee" | "standing_committee"

/** What a rule says of a request. Rules only ever tighten: a plugin cannot waive the regulation. */
export type RuleOutcome =
  /** The request cannot go on; `field` points at the form field to fix, if one. */
  | {
      readonly kind: "block"
      readonly rule: string
      readonly message: BilingualText
      readonly field?: string
    }
  /** Shown to the member and the officers; the request goes on. */
  | { readonly kind: "warn"; readonly rule: string; readonly message: BilingualText }
  /** The decision must be taken at `level` (or higher). */
  | {
      readonly kind: "require_approval"
      readonly rule: string
      readonly level: ApprovalLevel
      readonly message: BilingualText
    }

/** The trip as requested, before it is stored (on `trip.validate` and `trip.route`). */
export interface TripRequestView {
  readonly memberId: string
  readonly purpose: string
  readonly funding: string
  readonly countries: ReadonlyArray<string>
  /** `yyyy-mm-dd` */
  readonly plannedDeparture: string
  readonly plannedReturn: string
  readonly companionsWhoAreMembers: number
  /** This plugin's fields on the request, decoded by their Schemas. */
  readonly fields: Readonly<Record<string, unknown>>
}

export interface TripRuleInput {
  readonly trip: TripRequestView
  readonly member: PluginMember
}

export interface DeadlinesInput {
  readonly trip: PluginTrip
  /** `yyyy-mm-dd` */
  readonly returnedOn: string
  /** The deadline the regulation and the tenant's settings give, before this rule. */
  readonly reportDueOn: string
}

/** A stricter report deadline: the earlier of this and the regulation's applies. */
export type DeadlinesOutcome =
  | { readonly reportDeadline: { readonly kind: "working_days" | "calendar_days"; readonly days: number } }
  | undefined

export type Awaitable<T> = T | Promise<T>

export interface RuleHooks<Config> {
  /** Checks a request when it is submitted (and when a draft is saved). */
  readonly "trip.validate"?: (input: TripRuleInput, ctx: PluginContext<Config>) => Awaitable<ReadonlyArray<RuleOutcome>>
  /** Raises the level that must decide a request, when the regulation's routing is not enough. */
  readonly "trip.route"?: (input: TripRuleInput, ctx: PluginContext<Config>) => Awaitable<ReadonlyArray<RuleOutcome>>
  /** Tightens the after-return report deadline. */
  readonly "trip.deadlines"?: (input: DeadlinesInput, ctx: PluginContext<Config>) => Awaitable<DeadlinesOutcome>
  /** Checks a member's record when it is created or changed. */
  readonly "member.validate"?: (
    input: { readonly member: PluginMember },
    ctx: PluginContext<Config>,
  ) => Awaitable<ReadonlyArray<RuleOutcome>>
}
