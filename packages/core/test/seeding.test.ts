import { demoTenants, findTenantByCode, listTenants, seedDemoData, seedReferenceData } from "@abroad/core"
import { Database, DatabaseOwner, databaseLayer, tenantQuery } from "@abroad/db"
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`seeding on ${dialect}`, () => {
    let db: TestDatabase
    let runtime: ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>
    const open = (location: TestDatabase["location"]) =>
      ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })

    beforeAll(async () => {
      db = await createTestDatabase(dialect)
      runtime = open(db.location)
      await runtime.runPromise(DatabaseOwner.use((o) => o.migrate))
      if (dialect === "postgres") {
        await runtime.dispose()
        runtime = open(await withAppLogin(db))
      }
    })
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    const countOwned = (query: string) =>
      runtime.runPromise(
        DatabaseOwner.use((o) => o.transaction((tx) => tx.query<{ n: number }>(query))).pipe(
          Effect.map((rows) => rows[0]?.n),
        ),
      )

    it("writes the reference tenants and countries, and rewriting changes nothing", async () => {
      const first = await runtime.runPromise(seedReferenceData)
      expect(first.tenants).toBe(85)
      await runtime.runPromise(seedReferenceData)
      expect(await countOwned("select count(*)::int as n from tenant")).toBe(85)
      expect(await countOwned("select count(*)::int as n from tenant where is_oversight")).toBe(1)
      expect(await countOwned("select count(*)::int as n from country")).toBe(first.countries)
    })

    it("lists the tenants to the app role in Vietnamese order", async () => {
      const tenants = await runtime.runPromise(Database.use((d) => d.withGlobal(listTenants)))
      expect(tenants).toHaveLength(85)
      const names = tenants.map((t) => t.name)
      expect(names).toEqual([...names].sort(new Intl.Collator("vi").compare))
      // "Đ" sorts after "D" in Vietnamese, not at the end as in code-point order.
      expect(names.indexOf("Đà Nẵng")).toBeGreaterThan(names.indexOf("Cần Thơ"))
      expect(names.indexOf("Đà Nẵng")).toBeLessThan(names.indexOf("Gia Lai"))
    })

    it("seeds the demo tenants once, as their own app role", async () => {
      const first = await runtime.runPromise(seedDemoData)
      expect(first.map((r) => [r.tenant, r.created])).toEqual(demoTenants.map((code) => [code, true]))
      for (const report of first) {
        expect(report.orgUnits).toBeGreaterThanOrEqual(12)
        expect(report.members).toBe(40)
      }
      const second = await runtime.runPromise(seedDemoData)
      expect(second.every((r) => !r.created)).toBe(true)
      expect(await countOwned("select count(*)::int as n from member")).toBe(120)
    })

    it("shows a demo tenant only its own members, and finds them without diacritics", async () => {
      const hcm = await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode("ho-chi-minh"))))
      const seen = await runtime.runPromise(
        Database.use((d) =>
          d.withTenant(
            hcm.id,
            tenantQuery((tx) => tx.selectFrom("member").select(["tenant_id", "full_name", "search_name"]).execute()),
          ),
        ),
      )
      expect(seen).toHaveLength(40)
      expect(new Set(seen.map((m) => m.tenant_id))).toEqual(new Set([hcm.id]))
      expect(seen.filter((m) => m.search_name === "nguyen van a").map((m) => m.full_name)).toEqual(["Nguyễn Văn A"])
    })

    it("gives every demo member a well-formed citizen ID of the tenant's province", async () => {
      const rows = await runtime.runPromise(
        DatabaseOwner.use((o) =>
          o.transaction((tx) =>
            tx.query<{ code: string; citizen_id: string }>(
              "select t.code, m.citizen_id from member m join tenant t on t.id = m.tenant_id",
            ),
          ),
        ),
      )
      const prefix: Record<string, string> = { "ho-chi-minh": "079", "quang-ninh": "022", "ha-noi": "001" }
      for (const row of rows) expect(row.citizen_id).toMatch(new RegExp(`^${prefix[row.code]}\\d{9}$`))
    })
  })
}
