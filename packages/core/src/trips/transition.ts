import { Result } from "effect"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { compareDates } from "../regulation/calendar-months.ts"
import type { TripActor } from "./actors.ts"
import { isOfficer } from "./authority.ts"
import type { TransitionContext, TripCommand } from "./commands.ts"
import type { TripEvent, TripEventBody } from "./events.ts"
import type { TripPurpose } from "./purpose.ts"
import { refuse, TripTransitionRefused } from "./refusal.ts"
import { close, commentReport, markReportOverdue, submitReport } from "./report.ts"
import { cellOpinion, decide, submit, withdraw } from "./request.ts"
import type { Step } from "./step.ts"
import { decideExtension, markOverdueReturn, recordDeparture, recordReturn, requestExtension } from "./travel.ts"
import type { Trip } from "./trip.ts"

/** An accepted command: the trip as it now stands and the one event that says what happened. */
export interface TransitionOutcome {
  readonly trip: Trip
  readonly events: readonly [TripEvent]
}

export type TransitionResult = Result.Result<TransitionOutcome, TripTransitionRefused>

const step = (trip: Trip, command: TripCommand, context: TransitionContext): Step => {
  switch (command.type) {
    case "submit":
      return submit(trip, command, context)
    case "withdraw":
      return withdraw(trip, command, context)
    case "cellOpinion":
      return cellOpinion(trip, command, context)
    case "decide":
      return decide(trip, command, context)
    case "recordDeparture":
      return recordDeparture(trip, command, context)
    case "recordReturn":
      return recordReturn(trip, command, context)
    case "requestExtension":
      return requestExtension(trip, command, context)
    case "decideExtension":
      return decideExtension(trip, command, context)
    case "submitReport":
      return submitReport(trip, command, context)
    case "commentReport":
      return commentReport(trip, command, context)
    case "close":
      return close(trip, command, context)
    case "markOverdueReturn":
      return markOverdueReturn(trip, command, context)
    case "markReportOverdue":
      return markReportOverdue(trip, command, context)
  }
}

const envelope = (trip: Trip, body: TripEventBody, actor: TripActor, today: CalendarDate): TripEvent => ({
  ...body,
  tripId: trip.id,
  memberId: trip.memberId,
  revision: trip.revision,
  occurredOn: today,
  actor,
})

/**
 * The trip workflow's one state machine: applies `command` to `trip`, or refuses it with the rule
 * that stands in the way. Pure — the caller loads the trip, the member's standing and the policy,
 * and persists the new trip with its event in one transaction (the outbox and the audit log).
 */
export const transition = (trip: Trip, command: TripCommand, context: TransitionContext): TransitionResult => {
  const result = step(trip, command, context)
  if (result instanceof TripTransitionRefused) return Result.fail(result)
  const next: Trip = { ...result.trip, revision: trip.revision + 1 }
  return Result.succeed({ trip: next, events: [envelope(next, result.event, command.actor, context.today)] })
}

/** What a member (or an officer for them) fills in on the request form (đơn đề nghị, Annex I). */
export interface TripDraft {
  readonly id: string
  readonly memberId: string
  readonly cellId: string
  readonly purpose: TripPurpose
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: CalendarDate
  readonly plannedReturn: CalendarDate
  readonly companionsWhoAreMembers: number
}

/** A new trip in `draft`, with its `trip.drafted` event. */
export const draftTrip = (
  draft: TripDraft,
  actor: TripActor,
  context: { readonly today: CalendarDate },
): TransitionResult => {
  if (!(actor.kind === "member" && actor.memberId === draft.memberId) && !isOfficer(actor)) {
    return Result.fail(refuse("submitted_by_member_or_officer", "draft"))
  }
  if (compareDates(draft.plannedReturn, draft.plannedDeparture) < 0) {
    return Result.fail(refuse("planned_return_before_departure", "draft"))
  }
  if (draft.countries.length === 0) return Result.fail(refuse("destination_required", "draft"))
  if (!Number.isInteger(draft.companionsWhoAreMembers) || draft.companionsWhoAreMembers < 0) {
    return Result.fail(refuse("companions_must_be_a_count", "draft"))
  }
  const trip: Trip = {
    id: draft.id,
    memberId: draft.memberId,
    cellId: draft.cellId,
    purpose: draft.purpose,
    countries: [...draft.countries],
    plannedDeparture: draft.plannedDeparture,
    plannedReturn: draft.plannedReturn,
    companionsWhoAreMembers: draft.companionsWhoAreMembers,
    status: "draft",
    revision: 1,
    submission: null,
    withdrawal: null,
    cellOpinion: null,
    decision: null,
    actualDeparture: null,
    actualReturn: null,
    pendingExtension: null,
    reportDueOn: null,
    report: null,
    overdueReturnSince: null,
    reportOverdueSince: null,
  }
  const body: TripEventBody = {
    type: "trip.drafted",
    data: { purpose: trip.purpose, plannedDeparture: trip.plannedDeparture, plannedReturn: trip.plannedReturn },
  }
  return Result.succeed({ trip, events: [envelope(trip, body, actor, context.today)] })
}
