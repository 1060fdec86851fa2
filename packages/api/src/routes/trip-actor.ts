import { type GrantScope, scopeOf, type TenantAccess } from "@abroad/auth"
import type { Trip, TripActor, TripDesks, Visibility } from "@abroad/core"

/**
 * Who the caller is to a trip, from their grants: the route has checked the capability, the
 * machine checks what only the trip knows (this cell's secretary, the committee it was routed to).
 *
 * A grant over a unit speaks for that unit — a cell secretary for that cell, an approver or an
 * officer for that committee. A grant over the whole tenant speaks for any cell or committee of it.
 * A caller with no grant of the role gets an actor that speaks for nothing, so the machine refuses
 * with its rule (403) rather than the route guessing.
 */

type DeskRole = "officer" | "approver" | "cell_secretary"

const grantsOf = (access: TenantAccess, role: DeskRole): ReadonlyArray<GrantScope> =>
  access.grants.filter((grant) => grant.role === role)

/** The unit the caller's grant of `role` speaks for, when it speaks for `unitId`; else their first unit. */
const unitFor = (access: TenantAccess, role: DeskRole, unitId: string | null): string => {
  const grants = grantsOf(access, role)
  if (grants.some((grant) => grant.orgUnitId === null) && unitId !== null) return unitId
  const exact = grants.find((grant) => grant.orgUnitId !== null && grant.orgUnitId === unitId)
  // An empty id matches no cell or committee: the machine refuses with the rule that names who may.
  return exact?.orgUnitId ?? grants.find((grant) => grant.orgUnitId !== null)?.orgUnitId ?? ""
}

const routedCommittee = (trip: Trip): string | null => trip.submission?.routing.committeeId ?? null

export const officerFor =
  (access: TenantAccess, userId: string) =>
  (trip: Trip): TripActor => ({
    kind: "officer",
    userId,
    committeeId: unitFor(access, "officer", routedCommittee(trip)),
  })

export const approverFor =
  (access: TenantAccess, userId: string) =>
  (trip: Trip): TripActor => ({
    kind: "approver",
    userId,
    committeeId: unitFor(access, "approver", routedCommittee(trip)),
  })

export const cellSecretaryFor =
  (access: TenantAccess, userId: string) =>
  (trip: Trip): TripActor => ({
    kind: "cell_secretary",
    userId,
    cellId: unitFor(access, "cell_secretary", trip.cellId),
  })

/** The party members the account is (a member grant links one): whose trips `/me/trips` holds. */
export const ownMemberIds = (access: TenantAccess): ReadonlyArray<string> =>
  access.grants.flatMap((grant) => (grant.role === "member" && grant.memberId !== null ? [grant.memberId] : []))

/** Only the account's own member record: another member's trip is not found. */
export const ownVisibility = (access: TenantAccess): Visibility => ({ kind: "self", memberIds: ownMemberIds(access) })

/** The member themself, when the account is the trip's member; otherwise a member who is not. */
export const memberFor =
  (access: TenantAccess) =>
  (trip: Trip): TripActor => {
    const own = ownMemberIds(access)
    return { kind: "member", memberId: own.includes(trip.memberId) ? trip.memberId : (own[0] ?? "") }
  }

/**
 * Who files or submits a request on the officers' routes: an officer for the member when the
 * account has an officer's grant, otherwise the member themself (a member may use them for their
 * own trips, as `trip.request` allows both).
 */
export const requesterFor = (access: TenantAccess, userId: string) => (trip: Trip) =>
  grantsOf(access, "officer").length > 0 ? officerFor(access, userId)(trip) : memberFor(access)(trip)

/**
 * The committee's side of a report comment: an approver of the routed committee if the account is
 * one, otherwise an officer speaking for it.
 */
export const committeeSideFor = (access: TenantAccess, userId: string) => (trip: Trip) => {
  const routed = routedCommittee(trip)
  const approves = grantsOf(access, "approver").some((grant) => grant.orgUnitId === null || grant.orgUnitId === routed)
  return approves || grantsOf(access, "officer").length === 0
    ? approverFor(access, userId)(trip)
    : officerFor(access, userId)(trip)
}

const unitsOf = (access: TenantAccess, role: DeskRole): ReadonlyArray<string> | "all" => {
  const grants = grantsOf(access, role)
  return grants.some((grant) => grant.orgUnitId === null)
    ? "all"
    : grants.flatMap((grant) => (grant.orgUnitId === null ? [] : [grant.orgUnitId]))
}

/** Where the caller sits, for the inbox. */
export const desksOf = (access: TenantAccess): TripDesks => ({
  secretaryOf: unitsOf(access, "cell_secretary"),
  approverFor: unitsOf(access, "approver"),
  officerFor: unitsOf(access, "officer"),
  officerReach: scopeOf(access, "trip.review"),
})

/** Who files a new request for `memberId`: an officer when the account is one, otherwise the member. */
export const requesterOf = (access: TenantAccess, userId: string, memberId: string): TripActor => {
  const officer = grantsOf(access, "officer")[0]
  if (officer !== undefined) return { kind: "officer", userId, committeeId: officer.orgUnitId ?? "" }
  const own = ownMemberIds(access)
  return { kind: "member", memberId: own.includes(memberId) ? memberId : (own[0] ?? "") }
}
