/**
 * A unit of work is one transaction. Opening another inside it would wait for ever on PGlite
 * (the inner one waits for the turn the outer one holds) and, on PostgreSQL, take a second
 * connection whose writes commit apart from the first: both are refused at once.
 */
import { randomUUID } from "node:crypto"
import { Database, globalQuery, NestedUnitOfWork } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { Cause, Effect, Exit, Fiber } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase } from "./fixtures.ts"

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`a unit of work on ${dialect}`, () => {
    let m: MigratedDatabase
    beforeAll(async () => {
      m = await migratedDatabase(dialect)
    })
    afterAll(() => m?.close())

    const tenantId = randomUUID()
    const answer = globalQuery((db) => sql<{ one: number }>`select 1 as one`.execute(db))

    /** The defect a program died of, or "succeeded". */
    const outcome = async (program: (database: Database["Service"]) => Effect.Effect<unknown, unknown>) => {
      const exit = await m.runtime.runPromiseExit(Database.use(program))
      if (Exit.isSuccess(exit)) return "succeeded"
      return Cause.squash(exit.cause)
    }

    it.each([
      [
        "withTenant inside withTenant",
        (d: Database["Service"]) => d.withTenant(tenantId, d.withTenant(tenantId, Effect.void)),
      ],
      ["withGlobal inside withTenant", (d: Database["Service"]) => d.withTenant(tenantId, d.withGlobal(answer))],
      ["withTenant inside withGlobal", (d: Database["Service"]) => d.withGlobal(d.withTenant(tenantId, Effect.void))],
      ["withGlobal inside withGlobal", (d: Database["Service"]) => d.withGlobal(d.withGlobal(answer))],
      ["ping inside withGlobal", (d: Database["Service"]) => d.withGlobal(d.ping)],
      [
        "withGlobal in a fiber forked inside withTenant",
        (d: Database["Service"]) =>
          d.withTenant(tenantId, Effect.forkChild(d.withGlobal(answer)).pipe(Effect.flatMap(Fiber.join))),
      ],
    ])("refuses %s at once, with a message that says why", async (_, program) => {
      const failure = await outcome(program)
      expect(failure).toBeInstanceOf(NestedUnitOfWork)
      expect((failure as Error).message).toContain("a unit of work cannot open another one inside it")
      expect((failure as Error).message).toContain("không thể mở đơn vị khác")
    })

    it("still serves units of work one after another, and after a refusal", async () => {
      const rows = await m.runtime.runPromise(
        Database.use((d) =>
          Effect.gen(function* () {
            yield* d.withTenant(tenantId, Effect.void)
            yield* Effect.exit(d.withGlobal(d.withGlobal(answer)))
            return yield* d.withGlobal(answer)
          }),
        ),
      )
      expect(rows.rows).toEqual([{ one: 1 }])
    })
  })
}
