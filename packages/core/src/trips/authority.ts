import type { TripActor } from "./actors.ts"
import type { Trip } from "./trip.ts"

/** The traveller themself. */
export const isTheMember = (actor: TripActor, trip: Trip): boolean =>
  actor.kind === "member" && actor.memberId === trip.memberId

export const isOfficer = (actor: TripActor): boolean => actor.kind === "officer"

/** The secretary of the cell where the member attends meetings. */
export const isCellSecretaryOf = (actor: TripActor, trip: Trip): boolean =>
  actor.kind === "cell_secretary" && actor.cellId === trip.cellId

/** An approver of the committee the trip was routed to on submission. */
export const isRoutedApprover = (actor: TripActor, trip: Trip): boolean =>
  actor.kind === "approver" && trip.submission !== null && actor.committeeId === trip.submission.routing.committeeId

/** Anyone speaking for the routed committee: its approver or one of its officers. */
export const speaksForRoutedCommittee = (actor: TripActor, trip: Trip): boolean =>
  (actor.kind === "approver" || actor.kind === "officer") &&
  trip.submission !== null &&
  actor.committeeId === trip.submission.routing.committeeId

/** Whoever may record a departure or a return: the member, an officer or a border-records feed. */
export const mayRecordTravel = (actor: TripActor, trip: Trip): boolean =>
  isTheMember(actor, trip) || actor.kind === "officer" || actor.kind === "integration"

export const userOf = (actor: TripActor): string => {
  switch (actor.kind) {
    case "member":
      return `member:${actor.memberId}`
    case "officer":
    case "cell_secretary":
    case "approver":
      return actor.userId
    case "integration":
      return `integration:${actor.source}`
    case "scheduler":
      return "scheduler"
  }
}

/** Empty or only spaces: a reason that says nothing. */
export const isBlank = (text: string | undefined): boolean => text === undefined || text.trim() === ""
