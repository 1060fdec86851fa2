import { type PluginContext, PluginError, type PluginTrip, type ViolationProposal } from "@abroad/plugin-sdk"
import { dayInVietnam, type ImmigrationRecord } from "./records.ts"

export interface ImmigrationSyncConfig {
  readonly secret: string
  readonly replayWindowSeconds?: number
  readonly matchWindowDays?: number
  readonly overstayGraceDays?: number
}

type Ctx = PluginContext<ImmigrationSyncConfig>

/** What became of one record; kept under `record:<recordId>` so that a record is taken once. */
export interface RecordOutcome {
  readonly recordId: string
  readonly citizenId: string
  readonly direction: "exit" | "entry"
  readonly on: string
  readonly result:
    | "departure_recorded"
    | "return_recorded"
    | "already_recorded"
    | "unknown_citizen"
    | "no_approved_trip"
    | "entry_without_exit"
    | "refused"
  readonly memberId: string | null
  readonly tripId: string | null
  readonly violationIds: ReadonlyArray<string>
  readonly receivedAt: string
}

/** A departed trip the plugin saw leave, checked daily until its member is back. */
interface Watch {
  readonly tripId: string
  readonly memberId: string
  readonly recordId: string
}

const DAY_MS = 86_400_000
const shift = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

const evidenceOf = (record: ImmigrationRecord): Readonly<Record<string, unknown>> => ({
  source: "immigration",
  recordId: record.recordId,
  direction: record.direction,
  crossedAt: record.crossedAt,
  ...(record.gate === undefined ? {} : { gate: record.gate }),
  ...(record.documentNumber === undefined ? {} : { documentNumber: record.documentNumber }),
})

/** The approved trip an exit on `on` starts: planned to leave within the window, not yet back; the nearest planned departure wins. */
const approvedTripFor = (trips: ReadonlyArray<PluginTrip>, on: string, windowDays: number): PluginTrip | undefined =>
  trips
    .filter(
      (trip) =>
        trip.status === "approved" && shift(trip.plannedDeparture, -windowDays) <= on && on <= trip.plannedReturn,
    )
    .sort(
      (a, b) =>
        Math.abs(Date.parse(a.plannedDeparture) - Date.parse(on)) -
        Math.abs(Date.parse(b.plannedDeparture) - Date.parse(on)),
    )[0]

/** Proposes an overstay once per trip, whether the entry or the daily check sees it first. */
const proposeOverstay = async (
  ctx: Ctx,
  trip: PluginTrip,
  evidence: ReadonlyArray<Readonly<Record<string, unknown>>>,
  description: string,
): Promise<string | undefined> => {
  const key = `overstay:${trip.id}`
  if ((await ctx.store.get(key)) !== undefined) return undefined
  const { id } = await ctx.data.violations.propose({
    memberId: trip.memberId,
    tripId: trip.id,
    kind: "overdue_return",
    description,
    evidence,
  })
  await ctx.store.put(key, { violationId: id, at: ctx.clock.now().toISOString() })
  return id
}

const propose = async (ctx: Ctx, proposal: ViolationProposal): Promise<string> =>
  (await ctx.data.violations.propose(proposal)).id

/** Takes one exit or entry: records the travel on the matching trip, or proposes a violation for an officer. */
export const takeRecord = async (ctx: Ctx, record: ImmigrationRecord): Promise<RecordOutcome> => {
  const on = dayInVietnam(record.crossedAt)
  const base = {
    recordId: record.recordId,
    citizenId: record.citizenId,
    direction: record.direction,
    on,
    receivedAt: ctx.clock.now().toISOString(),
  }
  const member = await ctx.data.members.findByCitizenId(record.citizenId)
  if (member === undefined) {
    return { ...base, result: "unknown_citizen", memberId: null, tripId: null, violationIds: [] }
  }
  const trips = await ctx.data.trips.ofMember(member.id)
  const outcome = (
    result: RecordOutcome["result"],
    tripId: string | null,
    violationIds: ReadonlyArray<string> = [],
  ): RecordOutcome => ({ ...base, result, memberId: member.id, tripId, violationIds })
  const refused = (error: unknown, tripId: string): RecordOutcome => {
    // A refusal concerns this record (the trip changed meanwhile): kept as its outcome; anything else fails the call.
    if (!(error instanceof PluginError)) throw error
    return outcome("refused", tripId)
  }

  if (record.direction === "exit") {
    const trip = approvedTripFor(trips, on, ctx.config.matchWindowDays ?? 3)
    if (trip !== undefined) {
      try {
        await ctx.data.trips.recordDeparture(trip.id, on)
      } catch (error) {
        return refused(error, trip.id)
      }
      await ctx.store.put(`watch:${trip.id}`, { tripId: trip.id, memberId: member.id, recordId: record.recordId })
      return outcome("departure_recorded", trip.id)
    }
    const known = trips.find((candidate) => candidate.actualDeparture === on)
    if (known !== undefined) return outcome("already_recorded", known.id)
    const id = await propose(ctx, {
      memberId: member.id,
      kind: "unapproved_travel",
      description: `Xuất cảnh ngày ${on} không có chuyến đi được duyệt. — Exit on ${on} with no approved trip.`,
      evidence: [evidenceOf(record)],
    })
    return outcome("no_approved_trip", null, [id])
  }

  const departed = trips
    .filter((trip) => trip.status === "departed" && (trip.actualDeparture ?? trip.plannedDeparture) <= on)
    .sort((a, b) => (b.actualDeparture ?? "").localeCompare(a.actualDeparture ?? ""))[0]
  if (departed !== undefined) {
    try {
      await ctx.data.trips.recordReturn(departed.id, on)
    } catch (error) {
      return refused(error, departed.id)
    }
    await ctx.store.delete(`watch:${departed.id}`)
    const lastDay = shift(departed.plannedReturn, ctx.config.overstayGraceDays ?? 0)
    if (on <= lastDay) return outcome("return_recorded", departed.id)
    const id = await proposeOverstay(
      ctx,
      departed,
      [evidenceOf(record)],
      `Nhập cảnh ngày ${on}, sau ngày về được duyệt ${departed.plannedReturn}. — Entry on ${on}, after the approved return on ${departed.plannedReturn}.`,
    )
    return outcome("return_recorded", departed.id, id === undefined ? [] : [id])
  }
  const known = trips.find((trip) => trip.actualReturn === on)
  if (known !== undefined) return outcome("already_recorded", known.id)
  // Back with no exit on record: under an approved trip the exit was missed (another gate, a feed
  // gap) and an officer checks it; with no trip at all the member travelled without approval.
  const covering = trips.find(
    (trip) => ["approved", "departed", "returned"].includes(trip.status) && trip.plannedDeparture <= on,
  )
  if (covering !== undefined) return outcome("entry_without_exit", covering.id)
  const id = await propose(ctx, {
    memberId: member.id,
    kind: "unapproved_travel",
    description: `Nhập cảnh ngày ${on} mà không có chuyến đi được duyệt. — Entry on ${on} with no approved trip.`,
    evidence: [evidenceOf(record)],
  })
  return outcome("no_approved_trip", null, [id])
}

/**
 * The daily check of trips the plugin saw leave: a member not back by the approved return (plus the
 * grace days) is proposed as an overstay, once. A trip that is no longer departed is dropped.
 */
export const checkOverstays = async (ctx: Ctx): Promise<void> => {
  const today = ctx.clock.today()
  for (const { key, value } of await ctx.store.list<Watch>("watch:", 1000)) {
    const trip = await ctx.data.trips.get(value.tripId)
    if (trip === undefined || trip.status !== "departed") {
      await ctx.store.delete(key)
      continue
    }
    if (today <= shift(trip.plannedReturn, ctx.config.overstayGraceDays ?? 0)) continue
    const id = await proposeOverstay(
      ctx,
      trip,
      [{ source: "immigration", exitRecordId: value.recordId, noEntryBy: today }],
      `Chưa có bản ghi nhập cảnh đến ngày ${today}, quá ngày về được duyệt ${trip.plannedReturn}. — No entry recorded by ${today}, past the approved return on ${trip.plannedReturn}.`,
    )
    if (id !== undefined) ctx.log.warn(`trip ${trip.id}: not back by the approved return`, { violationId: id })
  }
}
