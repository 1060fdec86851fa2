/**
 * Two servers starting together on one PostgreSQL, or `pnpm platform seed --demo` run while
 * another is under way, seed at the same moment: neither may fail, and the data is written once.
 */
import { seedDemoData, seedReferenceData } from "@abroad/core"
import { type Database, DatabaseOwner, databaseLayer } from "@abroad/db"
import { createTestDatabase, dialectAvailable, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

type Runtime = ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>

const open = (location: TestDatabase["location"]): Runtime =>
  ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })

const SEEDERS = 4

describe.skipIf(!(await dialectAvailable("postgres")))("seeders running at once on PostgreSQL", () => {
  let db: TestDatabase
  /** The owner's login, which migrates and then counts what the seeders wrote. */
  let owner: Runtime
  // One runtime per seeder, each with its own pools: as separate processes would be.
  let seeders: Array<Runtime> = []

  beforeAll(async () => {
    db = await createTestDatabase("postgres")
    owner = open(db.location)
    await owner.runPromise(DatabaseOwner.use((o) => o.migrate))
    const location = await withAppLogin(db)
    seeders = Array.from({ length: SEEDERS }, () => open(location))
    // Connected before the race starts, so the seeds themselves meet, not the connection set-ups.
    await Promise.all(
      seeders.map((runtime) => runtime.runPromise(DatabaseOwner.use((o) => o.transaction(async () => {})))),
    )
  })
  afterAll(async () => {
    await Promise.all([...seeders, owner].map((runtime) => runtime?.dispose()))
    await db?.drop()
  })

  it("all succeed, and each demo tenant is seeded by exactly one of them", async () => {
    const seedAll = Effect.gen(function* () {
      const reference = yield* seedReferenceData
      const demo = yield* seedDemoData
      return { reference, demo }
    })
    const results = await Promise.all(seeders.map((runtime) => runtime.runPromise(seedAll)))

    for (const { reference } of results) expect(reference).toEqual({ tenants: 85, countries: 250 })
    const reports = results.flatMap((r) => r.demo)
    for (const tenant of ["ho-chi-minh", "quang-ninh", "ha-noi"]) {
      const created = reports.filter((r) => r.tenant === tenant && r.created)
      expect(created, tenant).toHaveLength(1)
      expect(created[0]?.members).toBe(120)
    }
    const [counts] = await owner.runPromise(
      DatabaseOwner.use((o) =>
        o.transaction((tx) =>
          tx.query<{ tenants: number; members: number }>(
            "select (select count(*)::int from tenant) as tenants, (select count(*)::int from member) as members",
          ),
        ),
      ),
    )
    expect(counts).toEqual({ tenants: 85, members: 360 })
  })
})
