/**
 * A unit's settings (role, tenant, ceilings) leave unanswered, in one write with the unit's first
 * statement (pipelined-begin.ts). Should they fail, PostgreSQL aborts the transaction, so nothing
 * behind them runs, and the unit must fail with their own error — never succeed, never run a
 * statement with the login's own rights, never leave the connection in another role.
 */
import { randomBytes, randomUUID } from "node:crypto"
import { Database, databaseLayer, globalQuery, oversightQuery } from "@abroad/db"
import { dialectAvailable, TEST_POSTGRES_URL } from "@abroad/db/testing"
import { Cause, Effect, Exit, Layer, ManagedRuntime } from "effect"
import { sql } from "kysely"
import postgres from "postgres"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase } from "./fixtures.ts"

// A login that may take the request role but not the oversight desk's: its settings for the desk fail.
const LOGIN = `abroad_test_settings_${randomBytes(3).toString("hex")}`

describe.skipIf(!(await dialectAvailable("postgres")))("a unit whose settings fail on postgres", () => {
  let m: MigratedDatabase
  let runtime: ManagedRuntime.ManagedRuntime<Database, unknown>
  const statements: Array<string> = []
  beforeAll(async () => {
    m = await migratedDatabase("postgres")
    const admin = postgres(m.db.url as string, { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(`create role ${LOGIN} login inherit nobypassrls`)
      await admin.unsafe(`grant abroad_app to ${LOGIN}`)
      // Rights of its own, so that a statement run before (or without) the settings would succeed.
      await admin.unsafe(`grant select, insert on login_throttle to ${LOGIN}`)
    } finally {
      await admin.end()
    }
    const appUrl = new URL(m.db.url as string)
    appUrl.username = LOGIN
    runtime = ManagedRuntime.make(
      // One connection: whatever a failed unit left on it, the next unit meets.
      databaseLayer(
        { _tag: "postgres", url: m.db.url as string, appUrl: appUrl.toString(), poolSize: 1 },
        { onStatement: (text) => statements.push(text) },
      ),
      { memoMap: Layer.makeMemoMapUnsafe() },
    )
  }, 120_000)
  afterAll(async () => {
    await runtime?.dispose()
    await m?.close()
    const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop role if exists ${LOGIN}`)
    await admin.end()
  })

  const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
    Exit.isSuccess(exit) ? "succeeded" : String((Cause.squash(exit.cause) as Error).message)
  const write = (key: string) =>
    oversightQuery((db) => sql`insert into login_throttle (key) values (${`address:${key}`})`.execute(db))
  const written = (key: string) =>
    m.owner((tx) => tx.query("select key from login_throttle where key = $1", [`address:${key}`]))
  const whoAmI = globalQuery((db) =>
    sql<{
      user: string
      open: string | null
    }>`select current_user as user, pg_current_xact_id_if_assigned()::text as open`.execute(db),
  ).pipe(Effect.map((result) => result.rows[0]))

  it("fails with the settings' own error, runs nothing behind them, and leaves the connection clean", async () => {
    const key = randomUUID()
    statements.length = 0
    const exit = await runtime.runPromiseExit(Database.use((d) => d.withOversight(write(key))))
    expect(failureOf(exit)).toMatch(/permission denied to set role "abroad_oversight"/)
    // Sent in one write with the settings, the insert was refused with them, and the unit rolled back.
    expect(statements.at(-1)).toBe("rollback")
    expect(await written(key)).toEqual([])
    // The next unit on the same connection runs as the request role, in a transaction of its own.
    expect(await runtime.runPromise(Database.use((d) => d.withGlobal(whoAmI)))).toEqual({
      user: "abroad_app",
      open: null,
    })
  })

  it("fails even when its program swallows the error of the statement behind them", async () => {
    const key = randomUUID()
    const exit = await runtime.runPromiseExit(
      Database.use((d) => d.withOversight(write(key).pipe(Effect.catch(() => Effect.succeed("swallowed"))))),
    )
    expect(failureOf(exit)).toMatch(/permission denied to set role/)
    expect(await written(key)).toEqual([])
  })

  it("fails when it sends no statement at all after them", async () => {
    const exit = await runtime.runPromiseExit(Database.use((d) => d.withOversight(Effect.void)))
    expect(failureOf(exit)).toMatch(/permission denied to set role/)
    expect(await runtime.runPromise(Database.use((d) => d.withGlobal(whoAmI)))).toMatchObject({ user: "abroad_app" })
  })
})
