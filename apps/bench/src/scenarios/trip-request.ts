import { randomUUID } from "node:crypto"
import { recordAudit } from "@abroad/auth"
import { dayInVietnam, draftTrip, insertTrip, recordTripEvent, TripAudit } from "@abroad/core"
import { Effect, Result } from "effect"
import type postgres from "postgres"
import { benchAccounts } from "../accounts.ts"
import { PLUGIN_INSTALLATIONS } from "../generator/plugin-fields.ts"
import { draws, seedOf } from "../generator/random.ts"
import { captureStatements } from "../harness/capture.ts"
import { measurePluginCost } from "../harness/plugin-cost.ts"
import type { Scenario, Variant } from "./scenario.ts"

/** The tenant and its plugin: Hồ Chí Minh City's own rules and request fields. */
const TENANT = "ho-chi-minh"
const PLUGIN = "ho-chi-minh"

/** Members the requests are filed for, in turn: a pool whose new trips are removed after the run. */
const POOL_SIZE = 50

const PURPOSES = ["official_work", "private_tourism", "study", "private_medical_treatment"] as const
const COUNTRIES = ["JP", "KR", "SG", "TH", "FR", "AU", "US", "DE"] as const

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** One request of the pool: the form an officer fills for the member, with the plugin's fields. */
export const requestForm = (member: { readonly id: string }, index: number, today: string) => {
  const plugin = PLUGIN_INSTALLATIONS.find((plan) => plan.pluginId === PLUGIN)
  if (plugin === undefined) throw new Error(`the data set installs no ${PLUGIN} plugin`)
  const countries = [COUNTRIES[index % COUNTRIES.length] ?? "JP"]
  const departure = addDays(today, 30 + (index % 60))
  return {
    memberId: member.id,
    purpose: PURPOSES[index % PURPOSES.length] ?? "official_work",
    funding: "own" as const,
    countries,
    plannedDeparture: departure,
    plannedReturn: addDays(departure, 7 + (index % 10)),
    companionsWhoAreMembers: 0,
    extra: { [PLUGIN]: plugin.tripFields(draws(seedOf("bench-request", member.id)), { countries }) },
  }
}

export type RequestForm = ReturnType<typeof requestForm>

/** The bench officer's account id in the tenant: the trips it files are the ones to remove. */
const officerId = async (owner: postgres.Sql, username: string) => {
  const [row] = await owner<Array<{ id: string }>>`select id from app_user where username = ${username}`
  if (row === undefined) throw new Error(`no bench account ${username}`)
  return row.id
}

/**
 * Removes every trip the bench officer filed (all three sides', and the plugin-cost measurement's,
 * of this run and of any run cut short before its own clean-up: the generated trips were filed by
 * nobody), with their history and outbox events, as the owner, and vacuums those tables.
 * The audit entries stay: the log is append-only and hash-chained, so each run adds its writes'
 * entries (some 15,000 at scale 1) to the tenant's log.
 */
export const removeFiledTrips = async (owner: postgres.Sql, userId: string): Promise<number> => {
  const removed = await owner.begin(async (tx) => {
    // The history and outbox refuse deletes by trigger (append-only); the owner sets them aside for this.
    // That sets aside the tallies' trigger too (migration 0015): the filed trips are drafts, which
    // no tally counts, so removing them leaves the tallies exact.
    await tx`set local session_replication_role = replica`
    const trips = await tx<Array<{ tenant_id: string; id: string }>>`
      select tenant_id, id from trip where created_by = ${userId}`
    if (trips.length === 0) return 0
    const ids = trips.map((trip) => trip.id)
    await tx`delete from trip_event where trip_id = any(${ids}::uuid[])`
    await tx`delete from outbox_event where entity_type = 'trip' and entity_id = any(${ids}::uuid[])`
    await tx`delete from trip where id = any(${ids}::uuid[])`
    return trips.length
  })
  // As autovacuum would, later: the next run's index-only scans find the trip table all-visible again.
  if (removed > 0) await owner.unsafe("vacuum (analyze) trip, trip_event, outbox_event")
  return removed
}

/**
 * Lập đơn đề nghị: an officer of Hồ Chí Minh City files a request for a member, with the fields of
 * the city's plugin (host abroad, emergency contact), as `POST /api/t/ho-chi-minh/trips` serves
 * it: the plugin's Schemas check the fields (in its worker), its `trip.validate` rules run, then the
 * trip, its history row, its outbox event and its audit entry are written. The baseline runs the
 * same four writes, captured from the core's `insertTrip` and `recordTripEvent`.
 */
export const tripRequestScenario: Scenario = {
  id: "trip-request",
  title: "Filing a trip request with the ho-chi-minh plugin's fields (write)",
  targets: {},
  prepare: async (context) => {
    const tenantId = await context.tenantId(TENANT)
    const [account] = benchAccounts([TENANT])
    if (account === undefined) throw new Error("no bench account")
    const userId = await officerId(context.owner, account.username)
    // What a run interrupted before its clean-up (Ctrl-C) left behind would count in the comparison.
    await removeFiledTrips(context.owner, userId)
    const today = dayInVietnam(new Date())
    const pool = await context.owner<Array<{ id: string; org_unit_id: string }>>`
      select id, org_unit_id from member
       where tenant_id = ${tenantId} and status = 'active' order by id limit ${POOL_SIZE}`
    const since = new Date()
    const variants: Array<Variant> = []
    for (const [index, member] of pool.entries()) {
      const form = requestForm(member, index, today)
      const tripId = randomUUID()
      const drafted = draftTrip(
        { ...form, id: tripId, cellId: member.org_unit_id },
        { kind: "officer", userId, committeeId: "" },
        { today },
      )
      if (Result.isFailure(drafted)) throw new Error(`the bench request is refused: ${drafted.failure.message.en}`)
      const { trip, events } = drafted.success
      const [event] = events
      if (event === undefined) throw new Error("a draft without its event")
      const audit = TripAudit.of({
        record: (entry) =>
          recordAudit({
            action: entry.action,
            entityType: "trip",
            entityId: entry.tripId,
            details: entry.details,
            actorUserId: userId,
            actor: account.username,
            ip: "127.0.0.1",
          }),
      })
      const statements = await captureStatements(
        tenantId,
        Effect.provideService(
          Effect.gen(function* () {
            yield* insertTrip(trip, {
              funding: form.funding,
              createdBy: userId,
              companions: [],
              relativesUndertaking: null,
              extra: form.extra,
            })
            yield* recordTripEvent(event, userId)
          }),
          TripAudit,
          audit,
        ),
      )
      variants.push({
        request: { method: "POST", path: `/api/t/${TENANT}/trips`, body: JSON.stringify(form) },
        statements,
        tenantId,
        freshValues: [tripId],
      })
    }
    const forms = pool.map((member, index) => requestForm(member, index, today))
    return {
      writes: true,
      account,
      variants,
      // A write answers no rows on the baseline: the three sides must write the same trip instead.
      idsOfPlatformAnswer: () => [],
      idsOfBaselineRows: () => [],
      sameWrite: async () => {
        const [first] = pool
        if (first === undefined) return false
        const rows = await context.owner<Array<{ row: string }>>`
          select (to_jsonb(trip) - '{id,created_at,updated_at,record}'::text[])::text
                 || (trip.record - 'id')::text as row
            from trip where created_by = ${userId} and member_id = ${first.id} and created_at >= ${since}
           order by created_at`
        return rows.length === 3 && rows.every((written) => written.row === rows[0]?.row)
      },
      cleanUp: async () => `removed ${await removeFiledTrips(context.owner, userId)} trips filed by the run`,
      extra: (platform) =>
        measurePluginCost({
          owner: context.owner,
          platformUrl: platform.url,
          headers: platform.headers,
          tenantId,
          pluginId: PLUGIN,
          tenantCode: TENANT,
          forms,
          seconds: platform.seconds,
        }),
    }
  },
}
