/** The national data generator: the same seed gives the same data, and the data is what the platform accepts. */
import { memberProblems } from "@abroad/core"
import { dialectAvailable } from "@abroad/db/testing"
import hoChiMinh from "@abroad/plugin-ho-chi-minh"
import { testTenant } from "@abroad/plugin-sdk/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { openPostgres } from "../src/connection.ts"
import { type Dataset, prepareDataset } from "../src/dataset.ts"
import { PLUGIN_INSTALLATIONS } from "../src/generator/plugin-fields.ts"
import { NATIONAL, planTenants } from "../src/generator/tenants.ts"
import { benchTestDatabase } from "./bench-database.ts"

const TODAY = "2026-11-25"

describe("the plan of a data set", () => {
  it("shares members, trips and members abroad over the 85 tenants in proportion to the scale", () => {
    for (const scale of [0.01, 0.1, 1]) {
      const plans = planTenants(scale)
      expect(plans).toHaveLength(85)
      const total = (key: "members" | "trips" | "abroadNow") => plans.reduce((sum, plan) => sum + plan[key], 0)
      // Rounding moves the totals by little; below 0.01 each tenant's minimum lifts them.
      expect(Math.abs(total("members") / (NATIONAL.members * scale) - 1)).toBeLessThan(0.01)
      expect(Math.abs(total("trips") / (NATIONAL.trips * scale) - 1)).toBeLessThan(0.01)
      expect(Math.abs(total("abroadNow") / (NATIONAL.abroadNow * scale) - 1)).toBeLessThan(0.05)
      const [largest] = plans.toSorted((a, b) => b.members - a.members)
      expect(largest?.code).toBe("ha-noi")
    }
  })
})

describe.skipIf(!(await dialectAvailable("postgres")))("a generated data set on PostgreSQL", () => {
  const first = benchTestDatabase()
  const second = benchTestDatabase()
  let a: Dataset
  let b: Dataset
  beforeAll(async () => {
    a = await prepareDataset({ adminUrl: first.adminUrl, database: first.name, scale: 0.001, seed: 7, today: TODAY })
    b = await prepareDataset({ adminUrl: second.adminUrl, database: second.name, scale: 0.001, seed: 7, today: TODAY })
  })
  afterAll(async () => {
    await Promise.all([first.drop(), second.drop()])
  })

  it("comes out the same from the same seed, scale and day, and differs with another seed", async () => {
    expect(a.report.checksum).toMatch(/^[0-9a-f]{64}$/)
    expect(b.report.checksum).toBe(a.report.checksum)
    // The database holds what was sent: the same rows in both, tenant ids aside.
    const content = async (url: string) => {
      const sql = openPostgres(url)
      try {
        const [row] = await sql<Array<{ members: string; trips: string }>>`
          select (select md5(string_agg(concat_ws('|', t.code, m.full_name, m.citizen_id, m.birth_date, m.status), ',' order by m.id))
                    from member m join tenant t on t.id = m.tenant_id) as members,
                 (select md5(string_agg(concat_ws('|', t.code, r.record::text, r.extra::text), ',' order by r.id))
                    from trip r join tenant t on t.id = r.tenant_id) as trips`
        return row
      } finally {
        await sql.end({ timeout: 5 })
      }
    }
    expect(await content(b.ownerUrl)).toEqual(await content(a.ownerUrl))
    const other = benchTestDatabase()
    try {
      const c = await prepareDataset({
        adminUrl: other.adminUrl,
        database: other.name,
        scale: 0.001,
        seed: 8,
        today: TODAY,
      })
      expect(c.report.checksum).not.toBe(a.report.checksum)
    } finally {
      await other.drop()
    }
  })

  it("loads the counts it reports, at the scale asked for", async () => {
    const sql = openPostgres(a.ownerUrl)
    try {
      const [counts] = await sql<
        Array<{ tenants: number; units: number; members: number; trips: number; events: number; abroad: number }>
      >`
        select (select count(distinct tenant_id)::int from member) as tenants,
               (select count(*)::int from org_unit) as units,
               (select count(*)::int from member) as members,
               (select count(*)::int from trip) as trips,
               (select count(*)::int from trip_event) as events,
               (select count(distinct member_id)::int from trip where status = 'departed') as abroad`
      expect(counts).toEqual({
        tenants: 85,
        units: a.report.orgUnits,
        members: a.report.members,
        trips: a.report.trips,
        events: a.report.tripEvents,
        abroad: a.report.membersAbroadNow,
      })
      const planned = planTenants(0.001)
      expect(a.report.members).toBe(planned.reduce((sum, plan) => sum + plan.members, 0))
      expect(a.report.trips).toBe(planned.reduce((sum, plan) => sum + plan.trips, 0))
      // Every trip's history holds one row per revision, and every tenant has its tree and members.
      const [history] = await sql<Array<{ broken: number }>>`
        select count(*)::int as broken from trip
         where revision <> (select count(*) from trip_event e where e.tenant_id = trip.tenant_id and e.trip_id = trip.id)`
      expect(history?.broken).toBe(0)
      // As the daily overdue check leaves the data on its day: nothing left for it to mark.
      const [unmarked] = await sql<Array<{ count: number }>>`
        select count(*)::int as count from trip
         where (status = 'departed' and overdue_return_since is null and planned_return < ${TODAY}::date)
            or (status = 'returned' and report_overdue_since is null and report_due_on < ${TODAY}::date)`
      expect(unmarked?.count).toBe(0)
      const [marked] = await sql<Array<{ count: number }>>`
        select count(*)::int as count from trip where overdue_return_since is not null or report_overdue_since is not null`
      expect(marked?.count).toBeGreaterThan(0)
      // The load skips the foreign-key triggers for speed: every reference must hold all the same.
      const [orphans] = await sql<Array<Record<string, number>>>`
        select
          (select count(*)::int from member m where not exists
             (select 1 from org_unit u where u.tenant_id = m.tenant_id and u.id = m.org_unit_id)) as members,
          (select count(*)::int from org_unit c where c.parent_id is not null and not exists
             (select 1 from org_unit p where p.tenant_id = c.tenant_id and p.id = c.parent_id)) as units,
          (select count(*)::int from trip t where not exists
             (select 1 from member m where m.tenant_id = t.tenant_id and m.id = t.member_id)
             or not exists (select 1 from org_unit u where u.tenant_id = t.tenant_id and u.id = t.cell_id)
             or (t.routing_committee_id is not null and not exists
                  (select 1 from org_unit u where u.tenant_id = t.tenant_id and u.id = t.routing_committee_id))) as trips,
          (select count(*)::int from trip t, unnest(t.countries) as d (code)
            where not exists (select 1 from country where country.code = d.code)) as countries,
          (select count(*)::int from trip_event e where not exists
             (select 1 from trip t where t.tenant_id = e.tenant_id and t.id = e.trip_id)) as events,
          (select count(*)::int from trip_report r where not exists
             (select 1 from trip t where t.tenant_id = r.tenant_id and t.id = r.trip_id)) as reports`
      expect(orphans).toEqual({ members: 0, units: 0, trips: 0, countries: 0, events: 0, reports: 0 })
      // The load sets the triggers aside, the tallies' too (migration 0015): they are counted after it.
      const [tallied] = await sql<Array<{ abroad: number; departures: number; departed: number; under_way: number }>>`
        select (select coalesce(sum(trips), 0)::int from abroad_now_by_tenant) as abroad,
               (select coalesce(sum(trips), 0)::int from trip_departure_tally where dimension = 'purpose') as departures,
               (select count(*)::int from trip where actual_departure is not null) as departed,
               (select count(*)::int from trip where status = 'departed') as under_way`
      expect(tallied?.under_way).toBeGreaterThan(0)
      expect(tallied).toMatchObject({ abroad: tallied?.under_way, departures: tallied?.departed })
    } finally {
      await sql.end({ timeout: 5 })
    }
  })

  it("gives every member a record the platform's validation accepts, citizen IDs included", async () => {
    const sql = openPostgres(a.ownerUrl)
    try {
      const members = await sql<
        Array<{
          full_name: string
          sex: "male" | "female"
          birth_date: string
          citizen_id: string
          party_card_no: string
          admitted_on: string
          full_member_on: string | null
          admin_code: string | null
        }>
      >`select m.full_name, m.sex, m.birth_date::text, m.citizen_id, m.party_card_no, m.admitted_on::text,
               m.full_member_on::text, t.admin_code
          from member m join tenant t on t.id = m.tenant_id`
      expect(members.length).toBe(a.report.members)
      for (const member of members) {
        const problems = memberProblems(
          {
            fullName: member.full_name,
            sex: member.sex,
            birthDate: member.birth_date,
            citizenId: member.citizen_id,
            partyCardNo: member.party_card_no,
            admittedOn: member.admitted_on,
            fullMemberOn: member.full_member_on,
          },
          TODAY,
        )
        expect(problems, `${member.full_name} ${member.citizen_id}`).toEqual([])
      }
      // Most members of a province were born there: their IDs start with its code.
      const [own] = await sql<Array<{ share: number }>>`
        select avg((substr(m.citizen_id, 2, 2) = t.admin_code)::int)::float as share
          from member m join tenant t on t.id = m.tenant_id where t.admin_code is not null`
      expect(own?.share).toBeGreaterThan(0.75)
      const [unique] = await sql<Array<{ repeated: number }>>`
        select count(*)::int as repeated from (select citizen_id from member group by 1 having count(*) > 1) d`
      expect(unique?.repeated).toBe(0)
    } finally {
      await sql.end({ timeout: 5 })
    }
  })

  it("installs the ho-chi-minh plugin in its city and fills its fields on the trips requested since", async () => {
    const [plan] = PLUGIN_INSTALLATIONS
    expect(plan?.version).toBe(hoChiMinh.version)
    const city = testTenant({ plugin: hoChiMinh, config: plan?.config ?? {} })
    const sql = openPostgres(a.ownerUrl)
    try {
      const installed = await sql<Array<{ code: string; plugin_id: string; enabled: boolean; version: string }>>`
        select t.code, p.plugin_id, p.enabled, p.version from plugin_installation p join tenant t on t.id = p.tenant_id`
      expect(installed).toEqual([{ code: "ho-chi-minh", plugin_id: "ho-chi-minh", enabled: true, version: "1.0.0" }])
      const trips = await sql<
        Array<{ code: string; purpose: string; drafted: string; extra: Record<string, unknown> }>
      >`
        select t.code, r.purpose, r.created_at::date::text as drafted, r.extra
          from trip r join tenant t on t.id = r.tenant_id`
      const city_trips = trips.filter((trip) => trip.code === "ho-chi-minh")
      const withFields = city_trips.filter((trip) => trip.drafted >= "2023-01-01")
      expect(withFields.length).toBeGreaterThan(0)
      for (const trip of withFields) {
        const fields = trip.extra["ho-chi-minh"] as Record<string, unknown>
        // What the plugin's own Schemas accept, as the API would have decoded the request.
        const decoded = city.decodeFields("tripRequest", fields, trip.purpose)
        expect(decoded.ok, JSON.stringify(fields)).toBe(true)
      }
      // Requests filed before the installation, and every other tenant's, carry no plugin's fields.
      for (const trip of trips.filter((trip) => trip.code !== "ho-chi-minh" || trip.drafted < "2023-01-01")) {
        expect(trip.extra).toEqual({})
      }
    } finally {
      await sql.end({ timeout: 5 })
    }
  })
})
