import { createHash } from "node:crypto"
import { findTenantByCode } from "@abroad/core"
import { Database, DatabaseOwner, globalQuery, unitQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import type { Effect } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  clearFailures,
  createSession,
  invalidateUserSessions,
  recordAudit,
  recordFailure,
  recordPlatformAudit,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  slowDownMs,
  THROTTLE,
  throttleState,
  validateSession,
  verifyAuditChains,
} from "../src/index.ts"
import { type AuthTestDatabase, authTestDatabase } from "./fixtures.ts"

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`sessions, throttling and the audit log on ${dialect}`, () => {
    let t: AuthTestDatabase
    let userId: string
    let tenantId: string
    const global = <A, E>(
      program: Effect.Effect<A, E, import("@abroad/db").GlobalTx | import("@abroad/db").UnitOfWork>,
    ) => t.runtime.runPromise(Database.use((db) => db.withGlobal(program)))
    const inTenant = <A, E>(program: Effect.Effect<A, E, import("@abroad/db").TenantTx>) =>
      t.runtime.runPromise(Database.use((db) => db.withTenant(tenantId, program)))
    const owner = <A>(work: Parameters<DatabaseOwner["Service"]["transaction"]>[0]) =>
      t.runtime.runPromise(DatabaseOwner.use((o) => o.transaction(work))) as Promise<A>

    beforeAll(async () => {
      t = await authTestDatabase(dialect)
      const tenant = await global(findTenantByCode("quang-ninh"))
      tenantId = tenant.id
      const user = await global(
        globalQuery((db) =>
          db
            .insertInto("app_user")
            .values({
              username: "officer@quang-ninh",
              display_name: "Trần Thị Bình",
              home_tenant_id: tenant.id,
              password_hash: "x",
            })
            .returning("id")
            .executeTakeFirstOrThrow(),
        ),
      )
      userId = user.id
    })
    afterAll(() => t?.close())

    const start = new Date("2026-11-23T01:00:00Z")
    const later = (ms: number) => new Date(start.getTime() + ms)

    it("lets no caller of abroad_keep_session extend a session past its absolute expiry, or revive an expired one", async () => {
      const { token, session } = await global(createSession(userId, start))
      const [id, secret] = token.split(".") as [string, string]
      const hash = createHash("sha256").update(secret).digest()
      const keep = (usedAt: Date, expiresAt: Date) =>
        global(unitQuery((db) => sql`select abroad_keep_session(${id}, ${hash}, ${usedAt}, ${expiresAt})`.execute(db)))
      const stored = () =>
        global(
          globalQuery((db) =>
            db.selectFrom("user_session").select("expires_at").where("id", "=", id).executeTakeFirstOrThrow(),
          ),
        )
      // Raw SQL asks for a week: it gets the absolute expiry, no more.
      await keep(later(60_000), later(7 * 24 * 3_600_000))
      expect((await stored()).expires_at).toEqual(session.absoluteExpiresAt)
      // Once the session has expired by the caller's clock, nothing slides it forward again.
      const expiredAt = later(SESSION_ABSOLUTE_MS + 1)
      await keep(expiredAt, later(SESSION_ABSOLUTE_MS + 3_600_000))
      expect((await stored()).expires_at).toEqual(session.absoluteExpiresAt)
      expect(await global(validateSession(token, expiredAt))).toBeUndefined()
    })

    it("honours a genuine token and refuses a forged or malformed one", async () => {
      const { token } = await global(createSession(userId, start))
      expect(await global(validateSession(token, later(60_000)))).toMatchObject({ userId })
      const [id] = token.split(".")
      expect(await global(validateSession(`${id}.${"a".repeat(24)}`, later(60_000)))).toBeUndefined()
      expect(await global(validateSession("not-a-token", later(60_000)))).toBeUndefined()
      // Only a hash of the secret is kept: the stored row does not contain it.
      const [row] = await owner<Array<{ secret_hash: Uint8Array }>>((tx) =>
        tx.query("select secret_hash from user_session where id = $1", [id]),
      )
      expect(Buffer.from(row?.secret_hash ?? []).toString()).not.toContain(token.split(".")[1])
    })

    it("slides while used, ends when idle, and ends at the absolute cap whatever happens", async () => {
      const { token } = await global(createSession(userId, start))
      // Used every hour: alive until the cap, then gone.
      for (let hour = 1; hour < SESSION_ABSOLUTE_MS / 3_600_000; hour++) {
        expect(await global(validateSession(token, later(hour * 3_600_000))), `hour ${hour}`).toBeDefined()
      }
      expect(await global(validateSession(token, later(SESSION_ABSOLUTE_MS)))).toBeUndefined()
      const idle = await global(createSession(userId, start))
      expect(await global(validateSession(idle.token, later(SESSION_IDLE_MS + 1)))).toBeUndefined()
      // An expired session is deleted, not merely refused.
      expect(await global(validateSession(idle.token, later(60_000)))).toBeUndefined()
    })

    it("signs a user out everywhere", async () => {
      const first = await global(createSession(userId, start))
      const second = await global(createSession(userId, start))
      expect(await global(invalidateUserSessions(userId))).toBeGreaterThanOrEqual(2)
      expect(await global(validateSession(first.token, later(1000)))).toBeUndefined()
      expect(await global(validateSession(second.token, later(1000)))).toBeUndefined()
    })

    it("slows down and then locks an account after repeated failures, until the lock expires", async () => {
      const key = `user:${userId}` as const
      let state = { failures: 0, lockedUntil: undefined as Date | undefined }
      for (let i = 0; i < THROTTLE.accountLockAfter; i++) state = await global(recordFailure(key, later(i * 1000)))
      expect(state.failures).toBe(THROTTLE.accountLockAfter)
      expect(state.lockedUntil).toBeDefined()
      expect(slowDownMs(THROTTLE.accountLockAfter)).toBeGreaterThan(0)
      expect((await global(throttleState(key, later(10_000)))).lockedUntil).toBeDefined()
      expect((await global(throttleState(key, later(THROTTLE.lockMs + 10_000)))).lockedUntil).toBeUndefined()
      await global(clearFailures(key))
      expect((await global(throttleState(key, later(10_000)))).failures).toBe(0)
    })

    it("chains audit entries and finds an edited, a removed or a truncated entry", async () => {
      for (const action of ["auth.login.succeeded", "grant.created", "auth.logout.done"]) {
        await inTenant(recordAudit({ actorUserId: userId, actor: "officer@quang-ninh", action, ip: "10.0.0.1" }))
      }
      await global(recordPlatformAudit({ actorUserId: null, actor: "system", action: "auth.login.failed" }))
      const clean = await t.runtime.runPromise(verifyAuditChains("quang-ninh"))
      expect(clean).toEqual([{ chain: "quang-ninh", entries: 3, breaks: [] }])
      const all = await t.runtime.runPromise(verifyAuditChains())
      expect(all.flatMap((r) => r.breaks)).toEqual([])
      expect(all.find((r) => r.chain === "platform")?.entries).toBe(1)

      // Someone with the owner's rights edits one entry...
      await owner(async (tx) => {
        await tx.query("select set_config('app.tenant_id', $1, true)", [tenantId])
        await tx.query("update audit_event set actor = 'someone@else' where tenant_id = $1 and seq = 2", [tenantId])
      })
      expect((await t.runtime.runPromise(verifyAuditChains("quang-ninh")))[0]?.breaks).toEqual([
        { chain: "quang-ninh", seq: 2, problem: "edited" },
      ])
      // ...removes the first and the last ones.
      await owner(async (tx) => {
        await tx.query("select set_config('app.tenant_id', $1, true)", [tenantId])
        await tx.query("delete from audit_event where tenant_id = $1 and seq in (1, 3)", [tenantId])
      })
      const problems = (await t.runtime.runPromise(verifyAuditChains("quang-ninh")))[0]?.breaks.map((b) => b.problem)
      expect(problems).toEqual(expect.arrayContaining(["edited", "removed_before", "removed_at_end"]))
    })
  })
}
