import type { CalendarDate } from "../calendar/calendar-day.ts"
import type { PartyActivityArrangement } from "../regulation/arrangement.ts"
import type { BilingualText } from "../regulation/bilingual.ts"
import type { RegulationVersionId } from "../regulation/policy.ts"
import type { TripPurpose } from "./purpose.ts"
import type { ApprovalRouting } from "./routing.ts"

/**
 * Where a trip (chuyến đi nước ngoài) stands in its life:
 * `draft → submitted → cell_reviewed → approved | rejected | withdrawn → departed → returned → reported → closed`.
 *
 * Overdue is not a status but two marks on the trip (`overdueReturnSince`, `reportOverdueSince`): a trip
 * overdue to return is still a departed trip — it records its return and may be extended like any
 * other — and a late report is still a report. Statuses would have doubled every transition out of
 * `departed` and `returned` and lost, once the member returned, the fact that they were late: the marks
 * stay on record for violation cases and the "late reports" statistics. {@link tripDisplayStatus}
 * shows them as the states DESIGN lists.
 */
export type TripStatus =
  | "draft"
  | "submitted"
  | "cell_reviewed"
  | "approved"
  | "rejected"
  | "withdrawn"
  | "departed"
  | "returned"
  | "reported"
  | "closed"

export const TRIP_STATUSES: ReadonlyArray<TripStatus> = [
  "draft",
  "submitted",
  "cell_reviewed",
  "approved",
  "rejected",
  "withdrawn",
  "departed",
  "returned",
  "reported",
  "closed",
]

/** A status as lists show it, the overdue marks included. */
export type TripDisplayStatus = TripStatus | "overdue_return" | "report_overdue"

export const TRIP_STATUS_LABELS: Readonly<Record<TripDisplayStatus, BilingualText>> = {
  draft: { vi: "Bản nháp", en: "Draft" },
  submitted: { vi: "Đã gửi đơn", en: "Submitted" },
  cell_reviewed: { vi: "Chi bộ đã cho ý kiến", en: "Cell opinion given" },
  approved: { vi: "Đã đồng ý", en: "Approved" },
  rejected: { vi: "Không đồng ý", en: "Rejected" },
  withdrawn: { vi: "Đã rút đơn", en: "Withdrawn" },
  departed: { vi: "Đang ở nước ngoài", en: "Abroad" },
  returned: { vi: "Đã về nước", en: "Returned" },
  reported: { vi: "Đã báo cáo", en: "Reported" },
  closed: { vi: "Đã kết thúc", en: "Closed" },
  overdue_return: { vi: "Quá hạn về nước", en: "Overdue return" },
  report_overdue: { vi: "Quá hạn báo cáo", en: "Report overdue" },
}

/** Fixed when the request is submitted (đơn đề nghị): what the rest of the workflow is checked against. */
export interface TripSubmission {
  readonly requestedOn: CalendarDate
  /** The regulation the trip falls under for its whole life, by its request date. */
  readonly regulationVersion: RegulationVersionId
  readonly routing: ApprovalRouting
  readonly partyOrgAtDestination: boolean
  /** Recomputed when an extension changes the planned return. */
  readonly arrangement: PartyActivityArrangement
}

/** Ý kiến của chi bộ. A disagreement does not end the request: the committee decides, with it on record. */
export interface CellOpinion {
  readonly verdict: "agree" | "disagree"
  readonly comment: string
  readonly by: string
  readonly on: CalendarDate
}

/** The competent committee's decision (quyết định của cấp ủy có thẩm quyền). */
export interface TripDecision {
  readonly outcome: "approved" | "refused"
  /** Mandatory when refusing. */
  readonly reason: string | null
  readonly committeeId: string
  readonly by: string
  readonly on: CalendarDate
}

/** Đề nghị gia hạn: waits for the routed committee's decision. */
export interface ExtensionRequest {
  readonly newPlannedReturn: CalendarDate
  readonly reason: string
  readonly requestedOn: CalendarDate
}

export interface ReportComment {
  readonly comment: string
  readonly by: string
  readonly on: CalendarDate
}

/** Báo cáo kết quả chuyến đi (Annex III): its text lives in `trip_report`; the workflow keeps the facts. */
export interface TripReport {
  readonly submittedOn: CalendarDate
  /** Submitted after `reportDueOn`. */
  readonly late: boolean
  readonly cellComment: ReportComment | null
  readonly committeeComment: ReportComment | null
}

export interface Trip {
  readonly id: string
  readonly memberId: string
  /** The cell (chi bộ) where the member attends meetings: its secretary gives the opinion. */
  readonly cellId: string
  readonly purpose: TripPurpose
  /** ISO 3166-1 alpha-2 codes. */
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: CalendarDate
  readonly plannedReturn: CalendarDate
  /** Other party members travelling together (for a temporary party group). */
  readonly companionsWhoAreMembers: number
  readonly status: TripStatus
  /**
   * Counts accepted transitions, from 1 for the draft. The persistence layer updates
   * `where revision = <read revision>` (two officers cannot both record the return), and
   * `(trip id, revision)` names each event once, so the outbox can be idempotent.
   */
  readonly revision: number
  readonly submission: TripSubmission | null
  readonly withdrawal: { readonly on: CalendarDate; readonly reason: string | null } | null
  readonly cellOpinion: CellOpinion | null
  readonly decision: TripDecision | null
  readonly actualDeparture: CalendarDate | null
  readonly actualReturn: CalendarDate | null
  readonly pendingExtension: ExtensionRequest | null
  /** Set on return, from the policy's report deadline and the public-holiday calendar. */
  readonly reportDueOn: CalendarDate | null
  readonly report: TripReport | null
  /** First overdue day, once the scheduled check found no return after the planned date. */
  readonly overdueReturnSince: CalendarDate | null
  /** First overdue day, once the scheduled check found no report by its deadline. */
  readonly reportOverdueSince: CalendarDate | null
}

export const tripDisplayStatus = (trip: Trip): TripDisplayStatus => {
  if (trip.status === "departed" && trip.overdueReturnSince !== null) return "overdue_return"
  if (trip.status === "returned" && trip.reportOverdueSince !== null) return "report_overdue"
  return trip.status
}
