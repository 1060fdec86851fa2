import {
  DEFAULT_REPORT_DEADLINE,
  draftTrip,
  policyFor,
  routeApproval,
  type Trip,
  type TripActor,
  type TripCommand,
  type TripEvent,
  type TripPurpose,
  transition,
  versionInForce,
} from "@abroad/core"
import { Result } from "effect"
import { type Day, dayOf, dayText } from "./days.ts"
import type { Draws } from "./random.ts"

/** What the generator's desks call themselves in the records: no account stands behind them. */
const DESK = "bench-seed"

/** The first day the platform's holiday calendar knows, so the first day a trip may be drafted. */
const FIRST_DAY = dayOf("2014-01-02")

/** Bản cam kết (Annex II) of a family visit, as the request form stores it. */
export interface RelativesUndertakingShape {
  readonly relatives: ReadonlyArray<{ fullName: string; relation: string; country: string; address: string }>
  readonly pledged: boolean
}

/** A member who may travel: in good standing, in a cell whose committee decides. */
export interface Traveller {
  readonly memberId: string
  readonly cellId: string
  /** The grassroots committee above the cell: the committee the request is routed to. */
  readonly committeeId: string
}

/** A trip ready to load: the machine's record, its history, the report's text, and the request form's extras. */
export interface GeneratedTrip {
  readonly trip: Trip
  readonly events: ReadonlyArray<TripEvent>
  readonly funding: "state_budget" | "own" | "foreign_sponsor"
  readonly relativesUndertaking: RelativesUndertakingShape | null
  readonly reportText: string | null
  readonly draftedOn: Day
  readonly lastStepOn: Day
}

type Bucket = "abroad" | "pending" | "recent" | "historical"

/** How long each purpose keeps a member abroad, in days. */
const DURATION: Readonly<Record<TripPurpose, readonly [number, number]>> = {
  official_work: [4, 14],
  private_tourism: [4, 15],
  private_family_visit: [10, 60],
  private_medical_treatment: [7, 45],
  study: [150, 1460],
  labour_export: [365, 1095],
  settlement: [1460, 3650],
}

/** Where each purpose takes members, by how often. */
const DESTINATIONS: Readonly<Record<TripPurpose, ReadonlyArray<readonly [string, number]>>> = {
  official_work: [
    ["CN", 14],
    ["LA", 12],
    ["KH", 8],
    ["RU", 7],
    ["JP", 9],
    ["KR", 8],
    ["US", 6],
    ["FR", 5],
    ["DE", 5],
    ["BE", 3],
    ["CH", 2],
    ["SG", 5],
    ["TH", 5],
    ["CU", 3],
    ["IN", 3],
    ["AU", 3],
    ["GB", 2],
  ],
  private_tourism: [
    ["TH", 20],
    ["SG", 12],
    ["KR", 14],
    ["JP", 12],
    ["CN", 10],
    ["MY", 8],
    ["KH", 5],
    ["LA", 4],
    ["FR", 3],
    ["US", 3],
    ["AU", 3],
    ["TW", 4],
    ["ID", 2],
  ],
  private_family_visit: [
    ["US", 25],
    ["AU", 12],
    ["FR", 8],
    ["DE", 9],
    ["CA", 8],
    ["JP", 8],
    ["KR", 7],
    ["TW", 6],
    ["GB", 4],
    ["RU", 4],
    ["CZ", 3],
    ["PL", 3],
  ],
  private_medical_treatment: [
    ["SG", 35],
    ["TH", 25],
    ["JP", 15],
    ["KR", 12],
    ["CN", 8],
    ["US", 5],
  ],
  study: [
    ["JP", 18],
    ["KR", 14],
    ["AU", 14],
    ["US", 12],
    ["GB", 7],
    ["FR", 7],
    ["DE", 6],
    ["RU", 6],
    ["CN", 5],
    ["TW", 4],
    ["NZ", 3],
    ["CA", 4],
  ],
  labour_export: [
    ["JP", 45],
    ["KR", 20],
    ["TW", 25],
    ["DE", 3],
    ["RO", 2],
    ["SA", 2],
    ["HU", 3],
  ],
  settlement: [
    ["US", 40],
    ["AU", 20],
    ["CA", 20],
    ["DE", 10],
    ["FR", 10],
  ],
}

/** Purposes of trips in general, and of the stays under way on any given day (long stays dominate those). */
const PURPOSES: ReadonlyArray<readonly [TripPurpose, number]> = [
  ["official_work", 38],
  ["private_tourism", 30],
  ["private_family_visit", 14],
  ["private_medical_treatment", 3],
  ["study", 8],
  ["labour_export", 6],
  ["settlement", 1],
]
const ABROAD_PURPOSES: ReadonlyArray<readonly [TripPurpose, number]> = [
  ["study", 38],
  ["labour_export", 40],
  ["settlement", 3],
  ["official_work", 8],
  ["private_tourism", 6],
  ["private_family_visit", 4],
  ["private_medical_treatment", 1],
]
const SHORT_PURPOSES: ReadonlyArray<readonly [TripPurpose, number]> = PURPOSES.filter(
  ([purpose]) => DURATION[purpose][1] <= 60,
)

const FUNDING: Readonly<
  Record<TripPurpose, ReadonlyArray<readonly ["state_budget" | "own" | "foreign_sponsor", number]>>
> = {
  official_work: [
    ["state_budget", 85],
    ["foreign_sponsor", 15],
  ],
  study: [
    ["foreign_sponsor", 40],
    ["own", 40],
    ["state_budget", 20],
  ],
  labour_export: [["own", 1]],
  private_tourism: [["own", 1]],
  private_family_visit: [["own", 1]],
  private_medical_treatment: [["own", 1]],
  settlement: [["own", 1]],
}

const TEXTS = {
  agree: "Chi bộ nhất trí đề nghị của đồng chí.",
  disagree: "Chi bộ chưa nhất trí: đồng chí đang phụ trách công việc trọng tâm của đơn vị.",
  refuse: "Chưa đồng ý vì yêu cầu công tác của đơn vị trong thời gian này.",
  withdraw: "Gia đình thay đổi kế hoạch.",
  extend: "Cơ sở đào tạo đề nghị kéo dài thời gian học tập.",
  report:
    "Đã thực hiện đúng nội dung, thời gian được phép; giữ liên lạc với chi bộ; không phát sinh vấn đề cần báo cáo.",
  cellComment: "Đồng chí chấp hành tốt quy định khi ở nước ngoài.",
  committeeComment: "Cấp ủy ghi nhận báo cáo, đạt yêu cầu.",
  relative: "Nguyễn Thị Lan",
}

/** What the tenant's report-deadline setting is until an administrator changes it, as `tripPolicy` reads it. */
const SETTINGS = { reportDeadline: DEFAULT_REPORT_DEADLINE }

/**
 * Drives one trip through the platform's own state machine, command by command, on the days given:
 * the record is what the workflow would have stored, never a status written by hand. A refusal is a
 * defect of the plan, so it throws.
 */
class Drive {
  trip: Trip
  readonly events: Array<TripEvent>
  last: Day
  private readonly today: Day
  constructor(trip: Trip, events: ReadonlyArray<TripEvent>, drafted: Day, today: Day) {
    this.today = today
    this.trip = trip
    this.events = [...events]
    this.last = drafted
  }
  /** Applies `command` on `day` (never before the previous step, never after today). */
  run(day: Day, command: (trip: Trip) => TripCommand): void {
    const on = Math.min(Math.max(day, this.last), this.today)
    const text = dayText(on)
    const version = this.trip.submission?.regulationVersion ?? versionInForce(text)
    const result = transition(this.trip, command(this.trip), { today: text, policy: policyFor(version, SETTINGS) })
    if (Result.isFailure(result)) {
      throw new Error(
        `generated trip ${this.trip.id}: ${command(this.trip).type} on ${text} refused (${result.failure.rule})`,
      )
    }
    this.trip = result.success.trip
    this.events.push(...result.success.events)
    this.last = on
  }
}

/** The trips of one tenant, each brought to its state through the machine, consistent with `today`. */
export const planTrips = function* (input: {
  readonly random: Draws
  readonly travellers: ReadonlyArray<Traveller>
  readonly count: number
  readonly abroadNow: number
  readonly today: Day
}): Generator<GeneratedTrip> {
  const { random, travellers, today } = input
  if (travellers.length === 0) return
  // Members abroad now are distinct people; other trips may fall to anyone, some members travel often.
  const abroad = new Set<number>()
  while (abroad.size < Math.min(input.abroadNow, travellers.length)) abroad.add(random.int(0, travellers.length - 1))
  const abroadTravellers = [...abroad]
  for (let index = 0; index < input.count; index++) {
    const bucket: Bucket =
      index < abroadTravellers.length
        ? "abroad"
        : random.weighted<Bucket>([
            ["pending", 2.2],
            ["recent", 2.2],
            ["historical", 95.6],
          ])
    const traveller =
      bucket === "abroad" ? travellers[abroadTravellers[index] ?? 0] : travellers[random.int(0, travellers.length - 1)]
    if (traveller === undefined) continue
    yield planTrip(random, traveller, bucket, today)
  }
}

const planTrip = (random: Draws, traveller: Traveller, bucket: Bucket, today: Day): GeneratedTrip => {
  const purpose = random.weighted(
    bucket === "abroad" ? ABROAD_PURPOSES : bucket === "historical" ? PURPOSES : SHORT_PURPOSES,
  )
  const [shortest, longest] = DURATION[purpose]
  let duration = random.int(shortest, longest)
  let departure: Day
  let drafted: Day
  let overdue = false
  switch (bucket) {
    case "abroad": {
      overdue = random.next() < 0.03
      if (overdue) {
        // Should be back by now and is not: the daily check has marked it.
        const plannedReturn = today - random.int(1, 40)
        departure = plannedReturn - duration
      } else {
        departure = today - random.int(1, Math.max(1, duration - 1))
      }
      drafted = departure - random.int(15, 60)
      break
    }
    case "pending":
      drafted = today - random.int(0, 20)
      departure = today + random.int(5, 60)
      break
    case "recent": {
      const back = today - random.int(1, 60)
      departure = back - duration
      drafted = departure - random.int(10, 45)
      break
    }
    case "historical": {
      const latest = today - duration - 120
      if (latest <= FIRST_DAY + 60) duration = random.int(4, 14)
      drafted = random.int(FIRST_DAY, Math.max(FIRST_DAY, today - duration - 120))
      departure = drafted + random.int(12, 60)
      break
    }
  }
  drafted = Math.max(drafted, FIRST_DAY)
  departure = Math.max(departure, drafted + 12)
  const plannedReturn = departure + duration
  const first = random.weighted(DESTINATIONS[purpose])
  const second = random.weighted(DESTINATIONS[purpose])
  const countries = purpose === "official_work" && random.next() < 0.2 && second !== first ? [first, second] : [first]
  const member: TripActor = { kind: "member", memberId: traveller.memberId }
  const drafting = draftTrip(
    {
      id: random.uuid(),
      memberId: traveller.memberId,
      cellId: traveller.cellId,
      purpose,
      countries,
      plannedDeparture: dayText(departure),
      plannedReturn: dayText(plannedReturn),
      companionsWhoAreMembers: purpose === "official_work" ? random.int(0, 4) : 0,
    },
    member,
    { today: dayText(drafted) },
  )
  if (Result.isFailure(drafting)) throw new Error(`generated draft refused (${drafting.failure.rule})`)
  const drive = new Drive(drafting.success.trip, drafting.success.events, drafted, today)
  const routing = routeApproval({ kind: "direct", committeeId: traveller.committeeId })
  const secretary: TripActor = { kind: "cell_secretary", userId: DESK, cellId: traveller.cellId }
  const approver: TripActor = { kind: "approver", userId: DESK, committeeId: traveller.committeeId }
  const officer: TripActor = { kind: "officer", userId: DESK, committeeId: traveller.committeeId }
  const standing = { underDisciplinaryReview: false, underInvestigation: false, politicalIssuePending: false }
  let reportText: string | null = null

  const submit = (day: Day) =>
    drive.run(day, () => ({
      type: "submit",
      actor: member,
      routing,
      partyOrgAtDestination: purpose === "labour_export" || purpose === "study",
    }))
  const opinion = (day: Day, verdict: "agree" | "disagree") =>
    drive.run(day, () => ({ type: "cellOpinion", actor: secretary, verdict, comment: TEXTS[verdict] }))
  const decide = (day: Day, outcome: "approve" | "refuse") =>
    drive.run(day, () => ({
      type: "decide",
      actor: approver,
      outcome,
      ...(outcome === "refuse" ? { reason: TEXTS.refuse } : {}),
      member: standing,
    }))
  const approveBy = (start: Day) => {
    submit(start)
    opinion(start + random.int(1, 3), "agree")
    decide(Math.min(drive.last + random.int(1, 4), departure), "approve")
  }
  const travel = (back: Day | null) => {
    drive.run(departure, () => ({ type: "recordDeparture", actor: officer, on: dayText(departure) }))
    if (back !== null) {
      drive.run(back, () => ({ type: "recordReturn", actor: member, on: dayText(back) }))
    }
  }
  const report = () => {
    drive.run(drive.last + random.int(1, 9), () => ({ type: "submitReport", actor: member }))
    reportText = TEXTS.report
  }
  const comment = (by: "cell" | "committee") =>
    drive.run(drive.last + random.int(1, 5), () => ({
      type: "commentReport",
      actor: by === "cell" ? secretary : approver,
      by,
      comment: by === "cell" ? TEXTS.cellComment : TEXTS.committeeComment,
    }))
  const close = () => drive.run(drive.last + random.int(1, 10), () => ({ type: "close", actor: officer }))
  const actualReturn = () => Math.min(today, plannedReturn + random.int(-2, 1))

  switch (bucket) {
    case "abroad": {
      approveBy(drafted)
      travel(null)
      if (!overdue && duration > 120 && random.next() < 0.04) {
        drive.run(today - random.int(0, 10), (trip) => ({
          type: "requestExtension",
          actor: member,
          newPlannedReturn: dayText(dayOf(trip.plannedReturn) + random.int(60, 365)),
          reason: TEXTS.extend,
        }))
      }
      break
    }
    case "pending": {
      const state = random.weighted([
        ["draft", 15],
        ["submitted", 30],
        ["cell_reviewed", 25],
        ["approved", 22],
        ["rejected", 5],
        ["withdrawn", 3],
      ] as const)
      if (state === "draft") break
      submit(drafted)
      if (state === "withdrawn") {
        drive.run(drafted + random.int(1, 5), () => ({ type: "withdraw", actor: member, reason: TEXTS.withdraw }))
        break
      }
      if (state === "submitted") break
      opinion(drafted + random.int(1, 3), state === "rejected" ? "disagree" : "agree")
      if (state === "cell_reviewed") break
      decide(drive.last + random.int(1, 4), state === "rejected" ? "refuse" : "approve")
      break
    }
    case "recent": {
      approveBy(drafted)
      travel(actualReturn())
      const state = random.weighted([
        ["returned", 45],
        ["reported", 25],
        ["cell_commented", 15],
        ["closed", 15],
      ] as const)
      if (state === "returned") break
      report()
      if (state === "reported") break
      comment("cell")
      if (state === "cell_commented") break
      comment("committee")
      close()
      break
    }
    case "historical": {
      const state = random.weighted([
        ["closed", 88],
        ["rejected", 4],
        ["withdrawn", 3],
        ["reported", 3],
        ["returned", 2],
      ] as const)
      if (state === "withdrawn") {
        submit(drafted)
        drive.run(drafted + random.int(1, 5), () => ({ type: "withdraw", actor: member, reason: TEXTS.withdraw }))
        break
      }
      if (state === "rejected") {
        submit(drafted)
        opinion(drafted + random.int(1, 3), random.next() < 0.5 ? "disagree" : "agree")
        decide(drive.last + random.int(1, 4), "refuse")
        break
      }
      approveBy(drafted)
      travel(actualReturn())
      if (state === "returned") break
      report()
      comment("cell")
      if (state === "reported") break
      comment("committee")
      close()
      break
    }
  }
  // As the daily check leaves it: abroad past the planned return, or back past the report's deadline, is marked.
  const trip = drive.trip
  if (trip.status === "departed" && trip.overdueReturnSince === null && dayOf(trip.plannedReturn) < today) {
    drive.run(dayOf(trip.plannedReturn) + 1, () => ({ type: "markOverdueReturn", actor: { kind: "scheduler" } }))
  }
  const due = drive.trip.reportDueOn
  if (
    drive.trip.status === "returned" &&
    drive.trip.reportOverdueSince === null &&
    due !== null &&
    dayOf(due) < today
  ) {
    drive.run(dayOf(due) + 1, () => ({ type: "markReportOverdue", actor: { kind: "scheduler" } }))
  }
  const relatives: RelativesUndertakingShape | null =
    purpose === "private_family_visit"
      ? {
          relatives: [{ fullName: TEXTS.relative, relation: "con gái", country: first, address: "" }],
          pledged: true,
        }
      : null
  return {
    trip: drive.trip,
    events: drive.events,
    funding: random.weighted(FUNDING[purpose]),
    relativesUndertaking: relatives,
    reportText,
    draftedOn: drafted,
    lastStepOn: drive.last,
  }
}
