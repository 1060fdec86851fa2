import {
  demoTenants,
  findTenantByCode,
  listTenants,
  referenceTenants,
  seedDemoData,
  seedReferenceData,
} from "@abroad/core"
import { Database, DatabaseOwner, type DialectName, databaseLayer, tenantQuery } from "@abroad/db"
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

type Runtime = ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>

const open = (location: TestDatabase["location"]): Runtime =>
  ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })

/** A fresh, migrated database whose requests run as the app role (a separate login on PostgreSQL). */
const migratedDatabase = async (dialect: DialectName) => {
  const db = await createTestDatabase(dialect)
  const owner = open(db.location)
  await owner.runPromise(DatabaseOwner.use((o) => o.migrate))
  if (dialect === "pglite") return { db, runtime: owner }
  await owner.dispose()
  return { db, runtime: open(await withAppLogin(db)) }
}

const ownerQuery = <Row extends object>(runtime: Runtime, query: string, parameters: ReadonlyArray<unknown> = []) =>
  runtime.runPromise(DatabaseOwner.use((o) => o.transaction((tx) => tx.query<Row>(query, parameters))))

const count = async (runtime: Runtime, query: string) =>
  (await ownerQuery<{ n: number }>(runtime, `select count(*)::int as n from ${query}`))[0]?.n

const tenantOf = (runtime: Runtime, code: string) =>
  runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode(code))))

/** What the app role sees of members inside one tenant's transaction. */
const membersSeenBy = async (runtime: Runtime, code: string) => {
  const tenant = await tenantOf(runtime, code)
  const rows = await runtime.runPromise(
    Database.use((d) =>
      d.withTenant(
        tenant.id,
        tenantQuery((tx) =>
          tx
            .selectFrom("member")
            .select(["tenant_id", "full_name", "search_name", "citizen_id", "status"])
            .orderBy("citizen_id")
            .execute(),
        ),
      ),
    ),
  )
  return { tenant, rows }
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`seeding on ${dialect}`, () => {
    let db: TestDatabase | undefined
    let runtime: Runtime

    beforeAll(async () => {
      const opened = await migratedDatabase(dialect)
      db = opened.db
      runtime = opened.runtime
    })
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    it("writes the reference tenants and countries, and rewriting changes nothing", async () => {
      const first = await runtime.runPromise(seedReferenceData)
      expect(first).toEqual({ tenants: 85, countries: 250 })
      const second = await runtime.runPromise(seedReferenceData)
      expect(second).toEqual(first)
      expect(await count(runtime, "tenant")).toBe(85)
      expect(await count(runtime, "tenant where kind = 'ministry' and admin_code is null")).toBe(22)
      expect(await ownerQuery(runtime, "select code from tenant where is_oversight")).toEqual([{ code: "bng" }])
      expect(await count(runtime, "country")).toBe(250)
      expect(await ownerQuery(runtime, "select name_vi from country where code = 'VN'")).toEqual([
        { name_vi: "Việt Nam" },
      ])
    })

    it("refreshes a tenant's description but never its status or lineage", async () => {
      const [hcm] = await ownerQuery<{ id: string }>(runtime, "select id from tenant where code = 'ho-chi-minh'")
      // As the 2025 reorganisation will: Bình Dương merged into Hồ Chí Minh, and a name edited by hand.
      await ownerQuery(
        runtime,
        "update tenant set status = 'merged', merged_into = $1, name = 'Tỉnh cũ' where code = 'binh-duong'",
        [hcm?.id],
      )
      await runtime.runPromise(seedReferenceData)
      expect(
        await ownerQuery(runtime, "select name, status, merged_into from tenant where code = 'binh-duong'"),
      ).toEqual([{ name: "Bình Dương", status: "merged", merged_into: hcm?.id }])
      await ownerQuery(runtime, "update tenant set status = 'active', merged_into = null where code = 'binh-duong'")
    })

    it("lists the active tenants to the app role in Vietnamese order", async () => {
      const tenants = await runtime.runPromise(Database.use((d) => d.withGlobal(listTenants)))
      expect(tenants).toHaveLength(85)
      const names = tenants.map((t) => t.name)
      expect(names).toEqual([...names].sort(new Intl.Collator("vi").compare))
      // "Đ" sorts after "D" in Vietnamese, not after "Z" as in code-point order.
      expect(names.indexOf("Đà Nẵng")).toBeGreaterThan(names.indexOf("Cần Thơ"))
      expect(names.indexOf("Đà Nẵng")).toBeLessThan(names.indexOf("Gia Lai"))
      expect(tenants.find((t) => t.code === "bng")).toMatchObject({
        name: "Bộ Ngoại giao",
        kind: "ministry",
        isOversight: true,
      })
      expect(tenants.filter((t) => t.isOversight)).toHaveLength(1)
    })

    it("answers an unknown tenant code with TenantNotFound", async () => {
      const exit = await runtime.runPromise(
        Database.use((d) => d.withGlobal(findTenantByCode("atlantis"))).pipe(Effect.flip),
      )
      expect(exit).toMatchObject({ _tag: "TenantNotFound", code: "atlantis" })
    })

    it("seeds the demo tenants once, as their own app role", async () => {
      const first = await runtime.runPromise(seedDemoData)
      expect(first.map((r) => [r.tenant, r.created, r.members])).toEqual(demoTenants.map((code) => [code, true, 120]))
      const units = await count(runtime, "org_unit")
      expect(units).toBe(first.reduce((n, r) => n + r.orgUnits, 0))

      const second = await runtime.runPromise(seedDemoData)
      expect(second.map((r) => [r.tenant, r.created, r.orgUnits, r.members])).toEqual(
        demoTenants.map((code) => [code, false, 0, 0]),
      )
      expect(await count(runtime, "member")).toBe(360)
      expect(await count(runtime, "org_unit")).toBe(units)
    })

    it("builds each demo tenant a committee → 2 subordinate → 4 grassroots → 2–3 cells each tree", async () => {
      for (const code of demoTenants) {
        const tenant = await tenantOf(runtime, code)
        const tree = await runtime.runPromise(
          Database.use((d) =>
            d.withTenant(
              tenant.id,
              tenantQuery((tx) =>
                tx.selectFrom("org_unit").select(["id", "parent_id", "kind", "name", "path"]).execute(),
              ),
            ),
          ),
        )
        const byId = new Map(tree.map((u) => [u.id, u]))
        const children = (id: string) => tree.filter((u) => u.parent_id === id)
        const [root, ...others] = tree.filter((u) => u.kind === "committee")
        expect(others).toEqual([])
        expect(root?.name).toBe(tenant.partyBody)
        expect(root?.path).toBe(`/${root?.id}/`)
        const subordinates = children(root?.id ?? "")
        expect(subordinates.map((u) => u.kind)).toEqual(["subordinate_committee", "subordinate_committee"])
        for (const subordinate of subordinates) {
          const grassroots = children(subordinate.id)
          expect(grassroots.map((u) => u.kind)).toEqual(["grassroots_committee", "grassroots_committee"])
          for (const committee of grassroots) {
            const cells = children(committee.id)
            expect(cells.length).toBeGreaterThanOrEqual(2)
            expect(cells.length).toBeLessThanOrEqual(3)
            for (const cell of cells) expect(cell.kind).toBe("cell")
          }
        }
        for (const unit of tree) {
          expect(unit.name).toBe(unit.name.normalize("NFC"))
          const parent = unit.parent_id === null ? undefined : byId.get(unit.parent_id)
          expect(unit.path).toBe(`${parent?.path ?? "/"}${unit.id}/`)
        }
      }
    })

    it("shows a demo tenant only its own members, and finds them without diacritics", async () => {
      const hcm = await membersSeenBy(runtime, "ho-chi-minh")
      const qn = await membersSeenBy(runtime, "quang-ninh")
      expect(hcm.rows).toHaveLength(120)
      expect(qn.rows).toHaveLength(120)
      expect(new Set(hcm.rows.map((m) => m.tenant_id))).toEqual(new Set([hcm.tenant.id]))
      expect(new Set(qn.rows.map((m) => m.tenant_id))).toEqual(new Set([qn.tenant.id]))
      const qnIds = new Set(qn.rows.map((m) => m.citizen_id))
      expect(hcm.rows.filter((m) => qnIds.has(m.citizen_id))).toEqual([])
      expect(hcm.rows.filter((m) => m.search_name === "nguyen van a").map((m) => m.full_name)).toEqual(["Nguyễn Văn A"])
      for (const { rows } of [hcm, qn]) {
        expect(rows.filter((m) => m.status === "under_review")).toHaveLength(1)
        expect(rows.filter((m) => m.status === "under_investigation")).toHaveLength(1)
      }
    })

    it("gives every demo member a unique citizen ID that begins with the province's code", async () => {
      const rows = await ownerQuery<{ code: string; citizen_id: string; full_name: string }>(
        runtime,
        "select t.code, m.citizen_id, m.full_name from member m join tenant t on t.id = m.tenant_id",
      )
      expect(new Set(rows.map((r) => r.citizen_id)).size).toBe(360)
      for (const row of rows) {
        const adminCode = referenceTenants.find((t) => t.code === row.code)?.adminCode
        expect(row.citizen_id).toMatch(new RegExp(`^0${adminCode}\\d{9}$`))
        expect(row.full_name).toBe(row.full_name.normalize("NFC"))
      }
    })
  })
}

describe("the demo data", () => {
  it("comes out the same in every fresh database", async () => {
    const people = async () => {
      const { db, runtime } = await migratedDatabase("pglite")
      try {
        await runtime.runPromise(seedReferenceData)
        await runtime.runPromise(seedDemoData)
        return await ownerQuery(
          runtime,
          `select t.code, m.full_name, m.sex, m.birth_date::text, m.citizen_id, m.party_card_no, m.status
             from member m join tenant t on t.id = m.tenant_id order by m.citizen_id`,
        )
      } finally {
        await runtime.dispose()
        await db.drop()
      }
    }
    const first = await people()
    expect(first).toHaveLength(360)
    expect(await people()).toEqual(first)
  })
})
