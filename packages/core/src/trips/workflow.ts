import { randomUUID } from "node:crypto"
import { type DatabaseError, type TenantTx, type TripFunding, tenantQuery } from "@abroad/db"
import { Effect, Result } from "effect"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { tokenArray } from "../information/keyset.ts"
import { reachOf } from "../members/reach.ts"
import type { Visibility } from "../members/visibility.ts"
import { recordDomainEvent } from "../outbox/record.ts"
import type { PluginFailed } from "../plugins/dispatch.ts"
import type { PluginInputInvalid } from "../plugins/errors.ts"
import { decodePluginFields, type PluginWarning } from "../plugins/hooks.ts"
import { type RegulationPolicy, tenantPolicy, versionInForce } from "../regulation/policy.ts"
import { reportDeadlineSetting } from "../settings/report-deadline.ts"
import type { TripActor } from "./actors.ts"
import { TripAudit } from "./audit.ts"
import { userOf } from "./authority.ts"
import type { TripCommand } from "./commands.ts"
import { TripChanged, TripInvalid, TripNotFound } from "./errors.ts"
import type { TripEvent } from "./events.ts"
import type { MemberStanding } from "./member-standing.ts"
import { pluginDeadline, raisedRouting, requestRules, storedRequestFacts } from "./plugin-rules.ts"
import type { TripPurpose } from "./purpose.ts"
import type { TripTransitionRefused } from "./refusal.ts"
import { type ApprovalRouting, routeApproval } from "./routing.ts"
import { asJsonb, storedTrip, type TripDetail, tripDetail } from "./stored.ts"
import { draftTrip, type TransitionOutcome, transition } from "./transition.ts"
import type { Trip } from "./trip.ts"

/** What a member (or an officer for them) fills in on the request form (đơn đề nghị, Annex I). */
export interface TripRequestForm {
  readonly memberId: string
  readonly purpose: TripPurpose
  readonly funding: TripFunding
  /** ISO 3166-1 alpha-2 codes, in any case; kept upper case, each once, in the order given. */
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: CalendarDate
  readonly plannedReturn: CalendarDate
  readonly companionsWhoAreMembers: number
  /** Người đi cùng: who else travels. */
  readonly companions?: ReadonlyArray<TripCompanion>
  /** Bản cam kết (Annex II): required for a family visit. */
  readonly relativesUndertaking?: RelativesUndertaking
  /** Plugins' fields, under each plugin's id. */
  readonly extra?: Readonly<Record<string, unknown>>
}

export interface TripCompanion {
  readonly fullName: string
  readonly relation: string
  readonly isPartyMember: boolean
}

/** The member's undertaking about relatives abroad, for a family visit (thăm thân). */
export interface RelativesUndertaking {
  readonly relatives: ReadonlyArray<{
    readonly fullName: string
    readonly relation: string
    /** ISO 3166-1 alpha-2. */
    readonly country: string
    readonly address: string
  }>
  /** The member's pledge to the duties of Guidance 30 while visiting them. */
  readonly pledged: boolean
}

type Requested<C extends TripCommand> = C extends { readonly type: "submit" }
  ? Omit<C, "actor" | "routing">
  : C extends { readonly type: "decide" }
    ? Omit<C, "actor" | "member">
    : C extends { readonly type: "submitReport" }
      ? Omit<C, "actor"> & {
          readonly text: string
          /** The report form's fields of the tenant's enabled plugins, under each plugin's id. */
          readonly extra?: Readonly<Record<string, unknown>> | undefined
        }
      : Omit<C, "actor">

/**
 * A command as a caller asks it. What the machine must be told but the caller does not decide is
 * read here from the database, at the moment of the change: the routing from the member's
 * management (`submit`), the member's standing (`decide`). The report's text comes with `submitReport`.
 */
export type TripCommandRequest = Requested<TripCommand>

export type TripChangeError =
  | DatabaseError
  | TripTransitionRefused
  | TripChanged
  | TripInvalid
  | PluginFailed
  | PluginInputInvalid

/** A trip as a change answers it: the detail, and what the tenant's plugins warned of (if anything). */
export type TripWithWarnings = TripDetail & { readonly warnings?: ReadonlyArray<PluginWarning> }

const withWarnings = (detail: TripDetail, warnings: ReadonlyArray<PluginWarning>): TripWithWarnings =>
  warnings.length === 0 ? detail : { ...detail, warnings }

const invalid = (issues: TripInvalid["issues"]) =>
  new TripInvalid({
    message: {
      vi: "Đơn đề nghị chưa hợp lệ. Xem lỗi của từng trường.",
      en: "The request form is not valid. See the issue of each field.",
    },
    issues,
  })

/** Event data without the text a member or an officer wrote: the outbox and the audit log are read more widely. */
const publicFacts = (event: TripEvent): Readonly<Record<string, unknown>> => {
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(event.data)) {
    if (key === "reason") data.hasReason = typeof value === "string" && value !== ""
    else if (key === "comment") data.hasComment = typeof value === "string" && value !== ""
    else if (key === "arrangement") {
      const { kind, forms } = value as { kind: string; forms: ReadonlyArray<string> }
      data[key] = { kind, forms }
    } else data[key] = value
  }
  return {
    memberId: event.memberId,
    revision: event.revision,
    occurredOn: event.occurredOn,
    actorKind: event.actor.kind,
    ...data,
  }
}

/**
 * The three records of an accepted transition, in the transaction of the change: the history row,
 * one outbox event for plugins (`trip.submitted`, …) and one audit entry. `(trip, revision)` names
 * the event: the history's unique key refuses a second one.
 */
export const recordTripEvent = (
  event: TripEvent,
  userId: string | null,
): Effect.Effect<void, DatabaseError, TenantTx | TripAudit> =>
  Effect.gen(function* () {
    yield* insertTripHistory(event, userId)
    const facts = publicFacts(event)
    yield* recordDomainEvent({ type: event.type, entityType: "trip", entityId: event.tripId, payload: facts })
    const audit = yield* TripAudit
    yield* audit.record({ action: event.type, tripId: event.tripId, details: facts })
  })

/** The history row of one event, alone: for data brought in (the demo), which nobody should be notified of. */
export const insertTripHistory = (
  event: TripEvent,
  userId: string | null,
): Effect.Effect<void, DatabaseError, TenantTx> =>
  tenantQuery((db, tenantId) =>
    db
      .insertInto("trip_event")
      .values({
        tenant_id: tenantId,
        trip_id: event.tripId,
        revision: event.revision,
        type: event.type,
        actor_kind: event.actor.kind,
        actor_user_id: userId,
        actor: userOf(event.actor),
        occurred_on: event.occurredOn,
        data: asJsonb(event.data),
      })
      .execute(),
  ).pipe(Effect.asVoid)

/** The columns that repeat the record, for lists to filter by. */
const projection = (trip: Trip) => ({
  status: trip.status,
  planned_departure: trip.plannedDeparture,
  planned_return: trip.plannedReturn,
  actual_departure: trip.actualDeparture,
  actual_return: trip.actualReturn,
  companions_who_are_members: trip.companionsWhoAreMembers,
  routing_committee_id: trip.submission?.routing.committeeId ?? null,
  routing_basis: trip.submission?.routing.basis ?? null,
  regulation_version: trip.submission?.regulationVersion ?? null,
  arrangement_kind: trip.submission?.arrangement.kind ?? null,
  report_due_on: trip.reportDueOn,
  report_submitted_on: trip.report?.submittedOn ?? null,
  overdue_return_since: trip.overdueReturnSince,
  report_overdue_since: trip.reportOverdueSince,
  revision: trip.revision,
  record: asJsonb(trip),
})

/** Writes a new trip, fresh from `draftTrip`. */
export const insertTrip = (
  trip: Trip,
  extras: {
    readonly funding: TripFunding
    readonly createdBy: string | null
    readonly companions?: ReadonlyArray<TripCompanion>
    readonly relativesUndertaking?: RelativesUndertaking | null
    /** Plugins' fields, decoded by their Schemas, under each plugin's id. */
    readonly extra?: Readonly<Record<string, unknown>>
  },
): Effect.Effect<void, DatabaseError, TenantTx> =>
  tenantQuery((db, tenantId) =>
    db
      .insertInto("trip")
      .values({
        tenant_id: tenantId,
        id: trip.id,
        member_id: trip.memberId,
        cell_id: trip.cellId,
        purpose: trip.purpose,
        funding: extras.funding,
        countries: tokenArray(trip.countries, "char(2)[]"),
        created_by: extras.createdBy,
        companions: asJsonb(extras.companions ?? []),
        relatives_undertaking: extras.relativesUndertaking ? asJsonb(extras.relativesUndertaking) : null,
        ...(extras.extra === undefined ? {} : { extra: asJsonb(extras.extra) }),
        ...projection(trip),
      })
      .execute(),
  ).pipe(Effect.asVoid)

/**
 * Writes the trip as the machine left it, if it still has the revision it was read at: otherwise
 * someone changed it meanwhile (on PostgreSQL the update waits for that change to commit, then
 * finds the revision moved on), and nothing is written.
 */
export const updateTrip = (
  trip: Trip,
  readRevision: number,
): Effect.Effect<void, DatabaseError | TripChanged, TenantTx> =>
  tenantQuery((db) =>
    db
      .updateTable("trip")
      .set({ ...projection(trip), updated_at: new Date() })
      .where("id", "=", trip.id)
      .where("revision", "=", readRevision)
      .executeTakeFirst(),
  ).pipe(
    Effect.flatMap((result) =>
      Number(result.numUpdatedRows) === 1 ? Effect.void : Effect.fail(TripChanged.at(readRevision + 1)),
    ),
  )

/**
 * The policy a transition of `trip` runs under on `today`: the trip's regulation version (the one
 * in force today before it is submitted) with the tenant's report-deadline setting — its default
 * too, which is what the settings page shows the tenant's administrator.
 */
export const tripPolicy = (trip: Trip, today: CalendarDate): Effect.Effect<RegulationPolicy, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const setting = yield* reportDeadlineSetting
    const version = trip.submission?.regulationVersion ?? versionInForce(today)
    const policy = tenantPolicy(version, { reportDeadline: setting.value })
    // The setting's Schema admits only what the regulation allows; a refusal here is a defect.
    if (Result.isFailure(policy)) return yield* Effect.die(policy.failure)
    return policy.success
  })

/** The member's unit and management: what routing and the hard blocks are read from. */
const memberFacts = (memberId: string) =>
  tenantQuery((db) =>
    db
      .selectFrom("member")
      .innerJoin("org_unit", (join) =>
        join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
      )
      .select([
        "member.status",
        "member.political_issue_pending",
        "member.managed_by_unit_id",
        "org_unit.id as unit_id",
        "org_unit.kind as unit_kind",
        "org_unit.parent_id as unit_parent_id",
      ])
      .where("member.id", "=", memberId)
      .executeTakeFirstOrThrow(),
  )

/**
 * The committee competent for the member (cấp ủy có thẩm quyền): the one named in the member's
 * record when a higher committee manages them (diện cấp ủy cấp trên quản lý), otherwise the
 * committee directly above the member's cell.
 */
export const routingOf = (memberId: string): Effect.Effect<ApprovalRouting, DatabaseError, TenantTx> =>
  memberFacts(memberId).pipe(
    Effect.map((member) =>
      routeApproval(
        member.managed_by_unit_id !== null
          ? { kind: "higher_committee", committeeId: member.managed_by_unit_id }
          : {
              kind: "direct",
              committeeId: member.unit_kind === "cell" ? (member.unit_parent_id ?? member.unit_id) : member.unit_id,
            },
      ),
    ),
  )

/** The member's standing as the record says now: a review, an investigation, a political issue pending. */
export const standingOf = (memberId: string): Effect.Effect<MemberStanding, DatabaseError, TenantTx> =>
  memberFacts(memberId).pipe(
    Effect.map((member) => ({
      underDisciplinaryReview: member.status === "under_review",
      underInvestigation: member.status === "under_investigation",
      politicalIssuePending: member.political_issue_pending,
    })),
  )

const completeCommand = (
  request: TripCommandRequest,
  actor: TripActor,
  trip: Trip,
): Effect.Effect<TripCommand, DatabaseError, TenantTx> => {
  switch (request.type) {
    case "submit":
      return routingOf(trip.memberId).pipe(Effect.map((routing) => ({ ...request, actor, routing })))
    case "decide":
      return standingOf(trip.memberId).pipe(Effect.map((member) => ({ ...request, actor, member })))
    case "submitReport":
      return Effect.succeed({ type: "submitReport", actor })
    default:
      return Effect.succeed({ ...request, actor } as TripCommand)
  }
}

/**
 * Applies a command to a loaded trip and writes what it changed; refusals write nothing. At
 * submission the tenant's plugins' rules run first (a block refuses, a required level raises the
 * routing); at the return their stricter report deadlines apply.
 */
export const applyToTrip = (
  trip: Trip,
  request: TripCommandRequest,
  actor: TripActor,
  options: { readonly today: CalendarDate; readonly userId: string | null },
): Effect.Effect<
  TransitionOutcome & { readonly warnings: ReadonlyArray<PluginWarning> },
  TripChangeError,
  TenantTx | TripAudit
> =>
  Effect.gen(function* () {
    const reportText = request.type === "submitReport" ? request.text.normalize("NFC").trim() : undefined
    if (reportText === "") {
      const message = { vi: "Báo cáo không được để trống.", en: "The report cannot be empty." }
      return yield* new TripInvalid({ message, issues: [{ field: "text", rule: "report.text_required", message }] })
    }
    const reportExtra =
      request.type === "submitReport"
        ? yield* decodePluginFields("tripReport", request.extra, { purpose: trip.purpose })
        : undefined
    const verdict =
      request.type === "submit"
        ? yield* requestRules(yield* storedRequestFacts(trip), ["trip.validate", "trip.route"])
        : { warnings: [], raise: [] }
    const completed = yield* completeCommand(request, actor, trip)
    const command: TripCommand =
      completed.type === "submit" && verdict.raise.length > 0
        ? { ...completed, routing: yield* raisedRouting(completed.routing, verdict.raise) }
        : completed
    const regulationPolicy = yield* tripPolicy(trip, options.today)
    const deadline =
      request.type === "recordReturn"
        ? yield* pluginDeadline(trip, request.on, regulationPolicy)
        : { policy: regulationPolicy }
    const result = transition(trip, command, { today: options.today, policy: deadline.policy })
    if (Result.isFailure(result)) return yield* result.failure
    const outcome = deadline.dueOn === undefined ? result.success : dueOnFromPlugin(result.success, deadline.dueOn.date)
    yield* updateTrip(outcome.trip, trip.revision)
    if (reportText !== undefined) {
      yield* tenantQuery((db, tenantId) =>
        db
          .insertInto("trip_report")
          .values({
            tenant_id: tenantId,
            trip_id: trip.id,
            body: reportText,
            submitted_by: options.userId,
            extra: asJsonb(reportExtra ?? {}),
          })
          .execute(),
      )
    }
    yield* recordTripEvent(outcome.events[0], options.userId)
    return { ...outcome, warnings: verdict.warnings }
  })

/** A return whose report is due earlier by a plugin's rule than by the policy: the trip and its event say so. */
const dueOnFromPlugin = (outcome: TransitionOutcome, dueOn: CalendarDate): TransitionOutcome => ({
  ...outcome,
  trip: { ...outcome.trip, reportDueOn: dueOn },
  events: outcome.events.map((event) =>
    event.type === "trip.returned" ? ({ ...event, data: { ...event.data, reportDueOn: dueOn } } as TripEvent) : event,
  ) as unknown as TransitionOutcome["events"],
})

/**
 * Files a request (đơn đề nghị) as a draft, for a member within the writer's reach, to countries
 * the platform knows. Writes `trip.drafted` with its history row and audit entry.
 */
export const createTrip = (input: {
  readonly form: TripRequestForm
  readonly visibility: Visibility
  /** The member themself, or an officer for them. */
  readonly actor: TripActor
  readonly today: CalendarDate
  /** The account acting. */
  readonly userId: string | null
}): Effect.Effect<
  TripWithWarnings,
  DatabaseError | TripInvalid | TripTransitionRefused | PluginInputInvalid | PluginFailed,
  TenantTx | TripAudit
> =>
  Effect.gen(function* () {
    const { form } = input
    // The plugins' fields first: a field their Schemas refuse is bad input (400), before any rule.
    const extra = yield* decodePluginFields("tripRequest", form.extra, { purpose: form.purpose })
    const issues: Array<TripInvalid["issues"][number]> = []
    const member = yield* tenantQuery((db) =>
      db
        .selectFrom("member")
        .innerJoin("org_unit", (join) =>
          join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
        )
        .select(["member.id", "member.org_unit_id"])
        .where("member.id", "=", form.memberId)
        .where(reachOf(input.visibility))
        .executeTakeFirst(),
    )
    if (member === undefined) {
      issues.push({
        field: "memberId",
        rule: "member.unknown",
        message: {
          vi: "Không có đảng viên này trong phạm vi của bạn.",
          en: "There is no such member within your scope.",
        },
      })
    }
    const countries = [...new Set(form.countries.map((code) => code.trim().toUpperCase()))]
    const known =
      countries.length === 0
        ? []
        : yield* tenantQuery((db) => db.selectFrom("country").select("code").where("code", "in", countries).execute())
    const unknown = countries.filter((code) => !known.some((row) => row.code === code))
    if (unknown.length > 0) {
      issues.push({
        field: "countries",
        rule: "country.unknown",
        message: {
          vi: `Mã quốc gia không có trong danh mục: ${unknown.join(", ")}.`,
          en: `Not a country of ISO 3166-1: ${unknown.join(", ")}.`,
        },
      })
    }
    if (form.purpose === "private_family_visit") {
      const undertaking = form.relativesUndertaking
      if (undertaking === undefined || undertaking.relatives.length === 0 || !undertaking.pledged) {
        issues.push({
          field: "relativesUndertaking",
          rule: "relatives_undertaking.required",
          message: {
            vi: "Đi thăm thân phải kèm bản cam kết (Phụ lục II): thân nhân ở nước ngoài và lời cam kết.",
            en: "A family visit needs the undertaking (Annex II): the relatives abroad and the member's pledge.",
          },
        })
      } else {
        const relativeCountries = undertaking.relatives.map((relative) => relative.country.toUpperCase())
        const knownRelative = yield* tenantQuery((db) =>
          db.selectFrom("country").select("code").where("code", "in", relativeCountries).execute(),
        )
        const strangers = relativeCountries.filter((code) => !knownRelative.some((row) => row.code === code))
        if (strangers.length > 0) {
          issues.push({
            field: "relativesUndertaking",
            rule: "country.unknown",
            message: {
              vi: `Mã quốc gia của thân nhân không có trong danh mục: ${strangers.join(", ")}.`,
              en: `A relative's country is not in ISO 3166-1: ${strangers.join(", ")}.`,
            },
          })
        }
      }
    }
    if (member === undefined || issues.length > 0) return yield* invalid(issues)
    const companions = form.companions ?? []
    const verdict = yield* requestRules(
      {
        memberId: member.id,
        purpose: form.purpose,
        funding: form.funding,
        countries,
        plannedDeparture: form.plannedDeparture,
        plannedReturn: form.plannedReturn,
        companionsWhoAreMembers: form.companionsWhoAreMembers,
        extra,
      },
      ["trip.validate"],
    )
    const drafted = draftTrip(
      {
        id: randomUUID(),
        memberId: member.id,
        cellId: member.org_unit_id,
        purpose: form.purpose,
        countries,
        plannedDeparture: form.plannedDeparture,
        plannedReturn: form.plannedReturn,
        companionsWhoAreMembers: Math.max(
          form.companionsWhoAreMembers,
          companions.filter((companion) => companion.isPartyMember).length,
        ),
      },
      input.actor,
      { today: input.today },
    )
    if (Result.isFailure(drafted)) return yield* drafted.failure
    const { trip, events } = drafted.success
    yield* insertTrip(trip, {
      funding: form.funding,
      createdBy: input.userId,
      companions: companions.map((companion) => ({
        ...companion,
        fullName: companion.fullName.normalize("NFC").trim(),
      })),
      relativesUndertaking: form.relativesUndertaking ?? null,
      extra,
    })
    yield* recordTripEvent(events[0], input.userId)
    // The member is within reach (checked above), so is their new trip: not finding it is a defect.
    const detail = yield* tripDetail(trip.id, input.visibility).pipe(
      Effect.catchIf(
        (error): error is TripNotFound => error instanceof TripNotFound,
        (error) => Effect.die(error),
      ),
    )
    return withWarnings(detail, verdict.warnings)
  })

/**
 * Asks the machine to change a trip the caller reaches, and writes the change with its three
 * records. Who acts may depend on the trip — the secretary of its cell, an approver of the committee
 * it was routed to — so the caller passes `actor` as a function of it. With `expectedRevision`, a
 * trip that moved on since the caller read it is not changed (409), whatever the command.
 */
export const changeTrip = (input: {
  readonly tripId: string
  readonly visibility: Visibility
  readonly request: TripCommandRequest
  readonly actor: (trip: Trip) => TripActor
  readonly today: CalendarDate
  readonly userId: string | null
  readonly expectedRevision?: number | undefined
}): Effect.Effect<TripWithWarnings, TripChangeError | TripNotFound, TenantTx | TripAudit> =>
  Effect.gen(function* () {
    const trip = yield* storedTrip(input.tripId, input.visibility)
    if (input.expectedRevision !== undefined && input.expectedRevision !== trip.revision) {
      return yield* TripChanged.at(trip.revision)
    }
    const { warnings } = yield* applyToTrip(trip, input.request, input.actor(trip), {
      today: input.today,
      userId: input.userId,
    })
    return withWarnings(yield* tripDetail(input.tripId, input.visibility), warnings)
  })
