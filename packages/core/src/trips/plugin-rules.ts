import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Result } from "effect"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { reportDeadline } from "../calendar/working-days.ts"
import { pluginMemberOf, pluginTripOf } from "../plugins/bridge.ts"
import type { PluginFailed } from "../plugins/dispatch.ts"
import {
  type PluginOutcome,
  type PluginWarning,
  qualifiedRule,
  runDeadlineHooks,
  runRuleHook,
} from "../plugins/hooks.ts"
import { PluginHost } from "../plugins/host.ts"
import type { Json } from "../plugins/manifest.ts"
import type { RegulationPolicy } from "../regulation/policy.ts"
import { tighten } from "../regulation/tighten.ts"
import { TripInvalid } from "./errors.ts"
import type { ApprovalRouting } from "./routing.ts"
import type { Trip } from "./trip.ts"

/**
 * The tenant's plugins' rules on a trip (`trip.validate`, `trip.route`, `trip.deadlines`), as the
 * workflow applies them: a block refuses the request like the regulation's own rules (422 with the
 * rule), a warning goes back with the trip, a required level raises the routing, a stricter report
 * deadline tightens the policy. Rules only ever tighten.
 */

/** What a plugin's rules said of a request: its warnings, and the higher levels they require. */
export interface RuleVerdict {
  readonly warnings: ReadonlyArray<PluginWarning>
  readonly raise: ReadonlyArray<Extract<PluginOutcome, { kind: "require_approval" }>>
}

/** The trip request as a plugin's rules see it, with that plugin's own fields. */
export interface RequestFacts {
  readonly memberId: string
  readonly purpose: string
  readonly funding: string
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: string
  readonly plannedReturn: string
  readonly companionsWhoAreMembers: number
  readonly extra: Readonly<Record<string, unknown>>
}

const MEMBER_COLUMNS = [
  "id",
  "full_name",
  "citizen_id",
  "party_card_no",
  "birth_date",
  "org_unit_id",
  "status",
  "extra",
] as const

const memberRow = (memberId: string) =>
  tenantQuery((db) =>
    db.selectFrom("member").select(MEMBER_COLUMNS).where("id", "=", memberId).executeTakeFirstOrThrow(),
  )

const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json

const ownFields = (extra: Readonly<Record<string, unknown>>, pluginId: string) => {
  const value = extra[pluginId]
  return value !== null && typeof value === "object" ? value : {}
}

/** Runs `trip.validate` (and at submission `trip.route`) of the tenant's enabled plugins. */
export const requestRules = (
  facts: RequestFacts,
  hooks: ReadonlyArray<"trip.validate" | "trip.route">,
): Effect.Effect<RuleVerdict, DatabaseError | PluginFailed | TripInvalid, TenantTx> =>
  Effect.gen(function* () {
    if ((yield* PluginHost).catalogue.length === 0) return { warnings: [], raise: [] }
    const member = yield* memberRow(facts.memberId)
    const inputFor = (pluginId: string) =>
      asJson({
        trip: {
          memberId: facts.memberId,
          purpose: facts.purpose,
          funding: facts.funding,
          countries: facts.countries,
          plannedDeparture: facts.plannedDeparture,
          plannedReturn: facts.plannedReturn,
          companionsWhoAreMembers: facts.companionsWhoAreMembers,
          fields: ownFields(facts.extra, pluginId),
        },
        member: pluginMemberOf(member, pluginId),
      })
    const outcomes: Array<PluginOutcome> = []
    for (const hook of hooks) outcomes.push(...(yield* runRuleHook(hook, inputFor)))
    const blocks = outcomes.filter((outcome) => outcome.kind === "block")
    if (blocks.length > 0) {
      return yield* new TripInvalid({
        message: {
          vi: "Đơn đề nghị chưa đáp ứng quy định của đơn vị. Xem lỗi của từng trường.",
          en: "The request does not meet the tenant's rules. See the issue of each field.",
        },
        issues: blocks.map((block) => ({
          field: block.kind === "block" && block.field !== undefined ? block.field : "trip",
          rule: qualifiedRule(block.pluginId, block.rule),
          message: block.message,
        })),
      })
    }
    return {
      warnings: outcomes.flatMap((outcome) =>
        outcome.kind === "warn" ? [{ pluginId: outcome.pluginId, rule: outcome.rule, message: outcome.message }] : [],
      ),
      raise: outcomes.flatMap((outcome) => (outcome.kind === "require_approval" ? [outcome] : [])),
    }
  })

/** The facts of a stored trip, for the rules at submission. */
export const storedRequestFacts = (trip: Trip): Effect.Effect<RequestFacts, DatabaseError, TenantTx> =>
  tenantQuery((db) =>
    db.selectFrom("trip").select(["funding", "extra"]).where("id", "=", trip.id).executeTakeFirstOrThrow(),
  ).pipe(
    Effect.map((row) => ({
      memberId: trip.memberId,
      purpose: trip.purpose,
      funding: row.funding,
      countries: trip.countries,
      plannedDeparture: trip.plannedDeparture,
      plannedReturn: trip.plannedReturn,
      companionsWhoAreMembers: trip.companionsWhoAreMembers,
      extra: (row.extra ?? {}) as Record<string, unknown>,
    })),
  )

/**
 * The routing a plugin's `require_approval` asks for: the Standing Committee is the root of the
 * tenant's tree; a higher committee is the one above the committee the regulation routes to. The
 * highest level asked wins; a routing already there stays as it is.
 */
export const raisedRouting = (
  routing: ApprovalRouting,
  raise: RuleVerdict["raise"],
): Effect.Effect<ApprovalRouting, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const standing = raise.find((outcome) => outcome.level === "standing_committee")
    const asked = standing ?? raise[0]
    if (asked === undefined) return routing
    const committeeId =
      standing !== undefined
        ? yield* tenantQuery((db) =>
            db
              .selectFrom("org_unit")
              .select("id")
              .where("parent_id", "is", null)
              .where("kind", "=", "committee")
              .orderBy("created_at")
              .executeTakeFirst(),
          ).pipe(Effect.map((row) => row?.id))
        : yield* tenantQuery((db) =>
            db.selectFrom("org_unit").select("parent_id").where("id", "=", routing.committeeId).executeTakeFirst(),
          ).pipe(Effect.map((row) => row?.parent_id ?? undefined))
    if (committeeId === undefined || committeeId === routing.committeeId) return routing
    return {
      committeeId,
      basis: "higher_committee",
      raisedBy: { pluginId: asked.pluginId, rule: asked.rule, level: asked.level, message: asked.message },
    }
  })

/**
 * The report deadline of a return on `returnedOn`, with the plugins' `trip.deadlines`: a plugin's
 * deadline applies when it falls earlier than the policy's — through `tighten` when it is of the
 * same kind (so `tightenedBy` names the plugin), or as the earlier date for that return otherwise.
 */
export const pluginDeadline = (
  trip: Trip,
  returnedOn: CalendarDate,
  policy: RegulationPolicy,
): Effect.Effect<
  { readonly policy: RegulationPolicy; readonly dueOn?: { readonly date: CalendarDate; readonly pluginId: string } },
  DatabaseError | PluginFailed,
  TenantTx
> =>
  Effect.gen(function* () {
    if ((yield* PluginHost).catalogue.length === 0) return { policy }
    const regulationDue = reportDeadline(returnedOn, policy.reportDeadline)
    if (Result.isFailure(regulationDue)) return { policy }
    const row = yield* tenantQuery((db) =>
      db.selectFrom("trip").select("extra").where("id", "=", trip.id).executeTakeFirstOrThrow(),
    )
    const asked = yield* runDeadlineHooks((pluginId) =>
      asJson({
        trip: pluginTripOf({ ...trip, extra: row.extra }, pluginId),
        returnedOn,
        reportDueOn: regulationDue.success,
      }),
    )
    let best = { policy, due: regulationDue.success as CalendarDate, pluginId: undefined as string | undefined }
    for (const ask of asked) {
      const due = reportDeadline(returnedOn, { kind: ask.kind, days: ask.days })
      if (Result.isFailure(due) || due.success >= best.due) continue
      const tightened = tighten(best.policy, {
        source: ask.pluginId,
        reportDeadline: { kind: ask.kind, days: ask.days },
      })
      best = {
        policy: Result.isSuccess(tightened) ? tightened.success : best.policy,
        due: due.success,
        pluginId: Result.isSuccess(tightened) ? undefined : ask.pluginId,
      }
    }
    return best.pluginId === undefined
      ? { policy: best.policy }
      : { policy: best.policy, dueOn: { date: best.due, pluginId: best.pluginId } }
  })
