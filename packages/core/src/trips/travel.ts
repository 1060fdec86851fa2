import { Result } from "effect"
import { addCalendarDays, reportDeadline } from "../calendar/working-days.ts"
import { arrangementFor } from "../regulation/arrangement.ts"
import { compareDates } from "../regulation/calendar-months.ts"
import { isBlank, isOfficer, isRoutedApprover, isTheMember, mayRecordTravel } from "./authority.ts"
import type { CommandOf, TransitionContext } from "./commands.ts"
import { refuse, refuseInStatus } from "./refusal.ts"
import type { Step } from "./step.ts"
import type { Trip } from "./trip.ts"

/** Statuses before any decision: a departure or a return there means leaving without permission. */
const BEFORE_APPROVAL = new Set(["draft", "submitted", "cell_reviewed", "rejected", "withdrawn"])

/** Xuất cảnh: only an approved trip departs, and not before the day it was approved. */
export const recordDeparture = (
  trip: Trip,
  command: CommandOf<"recordDeparture">,
  context: TransitionContext,
): Step => {
  if (BEFORE_APPROVAL.has(trip.status)) return refuse("departure_requires_approval", command.type)
  if (trip.status !== "approved") return refuseInStatus(trip.status, command.type)
  if (!mayRecordTravel(command.actor, trip)) {
    return refuse("travel_recorded_by_member_officer_or_integration", command.type)
  }
  if (compareDates(command.on, context.today) > 0) return refuse("date_in_future", command.type)
  if (trip.decision !== null && compareDates(command.on, trip.decision.on) < 0) {
    return refuse("departure_before_approval", command.type)
  }
  return {
    trip: { ...trip, status: "departed", actualDeparture: command.on },
    event: { type: "trip.departed", data: { on: command.on } },
  }
}

/**
 * Về nước: also from an overdue trip. The report deadline runs from the actual return, by the tenant's
 * rule and the public-holiday calendar (`reportDeadline`, which also moves a calendar-day deadline
 * falling on a day off to the next working day). A pending extension no longer means anything once
 * the member is back, so it is dropped.
 */
export const recordReturn = (trip: Trip, command: CommandOf<"recordReturn">, context: TransitionContext): Step => {
  if (trip.status === "approved") return refuse("return_requires_departure", command.type)
  if (trip.status !== "departed") return refuseInStatus(trip.status, command.type)
  if (!mayRecordTravel(command.actor, trip)) {
    return refuse("travel_recorded_by_member_officer_or_integration", command.type)
  }
  if (compareDates(command.on, context.today) > 0) return refuse("date_in_future", command.type)
  if (trip.actualDeparture !== null && compareDates(command.on, trip.actualDeparture) < 0) {
    return refuse("return_before_departure", command.type)
  }
  if (trip.submission?.regulationVersion !== context.policy.version) {
    return refuse("regulation_version_mismatch", command.type)
  }
  const due = reportDeadline(command.on, context.policy.reportDeadline)
  // Only a return outside the years the holiday calendar knows (an old import) has no computable deadline.
  if (Result.isFailure(due)) return refuse("holiday_calendar_out_of_range", command.type)
  const reportDueOn = due.success
  const late = compareDates(command.on, trip.plannedReturn) > 0
  return {
    trip: { ...trip, status: "returned", actualReturn: command.on, reportDueOn, pendingExtension: null },
    event: { type: "trip.returned", data: { on: command.on, reportDueOn, late } },
  }
}

/** Đề nghị gia hạn: before leaving or while abroad (overdue included), one at a time. */
export const requestExtension = (
  trip: Trip,
  command: CommandOf<"requestExtension">,
  context: TransitionContext,
): Step => {
  if (trip.status !== "approved" && trip.status !== "departed") return refuseInStatus(trip.status, command.type)
  if (!isTheMember(command.actor, trip) && !isOfficer(command.actor)) {
    return refuse("extension_requested_by_member_or_officer", command.type)
  }
  if (trip.pendingExtension !== null) return refuse("extension_already_pending", command.type)
  if (compareDates(command.newPlannedReturn, trip.plannedReturn) <= 0) {
    return refuse("extension_must_move_return_later", command.type)
  }
  if (isBlank(command.reason)) return refuse("extension_needs_reason", command.type)
  const reason = command.reason.trim()
  return {
    trip: {
      ...trip,
      pendingExtension: { newPlannedReturn: command.newPlannedReturn, reason, requestedOn: context.today },
    },
    event: { type: "trip.extension_requested", data: { newPlannedReturn: command.newPlannedReturn, reason } },
  }
}

/**
 * The home committee decides an extension. Approval moves the planned return, recomputes the party
 * activity arrangement (a stay stretched past 3 months now needs a temporary transfer) and, since the
 * stay is now permitted, lifts an overdue-return mark — the `trip.return_overdue` event stays in the log.
 */
export const decideExtension = (
  trip: Trip,
  command: CommandOf<"decideExtension">,
  context: TransitionContext,
): Step => {
  if (trip.status !== "approved" && trip.status !== "departed") return refuseInStatus(trip.status, command.type)
  if (!isRoutedApprover(command.actor, trip)) return refuse("decided_by_routed_committee", command.type)
  const pending = trip.pendingExtension
  if (pending === null || trip.submission === null) return refuse("no_extension_pending", command.type)
  if (command.outcome === "refuse") {
    if (isBlank(command.reason)) return refuse("refusal_needs_reason", command.type)
    const reason = (command.reason ?? "").trim()
    return {
      trip: { ...trip, pendingExtension: null },
      event: { type: "trip.extension_refused", data: { reason } },
    }
  }
  if (trip.purpose === "official_work" && trip.status === "departed" && command.headOfMissionConsent !== true) {
    return refuse("extension_needs_head_of_mission", command.type)
  }
  if (trip.submission.regulationVersion !== context.policy.version) {
    return refuse("regulation_version_mismatch", command.type)
  }
  const arrangement = arrangementFor(
    {
      departure: trip.actualDeparture ?? trip.plannedDeparture,
      plannedReturn: pending.newPlannedReturn,
      purpose: trip.purpose,
      companionsWhoAreMembers: trip.companionsWhoAreMembers,
      partyOrgAtDestination: trip.submission.partyOrgAtDestination,
    },
    context.policy,
  )
  const stillOverdue = compareDates(pending.newPlannedReturn, context.today) < 0
  return {
    trip: {
      ...trip,
      plannedReturn: pending.newPlannedReturn,
      pendingExtension: null,
      submission: { ...trip.submission, arrangement },
      overdueReturnSince: stillOverdue ? trip.overdueReturnSince : null,
    },
    event: {
      type: "trip.extension_approved",
      data: { previousPlannedReturn: trip.plannedReturn, plannedReturn: pending.newPlannedReturn, arrangement },
    },
  }
}

/** Quá hạn về nước: the scheduled check found no return after the planned date. */
export const markOverdueReturn = (
  trip: Trip,
  command: CommandOf<"markOverdueReturn">,
  context: TransitionContext,
): Step => {
  if (trip.status !== "departed") return refuseInStatus(trip.status, command.type)
  if (command.actor.kind !== "scheduler") return refuse("overdue_marked_by_scheduler", command.type)
  if (trip.overdueReturnSince !== null) return refuse("already_marked_overdue", command.type)
  if (compareDates(context.today, trip.plannedReturn) <= 0) return refuse("return_not_overdue_yet", command.type)
  const since = addCalendarDays(trip.plannedReturn, 1)
  return {
    trip: { ...trip, overdueReturnSince: since },
    event: { type: "trip.return_overdue", data: { plannedReturn: trip.plannedReturn, since } },
  }
}
