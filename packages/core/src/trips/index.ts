export type { TripActor } from "./actors.ts"
export { TripAudit, type TripAuditEntry } from "./audit.ts"
export type { TransitionContext, TripCommand, TripCommandType } from "./commands.ts"
export {
  ABROAD,
  INBOX_REASONS,
  type InboxItem,
  type InboxReason,
  listTrips,
  OVERDUE,
  TRIP_CURSOR,
  type TripDesks,
  type TripFilter,
  type TripPage,
  tripInbox,
} from "./directory.ts"
export { TripChanged, TripInvalid, TripNotFound } from "./errors.ts"
export type { TripEvent, TripEventData, TripEventType } from "./events.ts"
export type { MemberStanding } from "./member-standing.ts"
export { checkOverdueTrips, markOverdueTrips, type OverdueMarks, type TenantOverdueCheck } from "./overdue.ts"
export { TRIP_PURPOSES, type TripPurpose } from "./purpose.ts"
export { RefusalCode, type TripRule, TripTransitionRefused } from "./refusal.ts"
export { type ApprovalRouting, type ManagementLevel, routeApproval } from "./routing.ts"
export {
  findTrip,
  TRIP_FUNDINGS,
  type TripDetail,
  type TripHistoryEntry,
  type TripRecord,
  tripDetail,
} from "./stored.ts"
export { draftTrip, type TransitionOutcome, type TransitionResult, type TripDraft, transition } from "./transition.ts"
export {
  type CellOpinion,
  type ExtensionRequest,
  type ReportComment,
  TRIP_STATUS_LABELS,
  TRIP_STATUSES,
  type Trip,
  type TripDecision,
  type TripDisplayStatus,
  type TripReport,
  type TripStatus,
  type TripSubmission,
  tripDisplayStatus,
} from "./trip.ts"
export {
  changeTrip,
  createTrip,
  insertTrip,
  recordTripEvent,
  routingOf,
  standingOf,
  type TripCommandRequest,
  type TripRequestForm,
} from "./workflow.ts"
