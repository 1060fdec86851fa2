import type { CalendarDate } from "../calendar/calendar-day.ts"
import type { PartyActivityArrangement } from "../regulation/arrangement.ts"
import type { RegulationVersionId } from "../regulation/policy.ts"
import type { TripActor } from "./actors.ts"
import type { TripPurpose } from "./purpose.ts"
import type { ApprovalRouting } from "./routing.ts"

/** What each trip event carries besides the common envelope. */
export interface TripEventData {
  "trip.drafted": {
    readonly purpose: TripPurpose
    readonly plannedDeparture: CalendarDate
    readonly plannedReturn: CalendarDate
  }
  "trip.submitted": {
    readonly regulationVersion: RegulationVersionId
    readonly routing: ApprovalRouting
    readonly arrangement: PartyActivityArrangement
  }
  "trip.withdrawn": { readonly reason: string | null }
  "trip.cell_reviewed": { readonly verdict: "agree" | "disagree"; readonly comment: string }
  "trip.approved": { readonly committeeId: string; readonly reason: string | null }
  "trip.rejected": { readonly committeeId: string; readonly reason: string }
  "trip.departed": { readonly on: CalendarDate }
  "trip.returned": { readonly on: CalendarDate; readonly reportDueOn: CalendarDate; readonly late: boolean }
  "trip.extension_requested": { readonly newPlannedReturn: CalendarDate; readonly reason: string }
  "trip.extension_approved": {
    readonly previousPlannedReturn: CalendarDate
    readonly plannedReturn: CalendarDate
    readonly arrangement: PartyActivityArrangement
  }
  "trip.extension_refused": { readonly reason: string }
  "trip.report_submitted": { readonly reportDueOn: CalendarDate; readonly late: boolean }
  "trip.report_commented": { readonly by: "cell" | "committee"; readonly comment: string }
  "trip.closed": Record<string, never>
  "trip.return_overdue": { readonly plannedReturn: CalendarDate; readonly since: CalendarDate }
  "trip.report_overdue": { readonly reportDueOn: CalendarDate; readonly since: CalendarDate }
}

export type TripEventType = keyof TripEventData

/** What a transition says happened, before the machine puts the envelope on. */
export type TripEventBody = {
  [T in TripEventType]: { readonly type: T; readonly data: TripEventData[T] }
}[TripEventType]

/**
 * A domain event about a trip: written with the trip's new row to the outbox (for plugins) and the
 * audit log, in the same transaction. One per accepted command, never one for a refused command.
 */
export type TripEvent = TripEventBody & {
  readonly tripId: string
  readonly memberId: string
  /** The trip's revision after the change: `(tripId, revision)` is the event's identity. */
  readonly revision: number
  readonly occurredOn: CalendarDate
  readonly actor: TripActor
}
