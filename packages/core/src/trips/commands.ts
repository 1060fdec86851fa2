import type { CalendarDate } from "../calendar/calendar-day.ts"
import type { RegulationPolicy } from "../regulation/policy.ts"
import type { TripActor } from "./actors.ts"
import type { MemberStanding } from "./member-standing.ts"
import type { ApprovalRouting } from "./routing.ts"

/** What someone asks of a trip. Facts the machine cannot know (routing, the member's standing) come with it. */
export type TripCommand =
  | {
      readonly type: "submit"
      readonly actor: TripActor
      /** Decided by the caller from the member's management level (`routeApproval`) and local rules. */
      readonly routing: ApprovalRouting
      readonly partyOrgAtDestination: boolean
    }
  | { readonly type: "withdraw"; readonly actor: TripActor; readonly reason?: string }
  | {
      readonly type: "cellOpinion"
      readonly actor: TripActor
      readonly verdict: "agree" | "disagree"
      readonly comment: string
    }
  | {
      readonly type: "decide"
      readonly actor: TripActor
      readonly outcome: "approve" | "refuse"
      /** Mandatory when refusing. */
      readonly reason?: string
      /** Read from the member record at the moment of deciding. */
      readonly member: MemberStanding
    }
  | { readonly type: "recordDeparture"; readonly actor: TripActor; readonly on: CalendarDate }
  | { readonly type: "recordReturn"; readonly actor: TripActor; readonly on: CalendarDate }
  | {
      readonly type: "requestExtension"
      readonly actor: TripActor
      readonly newPlannedReturn: CalendarDate
      readonly reason: string
    }
  | {
      readonly type: "decideExtension"
      readonly actor: TripActor
      readonly outcome: "approve" | "refuse"
      readonly reason?: string
      /** The head of mission's agreement, needed to extend an official-work trip already abroad. */
      readonly headOfMissionConsent?: boolean
    }
  | { readonly type: "submitReport"; readonly actor: TripActor }
  | {
      readonly type: "commentReport"
      readonly actor: TripActor
      readonly by: "cell" | "committee"
      readonly comment: string
    }
  | { readonly type: "close"; readonly actor: TripActor }
  | { readonly type: "markOverdueReturn"; readonly actor: TripActor }
  | { readonly type: "markReportOverdue"; readonly actor: TripActor }

export type TripCommandType = TripCommand["type"]

/** The command of one type, as its handler takes it. */
export type CommandOf<T extends TripCommandType> = Extract<TripCommand, { readonly type: T }>

/** What a transition needs from the world: it reads no clock and no database of its own. */
export interface TransitionContext {
  /** Today in Vietnam (UTC+7): the day the command happens on. */
  readonly today: CalendarDate
  /**
   * The policy of the trip's regulation version, with the tenant's settings and tightenings applied.
   * Before submission, the version in force today.
   */
  readonly policy: RegulationPolicy
}
