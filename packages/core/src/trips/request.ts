import { arrangementFor } from "../regulation/arrangement.ts"
import { compareDates } from "../regulation/calendar-months.ts"
import { versionInForce } from "../regulation/policy.ts"
import { isBlank, isCellSecretaryOf, isOfficer, isRoutedApprover, isTheMember, userOf } from "./authority.ts"
import type { CommandOf, TransitionContext } from "./commands.ts"
import { refuse, refuseInStatus } from "./refusal.ts"
import type { Step } from "./step.ts"
import type { Trip } from "./trip.ts"

/** Gửi đơn: the request goes to the cell, under the regulation in force today. */
export const submit = (trip: Trip, command: CommandOf<"submit">, context: TransitionContext): Step => {
  if (trip.status !== "draft") return refuseInStatus(trip.status, command.type)
  if (!isTheMember(command.actor, trip) && !isOfficer(command.actor)) {
    return refuse("submitted_by_member_or_officer", command.type)
  }
  if (compareDates(trip.plannedDeparture, context.today) < 0) return refuse("departure_in_past", command.type)
  const { policy } = context
  if (policy.version !== versionInForce(context.today)) return refuse("regulation_version_mismatch", command.type)
  const arrangement = arrangementFor(
    {
      departure: trip.plannedDeparture,
      plannedReturn: trip.plannedReturn,
      purpose: trip.purpose,
      companionsWhoAreMembers: trip.companionsWhoAreMembers,
      partyOrgAtDestination: command.partyOrgAtDestination,
    },
    policy,
  )
  const submission = {
    requestedOn: context.today,
    regulationVersion: policy.version,
    routing: command.routing,
    partyOrgAtDestination: command.partyOrgAtDestination,
    arrangement,
  }
  return {
    trip: { ...trip, status: "submitted", submission },
    event: {
      type: "trip.submitted",
      data: { regulationVersion: policy.version, routing: command.routing, arrangement },
    },
  }
}

/** Rút đơn: the member changes their mind, any time before the committee decides. */
export const withdraw = (trip: Trip, command: CommandOf<"withdraw">, context: TransitionContext): Step => {
  if (trip.status !== "draft" && trip.status !== "submitted" && trip.status !== "cell_reviewed") {
    return refuseInStatus(trip.status, command.type)
  }
  if (!isTheMember(command.actor, trip)) return refuse("withdrawn_by_member", command.type)
  const reason = isBlank(command.reason) ? null : (command.reason ?? null)
  return {
    trip: { ...trip, status: "withdrawn", withdrawal: { on: context.today, reason } },
    event: { type: "trip.withdrawn", data: { reason } },
  }
}

/** Chi bộ cho ý kiến. */
export const cellOpinion = (trip: Trip, command: CommandOf<"cellOpinion">, context: TransitionContext): Step => {
  if (trip.status !== "submitted") return refuseInStatus(trip.status, command.type)
  if (!isCellSecretaryOf(command.actor, trip)) return refuse("opinion_by_cell_secretary", command.type)
  if (command.verdict === "disagree" && isBlank(command.comment)) {
    return refuse("disagreement_needs_comment", command.type)
  }
  const opinion = {
    verdict: command.verdict,
    comment: command.comment.trim(),
    by: userOf(command.actor),
    on: context.today,
  }
  return {
    trip: { ...trip, status: "cell_reviewed", cellOpinion: opinion },
    event: { type: "trip.cell_reviewed", data: { verdict: opinion.verdict, comment: opinion.comment } },
  }
}

/** Cấp ủy có thẩm quyền quyết định: only after the cell's opinion, only by the routed committee. */
export const decide = (trip: Trip, command: CommandOf<"decide">, context: TransitionContext): Step => {
  if (trip.status === "submitted") return refuse("approval_requires_cell_opinion", command.type)
  if (trip.status !== "cell_reviewed") return refuseInStatus(trip.status, command.type)
  // Only reachable with a submission; the check keeps the type honest.
  if (trip.submission === null || !isRoutedApprover(command.actor, trip)) {
    return refuse("decided_by_routed_committee", command.type)
  }
  const committeeId = trip.submission.routing.committeeId
  const by = userOf(command.actor)
  if (command.outcome === "refuse") {
    if (isBlank(command.reason)) return refuse("refusal_needs_reason", command.type)
    const reason = (command.reason ?? "").trim()
    return {
      trip: {
        ...trip,
        status: "rejected",
        decision: { outcome: "refused", reason, committeeId, by, on: context.today },
      },
      event: { type: "trip.rejected", data: { committeeId, reason } },
    }
  }
  // Hard blocks hold against approval only: refusing a member under review is always possible.
  if (command.member.underDisciplinaryReview) return refuse("member_under_disciplinary_review", command.type)
  if (command.member.underInvestigation) return refuse("member_under_investigation", command.type)
  if (command.member.politicalIssuePending) return refuse("member_political_issue_pending", command.type)
  const reason = isBlank(command.reason) ? null : (command.reason ?? "").trim()
  return {
    trip: {
      ...trip,
      status: "approved",
      decision: { outcome: "approved", reason, committeeId, by, on: context.today },
    },
    event: { type: "trip.approved", data: { committeeId, reason } },
  }
}
