import {
  type AbroadDimension,
  type AbroadFilter,
  countMembersAbroad,
  demoTenants,
  findTenantByCode,
  listMembersAbroad,
  type MemberAbroad,
  seedDemoData,
  seedDemoOverseasOrgs,
  seedDemoTransfers,
  seedReferenceData,
  summariseMembersAbroad,
} from "@abroad/core"
import { Database, DatabaseOwner, databaseLayer, type OversightTx, type OwnerTransaction } from "@abroad/db"
import { createTestDatabase, type TestDatabase } from "@abroad/db/testing"
import { type Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * The map's counts of members abroad read trips alone (`oversight_trip_abroad`) unless an
 * organisation abroad is involved: whichever view they read, they must say what the list says.
 */
describe("the oversight map's counts", () => {
  let db: TestDatabase
  let runtime: ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>
  let everyone: ReadonlyArray<MemberAbroad>

  const asOversight = <A, E>(program: Effect.Effect<A, E, OversightTx>) =>
    runtime.runPromise(Database.use((database) => database.withOversight(program)))

  /** The counts by country the list gives: a trip to two countries counts in both. */
  const countriesOf = (items: ReadonlyArray<MemberAbroad>) => {
    const counts = new Map<string, number>()
    for (const item of items) for (const country of item.countries) counts.set(country, (counts.get(country) ?? 0) + 1)
    return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)))
  }
  const groupsOf = (groups: ReadonlyArray<{ key: string | null; count: number }>) =>
    Object.fromEntries(
      groups.map((group) => [group.key ?? "none", group.count]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    )

  beforeAll(async () => {
    db = await createTestDatabase("pglite")
    runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    await runtime.runPromise(DatabaseOwner.use((o) => o.migrate))
    await runtime.runPromise(seedReferenceData)
    await runtime.runPromise(seedDemoData)
    await runtime.runPromise(seedDemoOverseasOrgs)
    await runtime.runPromise(seedDemoTransfers(demoTenants))
    everyone = (await asOversight(listMembersAbroad({ limit: 200 }))).items
  }, 240_000)
  afterAll(async () => {
    await runtime?.dispose()
    await db?.drop()
  })

  it("counts by country and in total what the list of members abroad lists", async () => {
    expect(everyone.length).toBeGreaterThan(1)
    const summary = await asOversight(summariseMembersAbroad("country", {}))
    expect(summary.total).toBe(everyone.length)
    expect(groupsOf(summary.groups)).toEqual(countriesOf(everyone))
    // Largest first, each with the country's name in both languages rather than its code.
    const counts = summary.groups.map((group) => group.count)
    expect(counts).toEqual(counts.toSorted((a, b) => b - a))
    for (const group of summary.groups) {
      expect(group.label).not.toBe(group.key)
      expect(group.labelEn).not.toBe(group.key)
    }
  })

  it("counts by home tenant, and within a country or a tenant, as the list does", async () => {
    const byTenant = await asOversight(summariseMembersAbroad("tenant", {}))
    const tenants = new Map<string, number>()
    for (const item of everyone) tenants.set(item.tenantCode, (tenants.get(item.tenantCode) ?? 0) + 1)
    expect(groupsOf(byTenant.groups)).toEqual(Object.fromEntries([...tenants].sort(([a], [b]) => a.localeCompare(b))))

    const [country] = Object.keys(countriesOf(everyone))
    if (country === undefined) throw new Error("nobody abroad")
    const inCountry = everyone.filter((item) => item.countries.includes(country))
    const byCountryThere = await asOversight(summariseMembersAbroad("country", { country }))
    expect(byCountryThere.total).toBe(inCountry.length)
    expect(groupsOf(byCountryThere.groups)).toEqual(countriesOf(inCountry))

    const [code] = demoTenants
    const tenant = await runtime.runPromise(
      Database.use((database) => database.withGlobal(findTenantByCode(code ?? ""))),
    )
    const ofTenant = everyone.filter((item) => item.tenantId === tenant.id)
    const byCountryOfTenant = await asOversight(summariseMembersAbroad("country", { tenantId: tenant.id }))
    expect(byCountryOfTenant.total).toBe(ofTenant.length)
    expect(groupsOf(byCountryOfTenant.groups)).toEqual(countriesOf(ofTenant))
  })

  it("counts by organisation abroad, and filtered by one, through the list's view", async () => {
    const byOrg = await asOversight(summariseMembersAbroad("overseas_org", {}))
    expect(byOrg.total).toBe(everyone.length)
    const orgs = new Map<string, number>()
    for (const item of everyone)
      orgs.set(item.overseasOrgId ?? "none", (orgs.get(item.overseasOrgId ?? "none") ?? 0) + 1)
    expect(groupsOf(byOrg.groups)).toEqual(Object.fromEntries([...orgs].sort(([a], [b]) => a.localeCompare(b))))
    const assigned = everyone.find((item) => item.overseasOrgId !== null)
    if (assigned?.overseasOrgId == null) throw new Error("no member assigned abroad in the demo")
    const inOrg = everyone.filter((item) => item.overseasOrgId === assigned.overseasOrgId)
    const byCountryInOrg = await asOversight(
      summariseMembersAbroad("country", { overseasOrgId: assigned.overseasOrgId }),
    )
    expect(byCountryInOrg.total).toBe(inOrg.length)
    expect(groupsOf(byCountryInOrg.groups)).toEqual(countriesOf(inOrg))
  })

  it("answers nought and no group where nobody is abroad", async () => {
    const nobody = await asOversight(summariseMembersAbroad("country", { country: "AQ" }))
    expect(nobody).toEqual({ total: 0, groups: [] })
  })

  // Last, as it changes the trips the tests above count.
  it("says, read from the tallies, what counting the trips says, through departures, returns and changed destinations", async () => {
    const owner = <A>(work: (tx: OwnerTransaction) => Promise<A>) =>
      runtime.runPromise(DatabaseOwner.use((o) => o.transaction(work)))
    const expectSameAnswers = async () => {
      const tenants = [...new Set(everyone.map((item) => item.tenantId))]
      const countries = ["JP", "KR", "DE", "AQ"]
      const filters: Array<AbroadFilter> = [
        {},
        ...countries.map((country) => ({ country })),
        ...tenants.map((tenantId) => ({ tenantId })),
        ...tenants.flatMap((tenantId) => countries.map((country) => ({ tenantId, country: country.toLowerCase() }))),
      ]
      for (const by of ["country", "tenant", "overseas_org"] satisfies Array<AbroadDimension>)
        for (const filter of filters) {
          const [read, counted] = await Promise.all([
            asOversight(summariseMembersAbroad(by, filter)),
            asOversight(countMembersAbroad(by, filter)),
          ])
          expect(read, `${by} ${JSON.stringify(filter)}`).toEqual(counted)
        }
    }
    await expectSameAnswers()
    // Trips under way come back, approved ones leave, and some go elsewhere (once to a country twice).
    await owner(async (tx) => {
      await tx.exec("alter table trip no force row level security")
      await tx.exec(`
        update trip set status = 'returned', actual_return = actual_departure, revision = revision + 1,
               record = record || jsonb_build_object('status', 'returned', 'revision', revision + 1)
         where id in (select id from trip where status = 'departed' order by id limit 3)`)
      await tx.exec(`
        update trip set status = 'departed', actual_departure = planned_departure, revision = revision + 1,
               record = record || jsonb_build_object('status', 'departed', 'revision', revision + 1)
         where id in (select id from trip where status = 'approved' order by id limit 4)`)
      await tx.exec(`
        update trip set countries = case when ctid = (select min(ctid) from trip where status = 'departed')
                                         then '{KR,KR,DE}'::char(2)[] else '{JP,DE}'::char(2)[] end
         where id in (select id from trip where status = 'departed' order by id desc limit 3)`)
      await tx.exec("alter table trip force row level security")
    })
    everyone = (await asOversight(listMembersAbroad({ limit: 500 }))).items
    expect(everyone.some((item) => item.countries.includes("DE"))).toBe(true)
    await expectSameAnswers()
  })
})
