import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { policyFor, type RegulationPolicy } from "../src/regulation/policy.ts"
import type { TripCommand } from "../src/trips/commands.ts"
import type { RefusalCode, TripRule } from "../src/trips/refusal.ts"
import {
  actors,
  contextOn,
  directRouting,
  draftedTrip,
  drive,
  HAPPY_PATH,
  HIGHER_COMMITTEE_ID,
  higherRouting,
  inGoodStanding,
  sampleDraft,
  tripIn,
} from "../src/trips/testing.ts"
import { draftTrip, transition } from "../src/trips/transition.ts"
import { type Trip, tripDisplayStatus } from "../src/trips/trip.ts"

type Options = { readonly policy?: RegulationPolicy }

const accepted = (trip: Trip, command: TripCommand, today: string, options: Options = {}) => {
  const result = transition(trip, command, contextOn(today, options))
  if (Result.isFailure(result)) throw new Error(`refused: ${result.failure.rule} — ${result.failure.message.en}`)
  const [event, ...more] = result.success.events
  expect(more).toEqual([])
  expect(event).toMatchObject({ tripId: trip.id, revision: trip.revision + 1, occurredOn: today, actor: command.actor })
  expect(result.success.trip.revision).toBe(trip.revision + 1)
  return { trip: result.success.trip, event }
}

const refused = (
  trip: Trip,
  command: TripCommand,
  today: string,
  rule: TripRule,
  code: RefusalCode,
  options: Options = {},
) => {
  const result = transition(trip, command, contextOn(today, options))
  if (Result.isSuccess(result)) throw new Error(`${command.type} was accepted; expected the rule ${rule}`)
  expect({ rule: result.failure.rule, code: result.failure.code, command: result.failure.command }).toEqual({
    rule,
    code,
    command: command.type,
  })
  expect(result.failure.message.vi).not.toBe("")
  expect(result.failure.message.en).not.toBe("")
  return result.failure
}

const submitCommand: TripCommand = {
  type: "submit",
  actor: actors.member,
  routing: directRouting,
  partyOrgAtDestination: false,
}
const agree: TripCommand = { type: "cellOpinion", actor: actors.cellSecretary, verdict: "agree", comment: "" }
const approve: TripCommand = { type: "decide", actor: actors.approver, outcome: "approve", member: inGoodStanding }

describe("drafting a request", () => {
  it("makes a draft at revision 1 with its trip.drafted event", () => {
    const result = draftTrip(sampleDraft, actors.member, { today: "2026-03-02" })
    if (Result.isFailure(result)) throw new Error(result.failure.rule)
    expect(result.success.trip).toMatchObject({ status: "draft", revision: 1, submission: null, decision: null })
    expect(result.success.events).toEqual([
      {
        type: "trip.drafted",
        tripId: "trip-1",
        memberId: "member-an",
        revision: 1,
        occurredOn: "2026-03-02",
        actor: actors.member,
        data: { purpose: "private_tourism", plannedDeparture: "2026-04-01", plannedReturn: "2026-04-20" },
      },
    ])
  })

  it("refuses a return before the departure, no destination, a count that is not one, another member's request", () => {
    const rule = (
      draft: Partial<typeof sampleDraft>,
      actor = actors.member as (typeof actors)[keyof typeof actors],
    ) => {
      const result = draftTrip({ ...sampleDraft, ...draft }, actor, { today: "2026-03-02" })
      return Result.isFailure(result) ? result.failure.rule : "accepted"
    }
    expect(rule({ plannedReturn: "2026-03-31" })).toBe("planned_return_before_departure")
    expect(rule({ plannedReturn: "2026-04-01" })).toBe("accepted")
    expect(rule({ countries: [] })).toBe("destination_required")
    expect(rule({ companionsWhoAreMembers: -1 })).toBe("companions_must_be_a_count")
    expect(rule({ companionsWhoAreMembers: 1.5 })).toBe("companions_must_be_a_count")
    expect(rule({}, actors.anotherMember)).toBe("submitted_by_member_or_officer")
    expect(rule({}, actors.officer)).toBe("accepted")
  })
})

describe("submit", () => {
  it("sends the request under the regulation in force today, with its routing and arrangement", () => {
    const { trip, event } = accepted(draftedTrip(), submitCommand, "2026-03-02")
    expect(trip.status).toBe("submitted")
    expect(trip.submission).toMatchObject({
      requestedOn: "2026-03-02",
      regulationVersion: "86-2022",
      routing: directRouting,
      arrangement: { kind: "none" },
    })
    expect(event).toMatchObject({
      type: "trip.submitted",
      data: { regulationVersion: "86-2022", routing: directRouting },
    })
  })

  it("works out the party-activity arrangement from the planned stay", () => {
    const fiveMonths = draftedTrip({ plannedReturn: "2026-09-01", purpose: "study" })
    const { trip } = accepted(fiveMonths, { ...submitCommand, partyOrgAtDestination: true }, "2026-03-02")
    expect(trip.submission?.arrangement.kind).toBe("temporary_transfer")
  })

  it("may be done by an officer for the member, not by another member", () => {
    accepted(draftedTrip(), { ...submitCommand, actor: actors.officer }, "2026-03-02")
    refused(
      draftedTrip(),
      { ...submitCommand, actor: actors.anotherMember },
      "2026-03-02",
      "submitted_by_member_or_officer",
      "not_allowed",
    )
  })

  it("is refused once the planned departure has passed: permission comes before leaving", () => {
    refused(draftedTrip(), submitCommand, "2026-04-02", "departure_in_past", "rule_block")
    accepted(draftedTrip(), submitCommand, "2026-04-01")
  })

  it("is refused with the policy of a regulation not in force today", () => {
    refused(draftedTrip(), submitCommand, "2026-03-02", "regulation_version_mismatch", "rule_block", {
      policy: policyFor("228-2014"),
    })
  })

  it("is refused twice", () => {
    refused(tripIn("submitted"), submitCommand, "2026-03-03", "status_does_not_allow_command", "wrong_state")
  })
})

describe("withdraw", () => {
  it("is the member's, any time before the decision", () => {
    for (const status of ["draft", "submitted", "cell_reviewed"] as const) {
      const { trip, event } = accepted(
        tripIn(status),
        { type: "withdraw", actor: actors.member, reason: "Đổi kế hoạch" },
        "2026-03-05",
      )
      expect(trip.status).toBe("withdrawn")
      expect(trip.withdrawal).toEqual({ on: "2026-03-05", reason: "Đổi kế hoạch" })
      expect(event).toMatchObject({ type: "trip.withdrawn", data: { reason: "Đổi kế hoạch" } })
    }
  })

  it("is refused to anyone else, and after the decision", () => {
    refused(
      tripIn("submitted"),
      { type: "withdraw", actor: actors.officer },
      "2026-03-03",
      "withdrawn_by_member",
      "not_allowed",
    )
    refused(
      tripIn("approved"),
      { type: "withdraw", actor: actors.member },
      "2026-03-07",
      "status_does_not_allow_command",
      "wrong_state",
    )
  })
})

describe("the cell's opinion", () => {
  it("is given by the secretary of the member's cell", () => {
    const { trip, event } = accepted(tripIn("submitted"), { ...agree, comment: " Đồng ý " }, "2026-03-04")
    expect(trip.status).toBe("cell_reviewed")
    expect(trip.cellOpinion).toEqual({ verdict: "agree", comment: "Đồng ý", by: "secretary-1", on: "2026-03-04" })
    expect(event).toMatchObject({ type: "trip.cell_reviewed", data: { verdict: "agree", comment: "Đồng ý" } })
  })

  it("may disagree, with a reason; the committee still decides", () => {
    const disagree = { type: "cellOpinion", actor: actors.cellSecretary, verdict: "disagree", comment: " " } as const
    refused(tripIn("submitted"), disagree, "2026-03-04", "disagreement_needs_comment", "invalid_input")
    const { trip } = accepted(tripIn("submitted"), { ...disagree, comment: "Đang có nhiệm vụ" }, "2026-03-04")
    expect(trip.status).toBe("cell_reviewed")
    expect(accepted(trip, approve, "2026-03-06").trip.status).toBe("approved")
  })

  it("is refused to another cell's secretary and before the request is submitted", () => {
    refused(
      tripIn("submitted"),
      { ...agree, actor: actors.anotherCellSecretary },
      "2026-03-04",
      "opinion_by_cell_secretary",
      "not_allowed",
    )
    refused(tripIn("draft"), agree, "2026-03-04", "status_does_not_allow_command", "wrong_state")
  })
})

describe("the committee's decision", () => {
  it("approves, by an approver of the committee the trip was routed to", () => {
    const { trip, event } = accepted(tripIn("cell_reviewed"), approve, "2026-03-06")
    expect(trip.status).toBe("approved")
    expect(trip.decision).toEqual({
      outcome: "approved",
      reason: null,
      committeeId: directRouting.committeeId,
      by: "approver-1",
      on: "2026-03-06",
    })
    expect(event).toMatchObject({ type: "trip.approved", data: { committeeId: directRouting.committeeId } })
  })

  it("refuses only with a reason", () => {
    const refuseCommand = { type: "decide", actor: actors.approver, outcome: "refuse", member: inGoodStanding } as const
    refused(tripIn("cell_reviewed"), refuseCommand, "2026-03-06", "refusal_needs_reason", "invalid_input")
    refused(
      tripIn("cell_reviewed"),
      { ...refuseCommand, reason: "  " },
      "2026-03-06",
      "refusal_needs_reason",
      "invalid_input",
    )
    const { trip, event } = accepted(
      tripIn("cell_reviewed"),
      { ...refuseCommand, reason: "Trùng đại hội" },
      "2026-03-06",
    )
    expect(trip.status).toBe("rejected")
    expect(trip.decision).toMatchObject({ outcome: "refused", reason: "Trùng đại hội" })
    expect(event).toMatchObject({ type: "trip.rejected", data: { reason: "Trùng đại hội" } })
  })

  it("cannot skip the cell's opinion", () => {
    refused(tripIn("submitted"), approve, "2026-03-06", "approval_requires_cell_opinion", "wrong_state")
  })

  it("belongs to the routed committee: a member managed by a higher committee goes up to it", () => {
    refused(
      tripIn("cell_reviewed"),
      { ...approve, actor: actors.higherApprover },
      "2026-03-06",
      "decided_by_routed_committee",
      "not_allowed",
    )
    refused(
      tripIn("cell_reviewed"),
      { ...approve, actor: actors.officer },
      "2026-03-06",
      "decided_by_routed_committee",
      "not_allowed",
    )
    const routedUp = drive(draftedTrip(), [
      ["2026-03-02", { ...submitCommand, routing: higherRouting }],
      ["2026-03-04", agree],
    ])
    refused(routedUp, approve, "2026-03-06", "decided_by_routed_committee", "not_allowed")
    const { trip } = accepted(routedUp, { ...approve, actor: actors.higherApprover }, "2026-03-06")
    expect(trip.decision?.committeeId).toBe(HIGHER_COMMITTEE_ID)
  })

  it("cannot approve while the member is under disciplinary review, investigation, or a political issue is pending", () => {
    const blocks = [
      ["underDisciplinaryReview", "member_under_disciplinary_review"],
      ["underInvestigation", "member_under_investigation"],
      ["politicalIssuePending", "member_political_issue_pending"],
    ] as const
    for (const [flag, rule] of blocks) {
      refused(
        tripIn("cell_reviewed"),
        { ...approve, member: { ...inGoodStanding, [flag]: true } },
        "2026-03-06",
        rule,
        "rule_block",
      )
    }
  })

  it("can still refuse a member under investigation", () => {
    const command = {
      type: "decide",
      actor: actors.approver,
      outcome: "refuse",
      reason: "Đang bị điều tra",
      member: { ...inGoodStanding, underInvestigation: true },
    } as const
    expect(accepted(tripIn("cell_reviewed"), command, "2026-03-06").trip.status).toBe("rejected")
  })

  it("is made once", () => {
    refused(tripIn("approved"), approve, "2026-03-07", "status_does_not_allow_command", "wrong_state")
  })
})

describe("departure", () => {
  const depart = { type: "recordDeparture", actor: actors.borderRecords, on: "2026-04-01" } as const

  it("is recorded for an approved trip, by a border-records feed, an officer or the member", () => {
    for (const actor of [actors.borderRecords, actors.officer, actors.member]) {
      const { trip, event } = accepted(tripIn("approved"), { ...depart, actor }, "2026-04-02")
      expect(trip).toMatchObject({ status: "departed", actualDeparture: "2026-04-01" })
      expect(event).toMatchObject({ type: "trip.departed", data: { on: "2026-04-01" } })
    }
    refused(
      tripIn("approved"),
      { ...depart, actor: actors.cellSecretary },
      "2026-04-02",
      "travel_recorded_by_member_officer_or_integration",
      "not_allowed",
    )
  })

  it("comes only after approval", () => {
    for (const status of ["draft", "submitted", "cell_reviewed"] as const) {
      refused(tripIn(status), depart, "2026-04-02", "departure_requires_approval", "wrong_state")
    }
    const rejected = accepted(
      tripIn("cell_reviewed"),
      { type: "decide", actor: actors.approver, outcome: "refuse", reason: "Không phù hợp", member: inGoodStanding },
      "2026-03-06",
    ).trip
    refused(rejected, depart, "2026-04-02", "departure_requires_approval", "wrong_state")
  })

  it("cannot be dated before the approval, nor in the future", () => {
    refused(
      tripIn("approved"),
      { ...depart, on: "2026-03-05" },
      "2026-04-02",
      "departure_before_approval",
      "rule_block",
    )
    refused(tripIn("approved"), depart, "2026-03-31", "date_in_future", "invalid_input")
  })
})

describe("return", () => {
  const back = { type: "recordReturn", actor: actors.borderRecords, on: "2026-04-27" } as const

  it("sets the report deadline by the tenant's rule from the actual return, on the public-holiday calendar", () => {
    const { trip, event } = accepted(tripIn("departed"), back, "2026-04-27")
    expect(trip).toMatchObject({ status: "returned", actualReturn: "2026-04-27", reportDueOn: "2026-05-12" })
    expect(event).toMatchObject({
      type: "trip.returned",
      data: { on: "2026-04-27", reportDueOn: "2026-05-12", late: true },
    })
    const sevenWorkingDays = policyFor("86-2022", { reportDeadline: { kind: "working_days", days: 7 } })
    // Tue 28, Wed 29, then 30 April and 1 May off, the weekend, and Mon 4 to Fri 8 May.
    const working = accepted(tripIn("departed"), back, "2026-04-27", { policy: sevenWorkingDays })
    expect(working.trip.reportDueOn).toBe("2026-05-08")
  })

  it("says whether the member came back after the planned date", () => {
    const onTime = accepted(tripIn("departed"), { ...back, on: "2026-04-20" }, "2026-04-20").event
    expect(onTime).toMatchObject({ data: { late: false } })
  })

  it("needs a departure first, and cannot be before it or in the future", () => {
    refused(tripIn("approved"), back, "2026-04-27", "return_requires_departure", "wrong_state")
    refused(tripIn("departed"), { ...back, on: "2026-03-31" }, "2026-04-27", "return_before_departure", "invalid_input")
    refused(tripIn("departed"), back, "2026-04-26", "date_in_future", "invalid_input")
  })

  it("is refused with the policy of another regulation than the trip's", () => {
    refused(tripIn("departed"), back, "2026-04-27", "regulation_version_mismatch", "rule_block", {
      policy: policyFor("228-2014"),
    })
  })

  it("is refused when the holiday calendar cannot say when the report is due (a return before 2014)", () => {
    const old = policyFor("228-2014")
    const abroadIn2013 = drive(
      draftedTrip({ plannedDeparture: "2013-06-01", plannedReturn: "2013-06-20" }),
      [
        ["2013-05-02", submitCommand],
        ["2013-05-03", agree],
        ["2013-05-06", approve],
        ["2013-06-01", { type: "recordDeparture", actor: actors.borderRecords, on: "2013-06-01" }],
      ],
      { policy: old },
    )
    refused(
      abroadIn2013,
      { type: "recordReturn", actor: actors.borderRecords, on: "2013-06-20" },
      "2013-06-21",
      "holiday_calendar_out_of_range",
      "rule_block",
      { policy: old },
    )
  })

  it("drops an extension still waiting: the member is back", () => {
    const waiting = accepted(
      tripIn("departed"),
      { type: "requestExtension", actor: actors.member, newPlannedReturn: "2026-05-20", reason: "Ốm" },
      "2026-04-10",
    ).trip
    expect(accepted(waiting, back, "2026-04-27").trip.pendingExtension).toBeNull()
  })
})

describe("overdue return", () => {
  const mark = { type: "markOverdueReturn", actor: actors.scheduler } as const

  it("is marked by the scheduled check the day after the planned return, and shows as overdue_return", () => {
    refused(tripIn("departed"), mark, "2026-04-20", "return_not_overdue_yet", "wrong_state")
    const { trip, event } = accepted(tripIn("departed"), mark, "2026-04-21")
    expect(trip.status).toBe("departed")
    expect(trip.overdueReturnSince).toBe("2026-04-21")
    expect(tripDisplayStatus(trip)).toBe("overdue_return")
    expect(event).toMatchObject({
      type: "trip.return_overdue",
      data: { plannedReturn: "2026-04-20", since: "2026-04-21" },
    })
    refused(trip, mark, "2026-04-22", "already_marked_overdue", "wrong_state")
  })

  it("still lets the return be recorded, and the mark stays on record", () => {
    const overdue = accepted(tripIn("departed"), mark, "2026-04-21").trip
    const { trip } = accepted(overdue, { type: "recordReturn", actor: actors.member, on: "2026-04-25" }, "2026-04-25")
    expect(trip.status).toBe("returned")
    expect(tripDisplayStatus(trip)).toBe("returned")
    expect(trip.overdueReturnSince).toBe("2026-04-21")
  })

  it("is the scheduler's alone, and only for a trip abroad", () => {
    refused(
      tripIn("departed"),
      { ...mark, actor: actors.officer },
      "2026-04-21",
      "overdue_marked_by_scheduler",
      "not_allowed",
    )
    refused(tripIn("approved"), mark, "2026-04-21", "status_does_not_allow_command", "wrong_state")
  })
})

describe("extension", () => {
  const ask = {
    type: "requestExtension",
    actor: actors.member,
    newPlannedReturn: "2026-08-01",
    reason: "Gia hạn học",
  } as const
  const grant = { type: "decideExtension", actor: actors.approver, outcome: "approve" } as const

  it("is requested while abroad and waits for the committee", () => {
    const { trip, event } = accepted(tripIn("departed"), ask, "2026-04-10")
    expect(trip.pendingExtension).toEqual({
      newPlannedReturn: "2026-08-01",
      reason: "Gia hạn học",
      requestedOn: "2026-04-10",
    })
    expect(trip.plannedReturn).toBe("2026-04-20")
    expect(event).toMatchObject({ type: "trip.extension_requested", data: { newPlannedReturn: "2026-08-01" } })
  })

  it("must move the return later, give a reason, and wait its turn", () => {
    refused(
      tripIn("departed"),
      { ...ask, newPlannedReturn: "2026-04-20" },
      "2026-04-10",
      "extension_must_move_return_later",
      "invalid_input",
    )
    refused(tripIn("departed"), { ...ask, reason: "" }, "2026-04-10", "extension_needs_reason", "invalid_input")
    const waiting = accepted(tripIn("departed"), ask, "2026-04-10").trip
    refused(waiting, ask, "2026-04-11", "extension_already_pending", "wrong_state")
    refused(tripIn("returned"), ask, "2026-04-21", "status_does_not_allow_command", "wrong_state")
    refused(
      tripIn("departed"),
      { ...ask, actor: actors.cellSecretary },
      "2026-04-10",
      "extension_requested_by_member_or_officer",
      "not_allowed",
    )
  })

  it("when granted, moves the planned return and recomputes the arrangement", () => {
    const waiting = accepted(tripIn("departed"), ask, "2026-04-10").trip
    const { trip, event } = accepted(waiting, grant, "2026-04-12")
    expect(trip.plannedReturn).toBe("2026-08-01")
    expect(trip.pendingExtension).toBeNull()
    // 1 Apr to 1 Aug is four months: the short trip now needs a temporary transfer.
    expect(trip.submission?.arrangement.kind).toBe("temporary_transfer")
    expect(event).toMatchObject({
      type: "trip.extension_approved",
      data: {
        previousPlannedReturn: "2026-04-20",
        plannedReturn: "2026-08-01",
        arrangement: { kind: "temporary_transfer" },
      },
    })
  })

  it("when granted to an overdue member, lifts the overdue mark", () => {
    const overdue = accepted(
      tripIn("departed"),
      { type: "markOverdueReturn", actor: actors.scheduler },
      "2026-04-22",
    ).trip
    const waiting = accepted(overdue, ask, "2026-04-22").trip
    const { trip } = accepted(waiting, grant, "2026-04-23")
    expect(trip.overdueReturnSince).toBeNull()
    expect(tripDisplayStatus(trip)).toBe("departed")
  })

  it("is refused only with a reason, and the trip keeps its dates", () => {
    const waiting = accepted(tripIn("departed"), ask, "2026-04-10").trip
    refused(waiting, { ...grant, outcome: "refuse" }, "2026-04-12", "refusal_needs_reason", "invalid_input")
    const { trip, event } = accepted(waiting, { ...grant, outcome: "refuse", reason: "Không đủ căn cứ" }, "2026-04-12")
    expect(trip).toMatchObject({ plannedReturn: "2026-04-20", pendingExtension: null })
    expect(event).toMatchObject({ type: "trip.extension_refused", data: { reason: "Không đủ căn cứ" } })
  })

  it("is decided by the routed committee, and only when one is waiting", () => {
    const waiting = accepted(tripIn("departed"), ask, "2026-04-10").trip
    refused(
      waiting,
      { ...grant, actor: actors.higherApprover },
      "2026-04-12",
      "decided_by_routed_committee",
      "not_allowed",
    )
    refused(tripIn("departed"), grant, "2026-04-12", "no_extension_pending", "wrong_state")
  })

  it("of an official-work trip abroad also needs the head of mission's agreement", () => {
    const mission = drive(tripIn("departed", { purpose: "official_work" }), [["2026-04-10", ask]])
    refused(mission, grant, "2026-04-12", "extension_needs_head_of_mission", "rule_block")
    expect(accepted(mission, { ...grant, headOfMissionConsent: true }, "2026-04-12").trip.plannedReturn).toBe(
      "2026-08-01",
    )
    // Before leaving, there is no mission to ask yet.
    const notYetLeft = drive(tripIn("approved", { purpose: "official_work" }), [["2026-03-10", ask]])
    accepted(notYetLeft, grant, "2026-03-12")
  })
})

describe("the after-return report", () => {
  const report = { type: "submitReport", actor: actors.member } as const

  it("is submitted by the member after the return, on time or marked late", () => {
    const { trip, event } = accepted(tripIn("returned"), report, "2026-05-05")
    expect(trip.status).toBe("reported")
    expect(trip.report).toEqual({ submittedOn: "2026-05-05", late: false, cellComment: null, committeeComment: null })
    expect(event).toMatchObject({ type: "trip.report_submitted", data: { reportDueOn: "2026-05-05", late: false } })
    expect(accepted(tripIn("returned"), report, "2026-05-06").trip.report?.late).toBe(true)
  })

  it("comes only after the return", () => {
    for (const status of ["approved", "departed"] as const) {
      refused(tripIn(status), report, "2026-04-24", "report_requires_return", "wrong_state")
    }
    refused(tripIn("returned"), { ...report, actor: actors.officer }, "2026-04-24", "report_by_member", "not_allowed")
    refused(tripIn("reported"), report, "2026-04-25", "status_does_not_allow_command", "wrong_state")
  })

  it("is marked overdue after its deadline, shows as report_overdue, and can still be submitted", () => {
    const mark = { type: "markReportOverdue", actor: actors.scheduler } as const
    refused(tripIn("returned"), mark, "2026-05-05", "report_not_overdue_yet", "wrong_state")
    const { trip, event } = accepted(tripIn("returned"), mark, "2026-05-06")
    expect(tripDisplayStatus(trip)).toBe("report_overdue")
    expect(event).toMatchObject({
      type: "trip.report_overdue",
      data: { reportDueOn: "2026-05-05", since: "2026-05-06" },
    })
    refused(trip, mark, "2026-05-07", "already_marked_overdue", "wrong_state")
    refused(
      tripIn("returned"),
      { ...mark, actor: actors.approver },
      "2026-05-06",
      "overdue_marked_by_scheduler",
      "not_allowed",
    )
    const late = accepted(trip, report, "2026-05-10").trip
    expect(late).toMatchObject({ status: "reported", report: { late: true }, reportOverdueSince: "2026-05-06" })
    expect(tripDisplayStatus(late)).toBe("reported")
  })

  it("gets one comment from the cell and one from the committee", () => {
    const cell = { type: "commentReport", actor: actors.cellSecretary, by: "cell", comment: "Tốt" } as const
    const committee = { type: "commentReport", actor: actors.officer, by: "committee", comment: "Đạt" } as const
    refused(
      tripIn("reported"),
      { ...cell, actor: actors.approver },
      "2026-04-27",
      "cell_comment_by_cell_secretary",
      "not_allowed",
    )
    refused(
      tripIn("reported"),
      { ...committee, actor: actors.higherApprover },
      "2026-04-27",
      "committee_comment_by_routed_committee",
      "not_allowed",
    )
    refused(tripIn("reported"), { ...cell, comment: "" }, "2026-04-27", "comment_needs_text", "invalid_input")
    const { trip, event } = accepted(tripIn("reported"), cell, "2026-04-27")
    expect(trip.report?.cellComment).toEqual({ comment: "Tốt", by: "secretary-1", on: "2026-04-27" })
    expect(event).toMatchObject({ type: "trip.report_commented", data: { by: "cell", comment: "Tốt" } })
    refused(trip, cell, "2026-04-28", "report_already_commented", "wrong_state")
    expect(accepted(trip, committee, "2026-04-28").trip.report?.committeeComment?.by).toBe("officer-1")
    refused(tripIn("returned"), cell, "2026-04-27", "status_does_not_allow_command", "wrong_state")
  })
})

describe("closing", () => {
  it("needs both comments and an officer", () => {
    const close = { type: "close", actor: actors.officer } as const
    refused(tripIn("reported"), close, "2026-04-29", "close_requires_comments", "wrong_state")
    const commented = drive(tripIn("reported"), HAPPY_PATH.slice(6, 8))
    refused(commented, { ...close, actor: actors.member }, "2026-04-29", "closed_by_officer", "not_allowed")
    const { trip, event } = accepted(commented, close, "2026-04-29")
    expect(trip.status).toBe("closed")
    expect(event).toMatchObject({ type: "trip.closed", data: {} })
  })

  it("is the end: nothing more is accepted", () => {
    const closed = tripIn("closed")
    for (const [, command] of HAPPY_PATH) {
      const result = transition(closed, command, contextOn("2026-05-01"))
      expect(Result.isFailure(result)).toBe(true)
    }
  })
})

describe("the whole way", () => {
  it("goes draft → closed with one event per step, revisions counting up", () => {
    const events: Array<string> = []
    let trip = draftedTrip()
    for (const [today, command] of HAPPY_PATH) {
      const step = accepted(trip, command, today)
      events.push(step.event.type)
      trip = step.trip
    }
    expect(events).toEqual([
      "trip.submitted",
      "trip.cell_reviewed",
      "trip.approved",
      "trip.departed",
      "trip.returned",
      "trip.report_submitted",
      "trip.report_commented",
      "trip.report_commented",
      "trip.closed",
    ])
    expect(trip).toMatchObject({ status: "closed", revision: 10 })
  })
})
