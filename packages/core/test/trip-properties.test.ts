import { Result } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { addCalendarDays as addDays } from "../src/calendar/working-days.ts"
import { compareDates } from "../src/regulation/calendar-months.ts"
import { policyFor } from "../src/regulation/policy.ts"
import { tighten } from "../src/regulation/tighten.ts"
import type { TripActor } from "../src/trips/actors.ts"
import type { TransitionContext, TripCommand, TripCommandType } from "../src/trips/commands.ts"
import type { TripEvent } from "../src/trips/events.ts"
import { TRIP_PURPOSES } from "../src/trips/purpose.ts"
import { TripTransitionRefused } from "../src/trips/refusal.ts"
import { actors, CELL_ID, directRouting, higherRouting, MEMBER_ID } from "../src/trips/testing.ts"
import { draftTrip, type TransitionOutcome, type TransitionResult, transition } from "../src/trips/transition.ts"
import { TRIP_STATUSES, type Trip, type TripStatus, tripDisplayStatus } from "../src/trips/trip.ts"

/** The only status changes the workflow knows; a command that keeps the status (an extension, a comment, an overdue mark) is a loop. */
const ALLOWED: Readonly<Record<TripStatus, ReadonlyArray<TripStatus>>> = {
  draft: ["submitted", "withdrawn"],
  submitted: ["cell_reviewed", "withdrawn"],
  cell_reviewed: ["approved", "rejected", "withdrawn"],
  approved: ["approved", "departed"],
  rejected: [],
  withdrawn: [],
  departed: ["departed", "returned"],
  returned: ["returned", "reported"],
  reported: ["reported", "closed"],
  closed: [],
}

const SUBMITTED: ReadonlySet<TripStatus> = new Set([
  "submitted",
  "cell_reviewed",
  "approved",
  "rejected",
  "departed",
  "returned",
  "reported",
  "closed",
])
const APPROVED: ReadonlySet<TripStatus> = new Set(["approved", "departed", "returned", "reported", "closed"])
const DEPARTED: ReadonlySet<TripStatus> = new Set(["departed", "returned", "reported", "closed"])
const RETURNED: ReadonlySet<TripStatus> = new Set(["returned", "reported", "closed"])
const REPORTED: ReadonlySet<TripStatus> = new Set(["reported", "closed"])

/**
 * What must hold of any trip the machine can produce, besides the three rules the tests below name
 * on their own; the list of what is broken, empty when sound.
 */
const brokenInvariants = (trip: Trip): Array<string> => {
  const broken: Array<string> = []
  const check = (holds: boolean, what: string) => {
    if (!holds) broken.push(what)
  }
  check(TRIP_STATUSES.includes(trip.status), "a known status")
  check(compareDates(trip.plannedReturn, trip.plannedDeparture) >= 0, "planned return not before departure")
  if (SUBMITTED.has(trip.status)) check(trip.submission !== null, "past the draft only with a submission")
  if (trip.status === "draft") check(trip.submission === null, "a draft has no submission")
  if (trip.status === "rejected")
    check(trip.decision?.outcome === "refused" && (trip.decision.reason ?? "") !== "", "a refusal has a reason")
  if (!APPROVED.has(trip.status) && trip.status !== "rejected")
    check(trip.decision === null, "no decision before one is made")
  check(DEPARTED.has(trip.status) === (trip.actualDeparture !== null), "departed exactly when a departure is recorded")
  check(RETURNED.has(trip.status) === (trip.actualReturn !== null), "returned exactly when a return is recorded")
  check(RETURNED.has(trip.status) === (trip.reportDueOn !== null), "a report deadline exactly once returned")
  if (trip.actualReturn !== null)
    check(
      trip.actualDeparture !== null && compareDates(trip.actualDeparture, trip.actualReturn) <= 0,
      "back after leaving",
    )
  check(REPORTED.has(trip.status) === (trip.report !== null), "a report exists exactly once reported")
  if (trip.status === "closed")
    check(trip.report?.cellComment != null && trip.report.committeeComment != null, "closed after both comments")
  if (trip.overdueReturnSince !== null) check(DEPARTED.has(trip.status), "overdue return only once departed")
  if (trip.reportOverdueSince !== null) check(RETURNED.has(trip.status), "report overdue only once returned")
  if (trip.pendingExtension !== null)
    check(trip.status === "approved" || trip.status === "departed", "an extension waits only before the return")
  return broken
}

/** A command as generated: plain data, so fast-check can print and shrink it. */
interface Move {
  /** `next` is the command that would move the trip on from where it stands; the rest probe every other path. */
  readonly type: "next" | TripCommandType
  /** `natural` is whoever would normally do it; otherwise anyone, to exercise the refusals. */
  readonly actor: "natural" | keyof typeof actors
  /** Which of the moving-on commands `next` picks. */
  readonly variant: number
  readonly daysLater: number
  /** For recorded dates: days before today (negative: a date in the future). */
  readonly dateBack: number
  readonly extendBy: number
  readonly positive: boolean
  readonly blank: boolean
  readonly higherRouting: boolean
  readonly partyOrg: boolean
  readonly by: "cell" | "committee"
  readonly standing: readonly [boolean, boolean, boolean]
}

const COMMAND_TYPES: ReadonlyArray<TripCommandType> = [
  "submit",
  "withdraw",
  "cellOpinion",
  "decide",
  "recordDeparture",
  "recordReturn",
  "requestExtension",
  "decideExtension",
  "submitReport",
  "commentReport",
  "close",
  "markOverdueReturn",
  "markReportOverdue",
]

const move: fc.Arbitrary<Move> = fc.record({
  // Withdrawals end a trip early: rarer, so that most runs get further.
  type: fc.oneof(
    { weight: 6, arbitrary: fc.constant("next" as const) },
    { weight: 1, arbitrary: fc.constant<TripCommandType>("withdraw") },
    { weight: 12, arbitrary: fc.constantFrom(...COMMAND_TYPES.filter((type) => type !== "withdraw")) },
  ),
  actor: fc.oneof(
    { weight: 5, arbitrary: fc.constant("natural" as const) },
    { weight: 1, arbitrary: fc.constantFrom(...(Object.keys(actors) as Array<keyof typeof actors>)) },
  ),
  variant: fc.nat(),
  daysLater: fc.oneof(
    { weight: 6, arbitrary: fc.constant(0) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }) },
    { weight: 1, arbitrary: fc.integer({ min: 6, max: 40 }) },
  ),
  dateBack: fc.integer({ min: -2, max: 6 }),
  extendBy: fc.integer({ min: -5, max: 200 }),
  positive: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  blank: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  higherRouting: fc.boolean(),
  partyOrg: fc.boolean(),
  by: fc.constantFrom("cell" as const, "committee" as const),
  standing: fc.tuple(
    fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  ),
})

const routedApprover = (trip: Trip): TripActor =>
  trip.submission?.routing.committeeId === actors.higherApprover.committeeId ? actors.higherApprover : actors.approver

const naturalActor = (type: TripCommandType, trip: Trip, by: "cell" | "committee"): TripActor => {
  switch (type) {
    case "cellOpinion":
      return actors.cellSecretary
    case "decide":
    case "decideExtension":
      return routedApprover(trip)
    case "commentReport":
      return by === "cell" ? actors.cellSecretary : routedApprover(trip)
    case "close":
      return actors.officer
    case "recordDeparture":
    case "recordReturn":
      return actors.borderRecords
    case "markOverdueReturn":
    case "markReportOverdue":
      return actors.scheduler
    default:
      return actors.member
  }
}

/** The commands that move a trip on from each status, the overdue checks and extensions among them. */
const NEXT: Readonly<Record<TripStatus, ReadonlyArray<TripCommandType>>> = {
  draft: ["submit"],
  submitted: ["cellOpinion"],
  cell_reviewed: ["decide"],
  approved: ["recordDeparture", "recordDeparture", "requestExtension", "decideExtension"],
  departed: ["recordReturn", "recordReturn", "markOverdueReturn", "requestExtension", "decideExtension"],
  returned: ["submitReport", "markReportOverdue"],
  reported: ["commentReport"],
  rejected: ["submit"],
  withdrawn: ["submit"],
  closed: ["close"],
}

const commandFor = (generated: Move, trip: Trip, today: string): TripCommand => {
  const choices = NEXT[trip.status]
  const type = generated.type === "next" ? (choices[generated.variant % choices.length] ?? "submit") : generated.type
  // Once both sides have commented, moving on means closing.
  const commented = trip.report?.cellComment != null && trip.report.committeeComment != null
  const m = { ...generated, type: type === "commentReport" && generated.type === "next" && commented ? "close" : type }
  const actor = m.actor === "natural" ? naturalActor(m.type, trip, m.by) : actors[m.actor]
  const text = m.blank ? " " : "Lý do"
  const on = addDays(today, -m.dateBack)
  switch (m.type) {
    case "submit":
      return {
        type: "submit",
        actor,
        routing: m.higherRouting ? higherRouting : directRouting,
        partyOrgAtDestination: m.partyOrg,
      }
    case "withdraw":
      return { type: "withdraw", actor, reason: text }
    case "cellOpinion":
      return { type: "cellOpinion", actor, verdict: m.positive ? "agree" : "disagree", comment: text }
    case "decide": {
      const [underDisciplinaryReview, underInvestigation, politicalIssuePending] = m.standing
      return {
        type: "decide",
        actor,
        outcome: m.positive ? "approve" : "refuse",
        reason: text,
        member: { underDisciplinaryReview, underInvestigation, politicalIssuePending },
      }
    }
    case "recordDeparture":
    case "recordReturn":
      return { type: m.type, actor, on }
    case "requestExtension":
      return {
        type: "requestExtension",
        actor,
        newPlannedReturn: addDays(trip.plannedReturn, m.extendBy),
        reason: text,
      }
    case "decideExtension":
      return {
        type: "decideExtension",
        actor,
        outcome: m.positive ? "approve" : "refuse",
        reason: text,
        headOfMissionConsent: !m.blank,
      }
    case "commentReport":
      return { type: "commentReport", actor, by: m.by, comment: text }
    case "submitReport":
    case "close":
    case "markOverdueReturn":
    case "markReportOverdue":
      return { type: m.type, actor }
  }
}

const START = "2026-03-02"
const strict = tighten(policyFor("86-2022", { reportDeadline: { kind: "working_days", days: 7 } }), {
  source: "plugin:strict",
  temporaryTransferFrom: { months: 2, inclusive: true },
  reportDeadline: { kind: "working_days", days: 5 },
})
if (Result.isFailure(strict)) throw new Error("the strict policy must be a tightening")
const base = policyFor("86-2022")
const POLICIES = [base, strict.success]

const scenario = fc.record({
  policy: fc.constantFrom(...POLICIES.keys()),
  departsIn: fc.integer({ min: 0, max: 60 }),
  // Mostly short trips, so that runs also get past the planned return while abroad.
  stays: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) },
    { weight: 1, arbitrary: fc.integer({ min: 21, max: 420 }) },
  ),
  purpose: fc.constantFrom(...TRIP_PURPOSES),
  companions: fc.integer({ min: 0, max: 4 }),
  // `size: "max"`: long sequences as often as short ones, or few runs would get past the approval.
  moves: fc.array(move, { minLength: 1, maxLength: 80, size: "max" }),
})

// What the runs reached, so that the properties cannot pass by never getting anywhere.
const reachedStatuses = new Set<TripStatus>()
const emittedEvents = new Set<string>()
const refusedRules = new Set<string>()

interface Played {
  readonly drafted: TransitionOutcome
  readonly steps: ReadonlyArray<{
    readonly before: Trip
    /** A deep copy of `before` taken before the command: whatever happens, `before` must still equal it. */
    readonly snapshot: Trip
    readonly today: string
    readonly result: TransitionResult
  }>
  readonly last: Trip
}

/** Drafts a trip and plays the moves on it, one day after another, keeping whatever the machine returned. */
const play = ({
  policy,
  departsIn,
  stays,
  purpose,
  companions,
  moves,
}: typeof scenario extends fc.Arbitrary<infer S> ? S : never): Played => {
  const plannedDeparture = addDays(START, departsIn)
  const drafted = draftTrip(
    {
      id: "trip-p",
      memberId: MEMBER_ID,
      cellId: CELL_ID,
      purpose,
      countries: ["DE"],
      plannedDeparture,
      plannedReturn: addDays(plannedDeparture, stays),
      companionsWhoAreMembers: companions,
    },
    actors.member,
    { today: START },
  )
  if (Result.isFailure(drafted)) throw new Error(drafted.failure.rule)
  let trip = drafted.success.trip
  let today = START
  const steps: Array<Played["steps"][number]> = []
  for (const m of moves) {
    today = addDays(today, m.daysLater)
    const context: TransitionContext = { today, policy: POLICIES[policy] ?? base }
    const command = commandFor(m, trip, today)
    const snapshot = structuredClone(trip)
    const result = transition(trip, command, context)
    steps.push({ before: trip, snapshot, today, result })
    if (Result.isFailure(result)) {
      refusedRules.add(result.failure.rule)
    } else {
      reachedStatuses.add(result.success.trip.status)
      for (const event of result.success.events) emittedEvents.add(event.type)
      trip = result.success.trip
    }
  }
  return { drafted: drafted.success, steps, last: trip }
}

/** Every trip any accepted command produced, in every run. */
const forEveryTrip = (check: (trip: Trip) => void) =>
  fc.assert(
    fc.property(scenario, (generated) => {
      for (const { result } of play(generated).steps) if (Result.isSuccess(result)) check(result.success.trip)
    }),
    { numRuns: 250 },
  )

describe("any sequence of commands", () => {
  it("reaches no illegal state: every status change is one the workflow knows, and every trip is sound", () => {
    fc.assert(
      fc.property(scenario, (generated) => {
        for (const { before, result } of play(generated).steps) {
          if (Result.isFailure(result)) continue
          const next = result.success.trip
          expect(ALLOWED[before.status]).toContain(next.status)
          expect(brokenInvariants(next)).toEqual([])
          expect(["overdue_return", "report_overdue", ...TRIP_STATUSES]).toContain(tripDisplayStatus(next))
        }
      }),
      { numRuns: 250 },
    )
  })

  it("approves no trip without the cell's opinion and a decision by the routed committee", () => {
    forEveryTrip((trip) => {
      if (!APPROVED.has(trip.status)) return
      const { cellOpinion, decision, submission } = trip
      expect(cellOpinion).not.toBeNull()
      expect(decision?.outcome).toBe("approved")
      expect(decision?.committeeId).toBe(submission?.routing.committeeId)
      expect(cellOpinion !== null && decision !== null && compareDates(cellOpinion.on, decision.on) <= 0).toBe(true)
    })
  })

  it("departs only approved trips, never before the approval", () => {
    forEveryTrip((trip) => {
      if (!DEPARTED.has(trip.status)) return
      expect(trip.decision?.outcome).toBe("approved")
      expect(trip.actualDeparture).not.toBeNull()
      expect(compareDates(trip.decision?.on ?? "9999-12-31", trip.actualDeparture ?? "0000-01-01")).toBeLessThanOrEqual(
        0,
      )
    })
  })

  it("takes reports only from trips that have returned", () => {
    forEveryTrip((trip) => {
      if (!REPORTED.has(trip.status)) return
      expect(trip.actualReturn).not.toBeNull()
      expect(trip.report).not.toBeNull()
      expect(
        compareDates(trip.actualReturn ?? "9999-12-31", trip.report?.submittedOn ?? "0000-01-01"),
      ).toBeLessThanOrEqual(0)
    })
  })

  it("emits exactly one event per accepted command and none per refused one, leaving a refused trip as it was", () => {
    fc.assert(
      fc.property(scenario, (generated) => {
        const { drafted, steps, last } = play(generated)
        const log: Array<TripEvent> = [...drafted.events]
        for (const { before, snapshot, today, result } of steps) {
          // Whatever the outcome, the trip given in is a value: nothing mutates it.
          expect(before).toEqual(snapshot)
          if (Result.isFailure(result)) {
            expect(result.failure).toBeInstanceOf(TripTransitionRefused)
            continue
          }
          const { trip: next, events } = result.success
          expect(events).toHaveLength(1)
          expect(events[0]).toMatchObject({
            tripId: before.id,
            memberId: before.memberId,
            revision: before.revision + 1,
            occurredOn: today,
          })
          expect(next.revision).toBe(before.revision + 1)
          log.push(...events)
        }
        // The event log, as the outbox would hold it, numbers the revisions without a gap or a repeat.
        expect(log.map((event) => event.revision)).toEqual(log.map((_, index) => index + 1))
        expect(last.revision).toBe(log.length)
        expect(log.length).toBe(1 + steps.filter(({ result }) => Result.isSuccess(result)).length)
      }),
      { numRuns: 250 },
    )
  })

  afterAll(() => {
    // Guards the generator: a property over runs that never left the draft would prove nothing.
    expect([...reachedStatuses].toSorted()).toEqual(TRIP_STATUSES.filter((status) => status !== "draft").toSorted())
    expect([...emittedEvents].toSorted()).toEqual(
      [
        "trip.submitted",
        "trip.withdrawn",
        "trip.cell_reviewed",
        "trip.approved",
        "trip.rejected",
        "trip.departed",
        "trip.returned",
        "trip.extension_requested",
        "trip.extension_approved",
        "trip.extension_refused",
        "trip.report_submitted",
        "trip.report_commented",
        "trip.closed",
        "trip.return_overdue",
        "trip.report_overdue",
      ].toSorted(),
    )
    for (const rule of [
      "approval_requires_cell_opinion",
      "decided_by_routed_committee",
      "departure_requires_approval",
      "report_requires_return",
      "member_under_investigation",
    ]) {
      expect(refusedRules).toContain(rule)
    }
  })
})
