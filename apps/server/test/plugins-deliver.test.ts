import { findTenantByCode, recordDomainEvent } from "@abroad/core"
import { Database, DatabaseOwner, databaseLayer, tenantQuery } from "@abroad/db"
import { createTestDatabase, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run } from "./launch.ts"

/**
 * `pnpm platform plugins deliver`, run as an operator would: one pass that hands out the outbox's
 * new events and delivers what is due, safe to run beside the servers' own workers.
 */
describe.skipIf(!(await dialectAvailable("postgres")))("pnpm platform plugins deliver", () => {
  let db: TestDatabase
  let env: Record<string, string>

  beforeAll(async () => {
    db = await createTestDatabase("postgres")
    env = { DATABASE_URL: db.url as string, LOG_LEVEL: "error" }
    expect((await run(["migrate"], env)).code).toBe(0)
    expect((await run(["seed"], env)).code).toBe(0)
    const runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    try {
      await runtime.runPromise(
        Database.use((database) =>
          Effect.gen(function* () {
            const tenant = yield* database.withGlobal(findTenantByCode("ho-chi-minh"))
            yield* database.withTenant(
              tenant.id,
              Effect.gen(function* () {
                yield* tenantQuery((tx, tenantId) =>
                  tx
                    .insertInto("plugin_installation")
                    .values({ tenant_id: tenantId, plugin_id: "notify", version: "1.0.0", enabled: true })
                    .execute(),
                )
                const entityId = crypto.randomUUID()
                yield* recordDomainEvent({ type: "trip.approved", entityType: "trip", entityId })
                yield* recordDomainEvent({ type: "trip.departed", entityType: "trip", entityId })
              }),
            )
          }),
        ),
      )
    } finally {
      await runtime.dispose()
    }
  }, 120_000)
  afterAll(() => db?.drop())

  it("hands out the tenant's new events once, and nothing on a second run", async () => {
    const first = await run(["plugins", "deliver", "--tenant", "ho-chi-minh"], env)
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: "" })
    expect(first.stdout).toMatch(/1 tenant\(s\), 2 new event\(s\) handed out/)
    const second = await run(["plugins", "deliver", "--tenant", "ho-chi-minh"], env)
    expect(second.stdout).toMatch(/1 tenant\(s\), 0 new event\(s\) handed out/)
  })

  it("leaves a tenant to the process that is working on it at that moment", async () => {
    const runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    try {
      const result = await runtime.runPromise(
        DatabaseOwner.use((owner) =>
          owner.transaction(async (tx) => {
            await tx.query(
              "select pg_advisory_xact_lock(hashtextextended('abroad_plugins:' || id::text, 0)) from tenant where code = 'ho-chi-minh'",
            )
            return run(["plugins", "deliver", "--tenant", "ho-chi-minh"], env)
          }),
        ),
      )
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/1 tenant\(s\) \(1 being handled elsewhere\)/)
    } finally {
      await runtime.dispose()
    }
  })

  it("visits every active tenant without --tenant, and refuses a tenant that does not exist", async () => {
    const all = await run(["plugins", "deliver"], env)
    expect(all.code).toBe(0)
    expect(all.stdout).toMatch(/85 tenant\(s\)/)
    const unknown = await run(["plugins", "deliver", "--tenant", "atlantis"], env)
    expect(unknown.code).toBe(2)
    expect(unknown.stdout).toMatch(/atlantis/)
  })
})
