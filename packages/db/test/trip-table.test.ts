import { Database, type TenantTx, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import type { Effect } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase, type SeededTenant, seedTenant } from "./fixtures.ts"

/** What the trip tables refuse by themselves, whatever the application sends. */
for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`the trip tables on ${dialect}`, () => {
    let m: MigratedDatabase
    let a: SeededTenant
    const inTenant = <A, Err>(program: Effect.Effect<A, Err, TenantTx>) =>
      m.runtime.runPromise(Database.use((db) => db.withTenant(a.id, program)))

    beforeAll(async () => {
      m = await migratedDatabase(dialect)
      a = await seedTenant(m, "tinh-trip", "05")
    }, 120_000)
    afterAll(() => m?.close())

    const insertTrip = (overrides: { countries?: string; status?: string; recordStatus?: string }) => {
      const id = crypto.randomUUID()
      const record = JSON.stringify({
        id,
        memberId: a.memberId,
        status: overrides.recordStatus ?? "draft",
        revision: 1,
      })
      return inTenant(
        tenantQuery((tx, tenantId) =>
          sql`insert into trip (tenant_id, id, member_id, cell_id, status, purpose, funding, countries, planned_departure, planned_return, revision, record)
            values (${tenantId}, ${id}, ${a.memberId}, ${a.cellId}, ${overrides.status ?? "draft"}, 'study', 'own',
              ${overrides.countries ?? "{JP}"}::char(2)[], '2026-04-01', '2026-04-20', 1, ${record}::text::jsonb)`.execute(
            tx,
          ),
        ),
      )
    }

    it("takes a trip to known countries whose record agrees with its columns", async () => {
      await expect(insertTrip({})).resolves.toBeDefined()
    })

    it("refuses a destination that is not in the country table", async () => {
      await expect(insertTrip({ countries: "{JP,XX}" })).rejects.toMatchObject({ sqlState: "23503" })
    })

    it("refuses a record that says another status than the column", async () => {
      await expect(insertTrip({ status: "submitted", recordStatus: "draft" })).rejects.toMatchObject({
        sqlState: "23514",
      })
    })

    it("keeps the history append-only for the request role", async () => {
      const updated = inTenant(
        tenantQuery((tx) => tx.updateTable("trip_event").set({ actor: "someone else" }).execute()),
      )
      await expect(updated).rejects.toMatchObject({ sqlState: "42501" })
      const deleted = inTenant(tenantQuery((tx) => tx.deleteFrom("trip_event").execute()))
      await expect(deleted).rejects.toMatchObject({ sqlState: "42501" })
    })

    it("lets a violation name only a trip of its own tenant", async () => {
      const attempt = inTenant(
        tenantQuery((tx, tenantId) =>
          tx
            .insertInto("violation")
            .values({
              tenant_id: tenantId,
              member_id: a.memberId,
              trip_id: crypto.randomUUID(),
              kind: "overdue_return",
              description: "Quá hạn về nước",
              source: "rule",
            })
            .execute(),
        ),
      )
      await expect(attempt).rejects.toMatchObject({ sqlState: "23503" })
    })
  })
}
