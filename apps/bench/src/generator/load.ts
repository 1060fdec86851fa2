import { createHash } from "node:crypto"
import { referenceTenants } from "@abroad/core"
import type postgres from "postgres"
import { arrayLiteral, type Cell, copyInto } from "./copy.ts"
import { type Day, dayOf, dayText } from "./days.ts"
import { CitizenIds, planMembers } from "./members.ts"
import { planOrganisation } from "./organisation.ts"
import { PLUGIN_INSTALLATIONS, pluginsOf } from "./plugin-fields.ts"
import { draws, seedOf } from "./random.ts"
import { planTenants, type TenantPlan } from "./tenants.ts"
import { type GeneratedTrip, planTrips, type Traveller } from "./trips.ts"

export interface GenerateOptions {
  /** 1 is the whole country: 5.6 million members, 450,000 trips, 40,000 members abroad now. */
  readonly scale: number
  readonly seed: number
  /** The data set's today (`YYYY-MM-DD`): trips under way, requests waiting and overdue marks are as of this day. */
  readonly today: string
  readonly log?: (line: string) => void
}

export interface LoadCounts {
  readonly tenants: number
  readonly orgUnits: number
  readonly members: number
  readonly trips: number
  readonly tripEvents: number
  readonly tripReports: number
  /** Distinct members with a trip under way (departed, not back) on `today`. */
  readonly membersAbroadNow: number
}

export interface GenerateReport extends LoadCounts {
  readonly scale: number
  readonly seed: number
  readonly today: string
  /** SHA-256 of every row as sent to the database, in order: the same seed, scale and day give the same. */
  readonly checksum: string
  readonly seconds: number
}

/** What `userOf` in the core names an actor in a trip's history. */
const actorName = (actor: GeneratedTrip["events"][number]["actor"]): string => {
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

const ORG_UNIT = ["tenant_id", "id", "parent_id", "kind", "name", "path", "valid_from", "created_at"]
const MEMBER = [
  "tenant_id",
  "id",
  "org_unit_id",
  "full_name",
  "sex",
  "birth_date",
  "citizen_id",
  "party_card_no",
  "status",
  "admitted_on",
  "full_member_on",
  "created_at",
  "updated_at",
]
const TRIP = [
  "tenant_id",
  "id",
  "member_id",
  "cell_id",
  "status",
  "purpose",
  "funding",
  "countries",
  "planned_departure",
  "planned_return",
  "actual_departure",
  "actual_return",
  "companions_who_are_members",
  "routing_committee_id",
  "routing_basis",
  "regulation_version",
  "arrangement_kind",
  "report_due_on",
  "report_submitted_on",
  "overdue_return_since",
  "report_overdue_since",
  "revision",
  "record",
  "relatives_undertaking",
  "extra",
  "created_at",
  "updated_at",
]
const TRIP_EVENT = [
  "tenant_id",
  "id",
  "trip_id",
  "revision",
  "type",
  "actor_kind",
  "actor",
  "occurred_on",
  "occurred_at",
  "data",
]
const TRIP_REPORT = ["tenant_id", "trip_id", "body", "submitted_at"]

const clock = (random: ReturnType<typeof draws>) =>
  `${String(random.int(7, 17)).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}:${String(
    random.int(0, 59),
  ).padStart(2, "0")}.${String(random.int(0, 999_999)).padStart(6, "0")}+07`

const tripRow = (
  tenantId: string,
  generated: GeneratedTrip,
  createdAt: string,
  extra: Readonly<Record<string, unknown>>,
): ReadonlyArray<Cell> => {
  const { trip } = generated
  return [
    tenantId,
    trip.id,
    trip.memberId,
    trip.cellId,
    trip.status,
    trip.purpose,
    generated.funding,
    arrayLiteral(trip.countries),
    trip.plannedDeparture,
    trip.plannedReturn,
    trip.actualDeparture,
    trip.actualReturn,
    trip.companionsWhoAreMembers,
    trip.submission?.routing.committeeId ?? null,
    trip.submission?.routing.basis ?? null,
    trip.submission?.regulationVersion ?? null,
    trip.submission?.arrangement.kind ?? null,
    trip.reportDueOn,
    trip.report?.submittedOn ?? null,
    trip.overdueReturnSince,
    trip.reportOverdueSince,
    trip.revision,
    JSON.stringify(trip),
    generated.relativesUndertaking === null ? null : JSON.stringify(generated.relativesUndertaking),
    JSON.stringify(extra),
    createdAt,
    `${dayText(generated.lastStepOn)} 17:00:00+07`,
  ]
}

/**
 * Each trip's plugin fields (`extra`), for a tenant with plugins: the fields of every plugin
 * installed by the day the trip was drafted. They are drawn from a stream of their own, so a
 * tenant's other rows are the same with or without its plugins.
 */
const pluginExtras = (
  seed: number,
  tenant: string,
  trips: ReadonlyArray<GeneratedTrip>,
): ReadonlyArray<Readonly<Record<string, unknown>>> => {
  const plugins = pluginsOf(tenant)
  if (plugins.length === 0) return trips.map(() => ({}))
  const random = draws(seedOf(seed, tenant, "plugin-fields"))
  return trips.map((generated) =>
    Object.fromEntries(
      plugins
        .filter((plugin) => generated.draftedOn >= plugin.since)
        .map((plugin) => [plugin.pluginId, plugin.tripFields(random, generated.trip)]),
    ),
  )
}

/** One tenant: its tree, its members, their trips with history and reports, in one transaction. */
const loadTenant = async (
  tx: postgres.TransactionSql,
  input: {
    readonly tenantId: string
    readonly plan: TenantPlan
    /** The tenant's place in the plan: its share of every citizen-ID serial range. */
    readonly tenantIndex: number
    readonly seed: number
    readonly today: Day
    readonly provinces: ReadonlyArray<string>
    readonly firstCardSerial: number
    readonly hash: ReturnType<typeof createHash>
  },
): Promise<Omit<LoadCounts, "tenants">> => {
  const { tenantId, plan, hash, today } = input
  const random = draws(seedOf(input.seed, plan.code))
  const { units, cells } = planOrganisation(random, plan)
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parentId]))
  const travellers: Array<Traveller> = []
  const orgUnits = await copyInto(
    tx,
    "org_unit",
    ORG_UNIT,
    units.map((unit) => [
      tenantId,
      unit.id,
      unit.parentId,
      unit.kind,
      unit.name,
      unit.path,
      "2015-01-01",
      "2015-01-01 00:00:00+07",
    ]),
    hash,
  )
  const memberRows = function* () {
    for (const member of planMembers({
      random,
      cells,
      provinceCode: plan.adminCode,
      provinces: input.provinces,
      citizenIds: new CitizenIds(input.tenantIndex),
      firstCardSerial: input.firstCardSerial,
      today,
    })) {
      if (member.status === "active") {
        travellers.push({
          memberId: member.id,
          cellId: member.orgUnitId,
          committeeId: parentOf.get(member.orgUnitId) ?? member.orgUnitId,
        })
      }
      const joined = `${member.admittedOn} 09:00:00+07`
      yield [
        tenantId,
        member.id,
        member.orgUnitId,
        member.fullName,
        member.sex,
        member.birthDate,
        member.citizenId,
        member.partyCardNo,
        member.status,
        member.admittedOn,
        member.fullMemberOn,
        joined,
        joined,
      ]
    }
  }
  const members = await copyInto(tx, "member", MEMBER, memberRows(), hash)
  const trips = [...planTrips({ random, travellers, count: plan.trips, abroadNow: plan.abroadNow, today })]
  const created = trips.map((trip) => `${dayText(trip.draftedOn)} ${clock(random)}`)
  const extras = pluginExtras(input.seed, plan.code, trips)
  await copyInto(
    tx,
    "trip",
    TRIP,
    trips.map((trip, index) => tripRow(tenantId, trip, created[index] ?? "", extras[index] ?? {})),
    hash,
  )
  const eventRows = function* () {
    for (const generated of trips) {
      for (const event of generated.events) {
        yield [
          tenantId,
          random.uuid(),
          event.tripId,
          event.revision,
          event.type,
          event.actor.kind,
          actorName(event.actor),
          event.occurredOn,
          `${event.occurredOn} ${String(8 + (event.revision % 10)).padStart(2, "0")}:00:00+07`,
          JSON.stringify(event.data),
        ]
      }
    }
  }
  const tripEvents = await copyInto(tx, "trip_event", TRIP_EVENT, eventRows(), hash)
  const reportRows = function* () {
    for (const generated of trips) {
      if (generated.reportText === null || generated.trip.report === null) continue
      yield [tenantId, generated.trip.id, generated.reportText, `${generated.trip.report.submittedOn} 10:00:00+07`]
    }
  }
  const tripReports = await copyInto(tx, "trip_report", TRIP_REPORT, reportRows(), hash)
  const abroad = new Set(trips.filter((t) => t.trip.status === "departed").map((t) => t.trip.memberId))
  return {
    orgUnits,
    members,
    trips: trips.length,
    tripEvents,
    tripReports,
    membersAbroadNow: abroad.size,
  }
}

/** The tables the generator fills, whose secondary indexes it sets aside during the load. */
const LOADED_TABLES = ["org_unit", "member", "trip", "trip_event", "trip_report"]

/**
 * Sets aside the loaded tables' indexes that no constraint owns (the trigram index on names, the
 * lists' indexes, the unique party-card index) and returns the statements that rebuild them exactly
 * as the migrations made them: building an index once over millions of rows is several times faster
 * than growing it row by row. Keys and unique constraints stay, so duplicates still fail the load.
 */
const setIndexesAside = async (tx: postgres.TransactionSql): Promise<ReadonlyArray<string>> => {
  const indexes = await tx<Array<{ name: string; definition: string }>>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
      from pg_index i
     where i.indrelid = any(${LOADED_TABLES.map((table) => `public.${table}`)}::regclass[])
       and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by 1`
  for (const index of indexes) await tx.unsafe(`drop index ${index.name}`)
  return indexes.map((index) => index.definition)
}

/**
 * Writes the national data set into a database that has the platform's schema and reference
 * tenants but no tenant data yet, tenant by tenant, with COPY, as the owner. Deterministic: the
 * same scale, seed and day give byte-for-byte the same rows (see `checksum`).
 */
export const generateNationalData = async (sql: postgres.Sql, options: GenerateOptions): Promise<GenerateReport> => {
  const started = performance.now()
  const log = options.log ?? (() => {})
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`
  const today = dayOf(options.today)
  const tenants = await sql<Array<{ id: string; code: string }>>`select id, code from tenant`
  const idOf = new Map(tenants.map((tenant) => [tenant.code, tenant.id]))
  const provinces = referenceTenants.flatMap((tenant) => (tenant.adminCode === null ? [] : [tenant.adminCode]))
  const totals = { orgUnits: 0, members: 0, trips: 0, tripEvents: 0, tripReports: 0, membersAbroadNow: 0 }
  const plans = planTenants(options.scale)
  // Party card numbers run on across tenants in the plan's order, whatever order tenants load in.
  const firstCards = plans.map((_, index) => 10_000_000 + plans.slice(0, index).reduce((sum, p) => sum + p.members, 0))
  const digests: Array<string> = plans.map(() => "")
  const settings = async (tx: postgres.TransactionSql) => {
    // The generator's rows satisfy the foreign keys and the country check by construction (the
    // tests check them); as the superuser, the load skips those triggers, row by row the slowest part.
    await tx`set local session_replication_role = replica`
    await tx`set local synchronous_commit = off`
    await tx`set local maintenance_work_mem = '512MB'`
  }
  const rebuild = await sql.begin(async (tx) => setIndexesAside(tx))
  // Tenants load in parallel, one transaction each, on as many connections as the pool has (one
  // PostgreSQL backend per core). A load that fails leaves no manifest, so the next run starts over.
  let next = 0
  let done = 0
  const worker = async () => {
    for (let index = next++; index < plans.length; index = next++) {
      const plan = plans[index]
      if (plan === undefined) break
      const tenantId = idOf.get(plan.code)
      if (tenantId === undefined) throw new Error(`tenant ${plan.code} is not seeded: run the reference seed first`)
      const hash = createHash("sha256")
      const counts = await sql.begin(async (tx) => {
        await settings(tx)
        return loadTenant(tx, {
          tenantId,
          plan,
          tenantIndex: index,
          seed: options.seed,
          today,
          provinces,
          firstCardSerial: firstCards[index] ?? 0,
          hash,
        })
      })
      digests[index] = hash.digest("hex")
      for (const key of Object.keys(totals) as Array<keyof typeof totals>) totals[key] += counts[key]
      log(
        `${String(++done).padStart(2)}/${plans.length} ${plan.code}: ${counts.members} members, ${counts.trips} trips (${elapsed()})`,
      )
    }
  }
  await Promise.all(Array.from({ length: sql.options.max }, worker))
  for (const plugin of PLUGIN_INSTALLATIONS) {
    const tenantId = idOf.get(plugin.tenant)
    if (tenantId === undefined) throw new Error(`tenant ${plugin.tenant} is not seeded`)
    await sql`
      insert into plugin_installation (tenant_id, plugin_id, version, config, enabled, installed_at, updated_at)
      values (${tenantId}, ${plugin.pluginId}, ${plugin.version}, ${sql.json(plugin.config as postgres.JSONValue)}, true,
              ${`${plugin.installedOn} 09:00:00+07`}, ${`${plugin.installedOn} 09:00:00+07`})`
  }
  await sql.begin(async (tx) => {
    await settings(tx)
    for (const definition of rebuild) {
      log(`${definition.replace(/ USING .*/, "")} (${elapsed()})`)
      await tx.unsafe(definition)
    }
  })
  // The load skipped the triggers that keep the tallies of trips (migration 0015) with the others:
  // counted once here from the trips loaded, as the migration counts a database's existing trips.
  log(`counting the tallies of trips (${elapsed()})`)
  await sql`select abroad_refill_trip_tallies()`
  // And each tenant's distinct names, which member search ranks near matches among (migration 0020).
  log(`noting the members' names (${elapsed()})`)
  await sql`insert into member_tenant_name (tenant_id, search_name) select distinct tenant_id, search_name from member on conflict do nothing`
  const checksum = createHash("sha256")
    .update(`${options.scale}|${options.seed}|${options.today}\n${digests.join("\n")}`)
    .digest("hex")
  return {
    scale: options.scale,
    seed: options.seed,
    today: options.today,
    tenants: plans.length,
    ...totals,
    checksum,
    seconds: (performance.now() - started) / 1000,
  }
}
