export type { TripActor } from "./actors.ts"
export type { TransitionContext, TripCommand, TripCommandType } from "./commands.ts"
export type { TripEvent, TripEventData, TripEventType } from "./events.ts"
export type { MemberStanding } from "./member-standing.ts"
export { TRIP_PURPOSES, type TripPurpose } from "./purpose.ts"
export { RefusalCode, type TripRule, TripTransitionRefused } from "./refusal.ts"
export { type ApprovalRouting, type ManagementLevel, routeApproval } from "./routing.ts"
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
