import {
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
import { Database, DatabaseOwner, databaseLayer, type OversightTx } from "@abroad/db"
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
})
