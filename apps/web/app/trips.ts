/** The trip as the API answers it (the `Trip` and `TripDetail` schemas of the OpenAPI document); shared by server and pages. */
export interface Trip {
  readonly id: string
  readonly memberId: string
  readonly memberName: string
  readonly status: string
  readonly displayStatus: string
  readonly purpose: string
  readonly funding: string
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: string
  readonly plannedReturn: string
  readonly companionsWhoAreMembers: number
  readonly revision: number
  readonly submission: {
    readonly requestedOn: string
    readonly regulationVersion: string
    readonly arrangement: { readonly kind: string; readonly reason: { vi: string; en: string } }
  } | null
  readonly withdrawal: { readonly on: string; readonly reason: string | null } | null
  readonly cellOpinion: { verdict: "agree" | "disagree"; comment: string; by: string; on: string } | null
  readonly decision: { outcome: "approved" | "refused"; reason: string | null; by: string; on: string } | null
  readonly actualDeparture: string | null
  readonly actualReturn: string | null
  readonly pendingExtension: { newPlannedReturn: string; reason: string; requestedOn: string } | null
  readonly reportDueOn: string | null
  readonly report: {
    readonly submittedOn: string
    readonly late: boolean
    readonly cellComment: { comment: string; by: string; on: string } | null
    readonly committeeComment: { comment: string; by: string; on: string } | null
  } | null
  readonly overdueReturnSince: string | null
  readonly reportOverdueSince: string | null
  readonly companions: ReadonlyArray<{ fullName: string; relation: string; isPartyMember: boolean }>
  readonly relativesUndertaking: {
    readonly relatives: ReadonlyArray<{ fullName: string; relation: string; country: string; address: string }>
    readonly pledged: boolean
  } | null
  readonly extra: Readonly<Record<string, unknown>>
}

export interface TripDetail extends Trip {
  readonly reportText: string | null
  readonly history: ReadonlyArray<{
    readonly revision: number
    readonly type: string
    readonly actorKind: string
    readonly actor: string
    readonly occurredOn: string
    readonly occurredAt: string
  }>
}

export interface TripPage {
  readonly trips: ReadonlyArray<Trip>
  readonly next: string | null
}

export interface InboxPage {
  readonly items: ReadonlyArray<{ readonly trip: Trip; readonly awaiting: ReadonlyArray<string> }>
  readonly next: string | null
}

export const TRIP_PURPOSES = [
  "official_work",
  "study",
  "labour_export",
  "private_tourism",
  "private_family_visit",
  "private_medical_treatment",
  "settlement",
] as const

export const TRIP_FUNDINGS = ["state_budget", "own", "foreign_sponsor"] as const
