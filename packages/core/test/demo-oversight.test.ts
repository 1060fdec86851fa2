import {
  DEMO_OVERSEAS_ORGS,
  demoTenants,
  listMembersAbroad,
  seedDemoData,
  seedDemoOverseasOrgs,
  seedDemoTransfers,
  seedReferenceData,
} from "@abroad/core"
import { Database, DatabaseOwner, databaseLayer } from "@abroad/db"
import { createTestDatabase, type TestDatabase } from "@abroad/db/testing"
import { Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

describe("the demo register of organisations abroad", () => {
  let db: TestDatabase
  let runtime: ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>

  beforeAll(async () => {
    db = await createTestDatabase("pglite")
    runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    await runtime.runPromise(DatabaseOwner.use((o) => o.migrate))
    await runtime.runPromise(seedReferenceData)
    await runtime.runPromise(seedDemoData)
  }, 240_000)
  afterAll(async () => {
    await runtime?.dispose()
    await db?.drop()
  })

  it("seeds the embassies' committees and cells once", async () => {
    expect(await runtime.runPromise(seedDemoOverseasOrgs)).toEqual({ created: DEMO_OVERSEAS_ORGS.length })
    expect(await runtime.runPromise(seedDemoOverseasOrgs)).toEqual({ created: 0 })
    expect(DEMO_OVERSEAS_ORGS.map((org) => org.name)).toContain("Đảng bộ Đại sứ quán Việt Nam tại Nhật Bản")
  })

  it("attaches some demo members abroad to cells abroad through accepted transfers, once", async () => {
    const first = await runtime.runPromise(seedDemoTransfers(demoTenants))
    expect(first.created).toBeGreaterThan(0)
    expect(await runtime.runPromise(seedDemoTransfers(demoTenants))).toEqual({ created: 0 })
    const abroad = await runtime.runPromise(
      Database.use((database) => database.withOversight(listMembersAbroad({ limit: 200 }))),
    )
    // The demo trips include members abroad in every demo tenant.
    expect(new Set(abroad.items.map((member) => member.tenantCode))).toEqual(new Set(demoTenants))
    expect(abroad.items.filter((member) => member.overseasOrgId !== null)).toHaveLength(first.created)
  })
})
