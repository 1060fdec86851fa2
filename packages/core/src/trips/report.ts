import { addCalendarDays } from "../calendar/working-days.ts"
import { compareDates } from "../regulation/calendar-months.ts"
import { isBlank, isCellSecretaryOf, isOfficer, isTheMember, speaksForRoutedCommittee, userOf } from "./authority.ts"
import type { CommandOf, TransitionContext } from "./commands.ts"
import { refuse, refuseInStatus } from "./refusal.ts"
import type { Step } from "./step.ts"
import type { Trip } from "./trip.ts"

const BEFORE_RETURN = new Set(["draft", "submitted", "cell_reviewed", "approved", "departed"])

/** Nộp báo cáo kết quả chuyến đi: only after the return; a late report is accepted and marked late. */
export const submitReport = (trip: Trip, command: CommandOf<"submitReport">, context: TransitionContext): Step => {
  if (BEFORE_RETURN.has(trip.status)) return refuse("report_requires_return", command.type)
  if (trip.status !== "returned" || trip.reportDueOn === null) return refuseInStatus(trip.status, command.type)
  if (!isTheMember(command.actor, trip)) return refuse("report_by_member", command.type)
  const reportDueOn = trip.reportDueOn
  const late = compareDates(context.today, reportDueOn) > 0
  return {
    trip: {
      ...trip,
      status: "reported",
      report: { submittedOn: context.today, late, cellComment: null, committeeComment: null },
    },
    event: { type: "trip.report_submitted", data: { reportDueOn, late } },
  }
}

/** Nhận xét báo cáo: once by the cell, once by the committee, in either order. */
export const commentReport = (trip: Trip, command: CommandOf<"commentReport">, context: TransitionContext): Step => {
  if (trip.status !== "reported" || trip.report === null) return refuseInStatus(trip.status, command.type)
  if (command.by === "cell" && !isCellSecretaryOf(command.actor, trip)) {
    return refuse("cell_comment_by_cell_secretary", command.type)
  }
  if (command.by === "committee" && !speaksForRoutedCommittee(command.actor, trip)) {
    return refuse("committee_comment_by_routed_committee", command.type)
  }
  const existing = command.by === "cell" ? trip.report.cellComment : trip.report.committeeComment
  if (existing !== null) return refuse("report_already_commented", command.type)
  if (isBlank(command.comment)) return refuse("comment_needs_text", command.type)
  const comment = { comment: command.comment.trim(), by: userOf(command.actor), on: context.today }
  const report =
    command.by === "cell" ? { ...trip.report, cellComment: comment } : { ...trip.report, committeeComment: comment }
  return {
    trip: { ...trip, report },
    event: { type: "trip.report_commented", data: { by: command.by, comment: comment.comment } },
  }
}

/** Kết thúc hồ sơ: once the report has both comments. */
export const close = (trip: Trip, command: CommandOf<"close">, _context: TransitionContext): Step => {
  if (trip.status !== "reported" || trip.report === null) return refuseInStatus(trip.status, command.type)
  if (!isOfficer(command.actor)) return refuse("closed_by_officer", command.type)
  if (trip.report.cellComment === null || trip.report.committeeComment === null) {
    return refuse("close_requires_comments", command.type)
  }
  return { trip: { ...trip, status: "closed" }, event: { type: "trip.closed", data: {} } }
}

/** Quá hạn báo cáo: the scheduled check found no report by its deadline. The member can still report. */
export const markReportOverdue = (
  trip: Trip,
  command: CommandOf<"markReportOverdue">,
  context: TransitionContext,
): Step => {
  if (trip.status !== "returned" || trip.reportDueOn === null) return refuseInStatus(trip.status, command.type)
  if (command.actor.kind !== "scheduler") return refuse("overdue_marked_by_scheduler", command.type)
  if (trip.reportOverdueSince !== null) return refuse("already_marked_overdue", command.type)
  if (compareDates(context.today, trip.reportDueOn) <= 0) return refuse("report_not_overdue_yet", command.type)
  const since = addCalendarDays(trip.reportDueOn, 1)
  return {
    trip: { ...trip, reportOverdueSince: since },
    event: { type: "trip.report_overdue", data: { reportDueOn: trip.reportDueOn, since } },
  }
}
