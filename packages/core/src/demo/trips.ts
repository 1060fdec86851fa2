import { randomUUID } from "node:crypto"
import { type DatabaseError, type TenantTx, type TripFunding, tenantQuery } from "@abroad/db"
import { Effect, Result } from "effect"
import { sql } from "kysely"
import { type CalendarDate, todayInVietnam } from "../calendar/calendar-day.ts"
import { addCalendarDays } from "../calendar/working-days.ts"
import type { TripActor } from "../trips/actors.ts"
import type { TripCommand } from "../trips/commands.ts"
import type { TripEvent } from "../trips/events.ts"
import type { TripPurpose } from "../trips/purpose.ts"
import { draftTrip, transition } from "../trips/transition.ts"
import type { Trip } from "../trips/trip.ts"
import { insertTrip, insertTripHistory, routingOf, standingOf, tripPolicy } from "../trips/workflow.ts"
import type { SeededRandom } from "./random.ts"

/** What the demo's desks call themselves in the trips' records: no account stands behind them. */
const DEMO_DESK = "demo-seed"

type Action =
  | "submit"
  | "agree"
  | "disagree"
  | "approve"
  | "refuse"
  | "withdraw"
  | "depart"
  | "return"
  | "extend"
  | "report"
  | "cellComment"
  | "committeeComment"
  | "close"
  | "markReturnOverdue"
  | "markReportOverdue"

/** One step of a demo trip, `at` days from the day of seeding (negative: in the past). */
interface DemoStep {
  readonly at: number
  readonly action: Action
  /** For `extend`: the new planned return, in days from the day of seeding. */
  readonly until?: number
}

/** Who travels: any member in good standing, the demo member account's member, or one under review. */
type Traveller = "any" | "demo_member" | "demo_cell" | "under_review"

interface DemoTripPlan {
  /** The state it ends in, for the reader of this list. */
  readonly shows: string
  readonly traveller: Traveller
  readonly purpose?: TripPurpose
  readonly drafted: number
  readonly departure: number
  readonly plannedReturn: number
  readonly steps: ReadonlyArray<DemoStep>
}

const steps = (...entries: ReadonlyArray<readonly [number, Action, number?]>): ReadonlyArray<DemoStep> =>
  entries.map(([at, action, until]) => (until === undefined ? { at, action } : { at, action, until }))

/** The way to approval: submitted, the cell agrees two days later, the committee decides two days after. */
const approvedFrom = (day: number) => steps([day, "submit"], [day + 2, "agree"], [day + 4, "approve"])

/**
 * Trips in every state of the workflow, dated around the day of seeding so that the lists make
 * sense on any day: some abroad now, one overdue to return, one with its report overdue.
 */
const PLANS: ReadonlyArray<DemoTripPlan> = [
  { shows: "draft", traveller: "demo_member", drafted: -1, departure: 25, plannedReturn: 35, steps: [] },
  {
    shows: "submitted",
    traveller: "demo_cell",
    drafted: -3,
    departure: 20,
    plannedReturn: 30,
    steps: steps([-3, "submit"]),
  },
  {
    shows: "cell_reviewed",
    traveller: "any",
    drafted: -6,
    departure: 18,
    plannedReturn: 28,
    steps: steps([-6, "submit"], [-4, "agree"]),
  },
  {
    shows: "cell_reviewed, the member under review: an approval is refused",
    traveller: "under_review",
    purpose: "private_tourism",
    drafted: -8,
    departure: 21,
    plannedReturn: 27,
    steps: steps([-8, "submit"], [-5, "agree"]),
  },
  { shows: "approved", traveller: "any", drafted: -15, departure: 6, plannedReturn: 16, steps: approvedFrom(-15) },
  {
    shows: "rejected",
    traveller: "any",
    purpose: "private_tourism",
    drafted: -20,
    departure: 10,
    plannedReturn: 20,
    steps: steps([-20, "submit"], [-18, "disagree"], [-16, "refuse"]),
  },
  {
    shows: "withdrawn",
    traveller: "any",
    drafted: -10,
    departure: 30,
    plannedReturn: 40,
    steps: steps([-10, "submit"], [-8, "withdraw"]),
  },
  {
    shows: "departed, a ten-month study stay: temporary transfer of party activity",
    traveller: "any",
    purpose: "study",
    drafted: -60,
    departure: -20,
    plannedReturn: 280,
    steps: [...approvedFrom(-60), { at: -20, action: "depart" }],
  },
  {
    shows: "departed, an extension waiting for the committee",
    traveller: "any",
    purpose: "official_work",
    drafted: -40,
    departure: -12,
    plannedReturn: 5,
    steps: [...approvedFrom(-40), ...steps([-12, "depart"], [-2, "extend", 15])],
  },
  {
    shows: "departed, overdue to return",
    traveller: "any",
    drafted: -50,
    departure: -30,
    plannedReturn: -5,
    steps: [...approvedFrom(-50), ...steps([-30, "depart"], [0, "markReturnOverdue"])],
  },
  {
    shows: "returned, the report due in a few days",
    traveller: "demo_member",
    drafted: -40,
    departure: -20,
    plannedReturn: -3,
    steps: [...approvedFrom(-40), ...steps([-20, "depart"], [-2, "return"])],
  },
  {
    shows: "returned, the report overdue",
    traveller: "any",
    drafted: -80,
    departure: -60,
    plannedReturn: -40,
    steps: [...approvedFrom(-80), ...steps([-60, "depart"], [-40, "return"], [0, "markReportOverdue"])],
  },
  {
    shows: "reported, waiting for the comments",
    traveller: "any",
    drafted: -70,
    departure: -45,
    plannedReturn: -25,
    steps: [...approvedFrom(-70), ...steps([-45, "depart"], [-25, "return"], [-20, "report"])],
  },
  {
    shows: "closed",
    traveller: "any",
    drafted: -100,
    departure: -80,
    plannedReturn: -60,
    steps: [
      ...approvedFrom(-100),
      ...steps(
        [-80, "depart"],
        [-60, "return"],
        [-55, "report"],
        [-50, "cellComment"],
        [-48, "committeeComment"],
        [-45, "close"],
      ),
    ],
  },
  {
    shows: "departed, labour export for two years: official transfer (3A-SHĐ, 3C-SHĐ)",
    traveller: "any",
    purpose: "labour_export",
    drafted: -120,
    departure: -90,
    plannedReturn: 640,
    steps: [...approvedFrom(-120), { at: -90, action: "depart" }],
  },
  {
    shows: "closed, an older trip",
    traveller: "any",
    drafted: -200,
    departure: -170,
    plannedReturn: -150,
    steps: [
      ...approvedFrom(-200),
      ...steps(
        [-170, "depart"],
        [-150, "return"],
        [-146, "report"],
        [-140, "cellComment"],
        [-139, "committeeComment"],
        [-138, "close"],
      ),
    ],
  },
]

const SHORT_PURPOSES: ReadonlyArray<TripPurpose> = [
  "official_work",
  "private_tourism",
  "private_family_visit",
  "private_medical_treatment",
]
const COUNTRIES = ["JP", "KR", "CN", "TH", "SG", "LA", "KH", "US", "DE", "FR", "AU", "RU", "GB", "MY"]
const FUNDING: Readonly<Record<TripPurpose, TripFunding>> = {
  official_work: "state_budget",
  study: "foreign_sponsor",
  labour_export: "own",
  private_tourism: "own",
  private_family_visit: "own",
  private_medical_treatment: "own",
  settlement: "own",
}

const TEXTS = {
  agree: "Chi bộ nhất trí đề nghị của đồng chí.",
  disagree: "Chi bộ chưa nhất trí: đồng chí đang phụ trách đợt kiểm tra của đơn vị.",
  refuse: "Chưa đồng ý vì yêu cầu công tác của đơn vị trong thời gian này.",
  withdraw: "Gia đình thay đổi kế hoạch.",
  extend: "Đối tác đề nghị kéo dài đợt làm việc thêm mười ngày.",
  report:
    "Đã thực hiện đúng nội dung, thời gian được phép; giữ liên lạc với chi bộ; không phát sinh vấn đề cần báo cáo.",
  cellComment: "Đồng chí chấp hành tốt quy định khi ở nước ngoài.",
  committeeComment: "Cấp ủy ghi nhận báo cáo, đạt yêu cầu.",
}

interface DemoMember {
  readonly id: string
  readonly orgUnitId: string
  readonly status: string
}

const commandFor = (
  step: DemoStep,
  trip: Trip,
  day: (offset: number) => CalendarDate,
): Effect.Effect<TripCommand, DatabaseError, TenantTx> => {
  const member: TripActor = { kind: "member", memberId: trip.memberId }
  const committeeId = trip.submission?.routing.committeeId ?? ""
  const approver: TripActor = { kind: "approver", userId: DEMO_DESK, committeeId }
  const officer: TripActor = { kind: "officer", userId: DEMO_DESK, committeeId }
  const secretary: TripActor = { kind: "cell_secretary", userId: DEMO_DESK, cellId: trip.cellId }
  const scheduler: TripActor = { kind: "scheduler" }
  switch (step.action) {
    case "submit":
      return Effect.map(routingOf(trip.memberId), (routing) => ({
        type: "submit",
        actor: member,
        routing,
        partyOrgAtDestination: trip.purpose === "labour_export",
      }))
    case "approve":
    case "refuse":
      return Effect.map(standingOf(trip.memberId), (standing) => ({
        type: "decide",
        actor: approver,
        outcome: step.action === "approve" ? "approve" : "refuse",
        ...(step.action === "refuse" ? { reason: TEXTS.refuse } : {}),
        member: standing,
      }))
    case "agree":
    case "disagree":
      return Effect.succeed({
        type: "cellOpinion",
        actor: secretary,
        verdict: step.action,
        comment: TEXTS[step.action],
      })
    case "withdraw":
      return Effect.succeed({ type: "withdraw", actor: member, reason: TEXTS.withdraw })
    case "depart":
      return Effect.succeed({ type: "recordDeparture", actor: officer, on: day(step.at) })
    case "return":
      return Effect.succeed({ type: "recordReturn", actor: member, on: day(step.at) })
    case "extend":
      return Effect.succeed({
        type: "requestExtension",
        actor: member,
        newPlannedReturn: day(step.until ?? step.at),
        reason: TEXTS.extend,
      })
    case "report":
      return Effect.succeed({ type: "submitReport", actor: member })
    case "cellComment":
      return Effect.succeed({ type: "commentReport", actor: secretary, by: "cell", comment: TEXTS.cellComment })
    case "committeeComment":
      return Effect.succeed({
        type: "commentReport",
        actor: approver,
        by: "committee",
        comment: TEXTS.committeeComment,
      })
    case "close":
      return Effect.succeed({ type: "close", actor: officer })
    case "markReturnOverdue":
      return Effect.succeed({ type: "markOverdueReturn", actor: scheduler })
    case "markReportOverdue":
      return Effect.succeed({ type: "markReportOverdue", actor: scheduler })
  }
}

/** Brings one planned trip to its state through the machine itself, day by day; a refusal is a broken plan. */
const driveTrip = (plan: DemoTripPlan, traveller: DemoMember, random: SeededRandom, today: CalendarDate) =>
  Effect.gen(function* () {
    const day = (offset: number) => addCalendarDays(today, offset)
    const purpose = plan.purpose ?? random.pick(SHORT_PURPOSES)
    const first = random.pick(COUNTRIES)
    const second = random.pick(COUNTRIES)
    const drafted = draftTrip(
      {
        id: randomUUID(),
        memberId: traveller.id,
        cellId: traveller.orgUnitId,
        purpose,
        countries: random.next() < 0.3 && second !== first ? [first, second] : [first],
        plannedDeparture: day(plan.departure),
        plannedReturn: day(plan.plannedReturn),
        companionsWhoAreMembers: purpose === "official_work" ? random.int(0, 3) : 0,
      },
      { kind: "member", memberId: traveller.id },
      { today: day(plan.drafted) },
    )
    if (Result.isFailure(drafted)) return yield* Effect.die(drafted.failure)
    let trip = drafted.success.trip
    const events: Array<TripEvent> = [...drafted.success.events]
    for (const step of plan.steps) {
      const command = yield* commandFor(step, trip, day)
      const policy = yield* tripPolicy(trip, day(step.at))
      const result = transition(trip, command, { today: day(step.at), policy })
      if (Result.isFailure(result)) {
        return yield* Effect.die(
          new Error(`demo trip "${plan.shows}": ${step.action} refused (${result.failure.rule})`),
        )
      }
      trip = result.success.trip
      events.push(...result.success.events)
    }
    return { trip, events, funding: FUNDING[purpose] }
  })

/**
 * The demo trips of the current tenant, unless it has trips already. Written as data brought in:
 * the trip and its history, the report's text — no outbox event and no audit entry, since nothing
 * happens now that plugins or auditors should hear of. Deterministic but for the dates, which
 * follow the day of seeding.
 */
export const seedDemoTrips = (random: SeededRandom): Effect.Effect<number, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    yield* tenantQuery((db, tenantId) =>
      sql`select pg_advisory_xact_lock(hashtextextended(${`abroad_seed:demo-trips:${tenantId}`}, 0))`.execute(db),
    )
    const existing = yield* tenantQuery((db) => db.selectFrom("trip").select("id").limit(1).executeTakeFirst())
    if (existing !== undefined) return 0
    const members = yield* tenantQuery((db) =>
      db.selectFrom("member").select(["id", "org_unit_id as orgUnitId", "status"]).orderBy("citizen_id").execute(),
    )
    // The member the demo member account is, chosen as seedDemoAccounts chooses it: the first
    // member of the first cell by name. Their trips are what the member portal shows.
    const demoCell = yield* tenantQuery((db) =>
      db
        .selectFrom("org_unit")
        .select("id")
        .where("kind", "=", "cell")
        .orderBy("name")
        .orderBy("id")
        .executeTakeFirst(),
    )
    const inDemoCell = members.filter((member) => member.orgUnitId === demoCell?.id)
    const demoMember = yield* tenantQuery((db) =>
      db
        .selectFrom("member")
        .select("id")
        .where("org_unit_id", "=", demoCell?.id ?? "00000000-0000-0000-0000-000000000000")
        .orderBy("full_name")
        .orderBy("id")
        .executeTakeFirst(),
    )
    const active = members.filter((member) => member.status === "active")
    const pool = active.filter((member) => member.id !== demoMember?.id)
    const pick = (traveller: Traveller): DemoMember | undefined => {
      switch (traveller) {
        case "demo_member":
          return active.find((member) => member.id === demoMember?.id) ?? pick("any")
        case "demo_cell":
          return inDemoCell.find((member) => member.id !== demoMember?.id && member.status === "active") ?? pick("any")
        case "under_review":
          return members.find((member) => member.status === "under_review")
        case "any": {
          if (pool.length === 0) return undefined
          return pool.splice(random.int(0, pool.length - 1), 1)[0]
        }
      }
    }
    const today = yield* todayInVietnam
    let written = 0
    for (const plan of PLANS) {
      const traveller = pick(plan.traveller)
      if (traveller === undefined) continue
      const { trip, events, funding } = yield* driveTrip(plan, traveller, random, today)
      yield* insertTrip(trip, {
        funding,
        createdBy: null,
        // A family visit comes with its undertaking (Annex II), as the request form requires.
        relativesUndertaking:
          trip.purpose === "private_family_visit"
            ? {
                relatives: [
                  { fullName: "Nguyễn Thị Lan", relation: "con gái", country: trip.countries[0] ?? "JP", address: "" },
                ],
                pledged: true,
              }
            : null,
      })
      for (const event of events) yield* insertTripHistory(event, null)
      if (trip.report !== null) {
        yield* tenantQuery((db, tenantId) =>
          db.insertInto("trip_report").values({ tenant_id: tenantId, trip_id: trip.id, body: TEXTS.report }).execute(),
        )
      }
      written++
    }
    return written
  })
