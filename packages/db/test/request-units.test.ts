/**
 * A request's authorization reads its session in a unit of work that it hands over to the
 * handler's (`Database.forRequest`, `handOver`): on PostgreSQL the request then costs one
 * transaction. What a handed-over unit did is never lost: it commits with the unit that
 * continues it, or on its own before a unit of another kind, or when the request ends.
 */
import { randomUUID } from "node:crypto"
import { Database, forRequest, globalQuery, unitQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { Effect, Exit } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase } from "./fixtures.ts"

class HandlerFailed {
  readonly _tag = "HandlerFailed"
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`a request's units of work on ${dialect}`, () => {
    let m: MigratedDatabase
    beforeAll(async () => {
      m = await migratedDatabase(dialect)
    })
    afterAll(() => m?.close())

    const handsOver = dialect === "postgres"
    const transactionId = unitQuery((db) => sql<{ id: string }>`select txid_current()::text as id`.execute(db)).pipe(
      Effect.map((result) => result.rows[0]?.id as string),
    )
    /** Writes a mark the next units can look for (a global row the request role may write). */
    const mark = (key: string) =>
      globalQuery((db) =>
        db
          .insertInto("login_throttle")
          .values({ key: `address:${key}` })
          .execute(),
      )
    const marked = (key: string) =>
      m.runtime.runPromise(
        Database.use((d) =>
          d.withGlobal(
            globalQuery((db) =>
              db.selectFrom("login_throttle").select("key").where("key", "=", `address:${key}`).executeTakeFirst(),
            ),
          ),
        ),
      )
    const run = <A, E>(program: (d: Database["Service"]) => Effect.Effect<A, E>) =>
      m.runtime.runPromiseExit(forRequest(Database.use((d) => program(d))))

    it("continues the handed-over unit in the next unit of the same role and tenant: one transaction", async () => {
      const exit = await run((d) =>
        Effect.gen(function* () {
          const first = yield* d.withGlobal(transactionId, { handOver: true })
          const second = yield* d.withGlobal(transactionId)
          const third = yield* d.withGlobal(transactionId)
          return { first, second, third }
        }),
      )
      if (!Exit.isSuccess(exit)) throw new Error("the request failed")
      const { first, second, third } = exit.value
      // On PGlite units take turns and none is handed over.
      expect(first === second).toBe(handsOver)
      // The unit that continued it committed both: the next one is a transaction of its own.
      expect(third).not.toBe(second)
    })

    it("commits a handed-over unit before a unit of another role opens, whatever that one then does", async () => {
      const key = randomUUID()
      const exit = await run((d) =>
        Effect.gen(function* () {
          const first = yield* d.withGlobal(mark(key).pipe(Effect.andThen(transactionId)), { handOver: true })
          const other = yield* d.withAnalyst(transactionId)
          expect(other).not.toBe(first)
          return yield* d.withAnalyst(Effect.fail(new HandlerFailed()))
        }),
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(await marked(key)).toBeDefined()
    })

    it("commits a handed-over unit when the request fails before any other unit opens", async () => {
      const key = randomUUID()
      const exit = await run((d) =>
        d.withGlobal(mark(key), { handOver: true }).pipe(Effect.andThen(Effect.fail(new HandlerFailed()))),
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(await marked(key)).toBeDefined()
    })

    it("commits a handed-over unit that no unit continued when the request ends", async () => {
      const key = randomUUID()
      const exit = await run((d) => d.withGlobal(mark(key), { handOver: true }))
      expect(Exit.isSuccess(exit)).toBe(true)
      expect(await marked(key)).toBeDefined()
    })

    it("rolls the handed-over unit back with the unit that continued it and failed", async () => {
      const key = randomUUID()
      const exit = await run((d) =>
        d
          .withGlobal(mark(key), { handOver: true })
          .pipe(Effect.andThen(d.withGlobal(Effect.fail(new HandlerFailed())))),
      )
      expect(Exit.isFailure(exit)).toBe(true)
      // Continued, the two were one transaction; on PGlite the first had committed on its own.
      expect(await marked(key)).toEqual(handsOver ? undefined : { key: `address:${key}` })
    })

    it("hands nothing over outside a request: the unit commits at its end", async () => {
      const key = randomUUID()
      const ids = await m.runtime.runPromise(
        Database.use((d) =>
          Effect.gen(function* () {
            const first = yield* d.withGlobal(mark(key).pipe(Effect.andThen(transactionId)), { handOver: true })
            const second = yield* d.withGlobal(transactionId)
            return { first, second }
          }),
        ),
      )
      expect(ids.first).not.toBe(ids.second)
      expect(await marked(key)).toBeDefined()
    })

    it("keeps the tenant of the unit it continues, and opens a new one for another tenant", async () => {
      const [a, b] = [randomUUID(), randomUUID()]
      const tenantOf = unitQuery((db) =>
        sql<{ tenant: string }>`select current_setting('app.tenant_id', true) as tenant`.execute(db),
      ).pipe(Effect.map((result) => result.rows[0]?.tenant))
      const exit = await run((d) =>
        Effect.gen(function* () {
          yield* d.withTenant(a, Effect.void, { handOver: true })
          const other = yield* d.withTenant(b, tenantOf)
          yield* d.withTenant(a, Effect.void, { handOver: true })
          const same = yield* d.withTenant(a, tenantOf)
          return { other, same }
        }),
      )
      if (!Exit.isSuccess(exit)) throw new Error("the request failed")
      expect(exit.value).toEqual({ other: b, same: a })
    })
  })
}
