/**
 * A test kit for the trip workflow, beside it as Backstage keeps its test kits: actors, a context and
 * a way to bring a trip to any status through the machine itself — never by writing a status by hand,
 * so a test cannot start from a trip the machine could not have produced. Not exported from the
 * package's entry: tests import it by path.
 */
import { Result } from "effect"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { policyFor, type RegulationPolicy } from "../regulation/policy.ts"
import type { TripActor } from "./actors.ts"
import type { TransitionContext, TripCommand } from "./commands.ts"
import type { MemberStanding } from "./member-standing.ts"
import type { ApprovalRouting } from "./routing.ts"
import { draftTrip, type TripDraft, transition } from "./transition.ts"
import type { Trip } from "./trip.ts"

export const MEMBER_ID = "member-an"
export const CELL_ID = "cell-1"
export const COMMITTEE_ID = "committee-grassroots"
export const HIGHER_COMMITTEE_ID = "committee-province"

export const actors = {
  member: { kind: "member", memberId: MEMBER_ID },
  anotherMember: { kind: "member", memberId: "member-binh" },
  officer: { kind: "officer", userId: "officer-1", committeeId: COMMITTEE_ID },
  cellSecretary: { kind: "cell_secretary", userId: "secretary-1", cellId: CELL_ID },
  anotherCellSecretary: { kind: "cell_secretary", userId: "secretary-2", cellId: "cell-2" },
  approver: { kind: "approver", userId: "approver-1", committeeId: COMMITTEE_ID },
  higherApprover: { kind: "approver", userId: "approver-9", committeeId: HIGHER_COMMITTEE_ID },
  borderRecords: { kind: "integration", source: "immigration-feed" },
  scheduler: { kind: "scheduler" },
} as const satisfies Record<string, TripActor>

export const directRouting: ApprovalRouting = { committeeId: COMMITTEE_ID, basis: "direct_committee" }
export const higherRouting: ApprovalRouting = { committeeId: HIGHER_COMMITTEE_ID, basis: "higher_committee" }

export const inGoodStanding: MemberStanding = {
  underDisciplinaryReview: false,
  underInvestigation: false,
  politicalIssuePending: false,
}

/** A context on `today`, under Regulation 86 with its default 15 calendar days unless told. */
export const contextOn = (
  today: CalendarDate,
  options: { readonly policy?: RegulationPolicy } = {},
): TransitionContext => ({
  today,
  policy: options.policy ?? policyFor("86-2022"),
})

export const sampleDraft: TripDraft = {
  id: "trip-1",
  memberId: MEMBER_ID,
  cellId: CELL_ID,
  purpose: "private_tourism",
  countries: ["JP"],
  plannedDeparture: "2026-04-01",
  plannedReturn: "2026-04-20",
  companionsWhoAreMembers: 0,
}

/** A draft, made on 2026-03-02. */
export const draftedTrip = (overrides: Partial<TripDraft> = {}): Trip => {
  const result = draftTrip({ ...sampleDraft, ...overrides }, actors.member, { today: "2026-03-02" })
  if (Result.isFailure(result)) throw new Error(`draft refused: ${result.failure.rule}`)
  return result.success.trip
}

/** Applies commands in order, each on its own day; a refusal here is a broken arrangement, so it throws. */
export const drive = (
  trip: Trip,
  steps: ReadonlyArray<readonly [CalendarDate, TripCommand]>,
  options: { readonly policy?: RegulationPolicy } = {},
): Trip =>
  steps.reduce((current, [today, command]) => {
    const result = transition(current, command, contextOn(today, options))
    if (Result.isFailure(result)) {
      throw new Error(`${command.type} on ${today} refused: ${result.failure.rule} — ${result.failure.message.en}`)
    }
    return result.success.trip
  }, trip)

/** The happy path, one status at a time: `tripIn("departed")` is a trip that has just left. */
const PATH: ReadonlyArray<readonly [CalendarDate, TripCommand]> = [
  ["2026-03-02", { type: "submit", actor: actors.member, routing: directRouting, partyOrgAtDestination: false }],
  ["2026-03-04", { type: "cellOpinion", actor: actors.cellSecretary, verdict: "agree", comment: "Đồng ý" }],
  ["2026-03-06", { type: "decide", actor: actors.approver, outcome: "approve", member: inGoodStanding }],
  ["2026-04-01", { type: "recordDeparture", actor: actors.borderRecords, on: "2026-04-01" }],
  ["2026-04-20", { type: "recordReturn", actor: actors.borderRecords, on: "2026-04-20" }],
  ["2026-04-24", { type: "submitReport", actor: actors.member }],
  ["2026-04-27", { type: "commentReport", actor: actors.cellSecretary, by: "cell", comment: "Chấp hành tốt" }],
  ["2026-04-28", { type: "commentReport", actor: actors.approver, by: "committee", comment: "Đạt yêu cầu" }],
  ["2026-04-29", { type: "close", actor: actors.officer }],
]

const STEPS_TO: Readonly<
  Record<"draft" | "submitted" | "cell_reviewed" | "approved" | "departed" | "returned" | "reported" | "closed", number>
> = {
  draft: 0,
  submitted: 1,
  cell_reviewed: 2,
  approved: 3,
  departed: 4,
  returned: 5,
  reported: 6,
  closed: 9,
}

export const tripIn = (status: keyof typeof STEPS_TO, overrides: Partial<TripDraft> = {}): Trip =>
  drive(draftedTrip(overrides), PATH.slice(0, STEPS_TO[status]))

/** The day each happy-path step happens on, for tests that continue from `tripIn`. */
export const HAPPY_PATH = PATH
