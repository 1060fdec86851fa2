import { recordAudit } from "@abroad/auth"
import { findTenantByCode } from "@abroad/core"
import { Database, DatabaseOwner, databaseLayer } from "@abroad/db"
import { createTestDatabase, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run } from "./launch.ts"

/**
 * `pnpm platform audit verify`, run as an auditor would, on a PostgreSQL database where
 * someone with the owner's rights edited or removed a row behind the application's back.
 */
describe.skipIf(!(await dialectAvailable("postgres")))("pnpm platform audit verify", () => {
  let db: TestDatabase
  let env: Record<string, string>
  const owner = (sql: string) => {
    const runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    return runtime
      .runPromise(DatabaseOwner.use((o) => o.transaction((tx) => tx.exec(sql))))
      .finally(() => runtime.dispose())
  }

  beforeAll(async () => {
    db = await createTestDatabase("postgres")
    env = { DATABASE_URL: db.url as string, LOG_LEVEL: "error" }
    expect((await run(["migrate"], env)).code).toBe(0)
    expect((await run(["seed"], env)).code).toBe(0)
    const runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    try {
      await runtime.runPromise(
        Database.use((database) =>
          Effect.forEach(["ho-chi-minh", "quang-ninh"], (code) =>
            database.withGlobal(findTenantByCode(code)).pipe(
              Effect.flatMap((tenant) =>
                database.withTenant(
                  tenant.id,
                  Effect.forEach(["member.created", "trip.submitted", "trip.approved"], (action) =>
                    recordAudit({
                      actorUserId: null,
                      actor: "officer@test",
                      action,
                      entityType: "trip",
                      entityId: "1",
                    }),
                  ),
                ),
              ),
            ),
          ),
        ),
      )
    } finally {
      await runtime.dispose()
    }
  }, 120_000)
  afterAll(() => db?.drop())

  it("reports an intact log", async () => {
    const result = await run(["audit", "verify"], env)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/intact/)
  })

  it("finds an edited entry, names its tenant and place, and leaves other tenants' chains clean", async () => {
    await owner(
      "update audit_event set action = 'trip.rejected' where seq = 3 and tenant_id = (select id from tenant where code = 'ho-chi-minh')",
    )
    const all = await run(["audit", "verify"], env)
    expect(all.code).toBe(1)
    expect(all.stdout).toMatch(/TAMPERING/)
    expect(all.stdout).toMatch(/#3/)
    expect((await run(["audit", "verify", "--tenant", "ho-chi-minh"], env)).code).toBe(1)
    expect((await run(["audit", "verify", "--tenant", "quang-ninh"], env)).code).toBe(0)
  })

  it("finds a removed entry", async () => {
    await owner(
      "delete from audit_event where seq = 2 and tenant_id = (select id from tenant where code = 'quang-ninh')",
    )
    const result = await run(["audit", "verify", "--tenant", "quang-ninh"], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/#3|#2/)
  })
})
