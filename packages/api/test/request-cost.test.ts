import { createSession } from "@abroad/auth"
import { Database, globalQuery, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { A, type AccessWorld, B, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

/** What a statement is, for reading a request's statements at a glance. */
const kindOf = (text: string): string => {
  const statement = text.trim().toLowerCase()
  if (statement === "begin" || statement.startsWith("start transaction")) return "begin"
  if (statement === "commit" || statement === "rollback") return statement
  if (statement.startsWith("select set_config('role'")) return "settings"
  // The session's functions (migration 0016), called by whichever role the unit runs as.
  const call = /\b(abroad_[a-z_]+)\(/.exec(statement)?.[1]
  if (call !== undefined) return `call ${call}`
  // The last table read is the statement's own: subqueries (the grants' JSON) come before it.
  const table = [...statement.matchAll(/\bfrom "?([a-z_]+)"?/g)].at(-1)?.[1]
  return `${statement.split(/\s/)[0]} ${table ?? "?"}`
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`what one request costs the database on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    const statements: Array<string> = []
    let now = new Date()
    beforeAll(async () => {
      api = await testApi(dialect, {
        migrated: true,
        seed: seedAccessWorld(world),
        onStatement: (text) => statements.push(text),
        now: () => now,
      })
    }, 120_000)
    afterAll(() => api?.close())
    beforeEach(() => {
      now = new Date()
    })
    /**
     * One unit of work as the server hears it. PGlite's driver opens and ends its transactions
     * inside the embedded engine, with no statement of its own to log (and no network to cross).
     */
    const unit = (...inside: Array<string>) =>
      dialect === "postgres" ? ["begin", "settings", ...inside, "commit"] : ["settings", ...inside]

    const tokenFor = async (persona: string) => {
      const userId = world.users[persona] as string
      return (await api.run(Database.use((database) => database.withGlobal(createSession(userId, now))))).token
    }
    /** The answer's status, and the statements the request alone sent, by kind. */
    const get = async (token: string, path: string) => {
      statements.length = 0
      const response = await api.app.request(path, { headers: { authorization: `Bearer ${token}` } })
      return { status: response.status, statements: statements.map(kindOf) }
    }

    /**
     * A request as the server hears it: on PostgreSQL ONE unit of work, the session read in the
     * transaction the handler then continues; on PGlite, where units take turns and none is handed
     * over, the session's unit and then the handler's.
     */
    const request = (...inside: Array<string>) =>
      dialect === "postgres"
        ? unit("call abroad_session_actor", ...inside)
        : [...unit("call abroad_session_actor"), ...unit(...inside)]

    it("serves a tenant route in one unit of work: the session with its account and grants, then the query", async () => {
      const token = await tokenFor("officer")
      const first = await get(token, `/api/t/${A}/members`)
      expect(first.status).toBe(200)
      // The first request of a process also looks the tenant's code up, once.
      expect(first.statements).toEqual([...unit("select tenant"), ...request("select member")])
      const next = await get(token, `/api/t/${A}/members`)
      expect(next.status).toBe(200)
      // Where it was four units of work and 17 statements: the session, the tenant, the grants, the query.
      expect(next.statements).toEqual(request("select member"))
    })

    it("serves the oversight desk and the national statistics in one unit of work as their own roles", async () => {
      const oversight = await get(await tokenFor("oversight"), "/api/oversight/abroad/summary?by=country")
      expect(oversight.status).toBe(200)
      // Where it was four: the session, the account's grants in its tenant, the oversight body, the count.
      expect(oversight.statements).toEqual(request("select abroad_now_by_country"))
      const national = await get(await tokenFor("analyst"), "/api/national/trips?period=5y&by=purpose")
      expect(national.status).toBe(200)
      expect(national.statements).toEqual(request("call abroad_national_statistics"))
    })

    it("reads a request's body before it opens the session's transaction: a slow client holds no connection", async () => {
      const token = await tokenFor("officer")
      statements.length = 0
      let sendTheRest = () => {}
      const rest = new Promise<void>((resolve) => {
        sendTheRest = resolve
      })
      const text = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(text.encode('{"fullName": '))
          await rest
          controller.enqueue(text.encode("42}"))
          controller.close()
        },
      })
      const answer = api.app.request(`/api/t/${A}/members`, {
        method: "POST",
        // With its length announced: the size limit then lets the body through as it comes.
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": String('{"fullName": 42}'.length),
        },
        body,
        duplex: "half",
      } as RequestInit)
      // The server has the headers and half the body: it waits for the rest, with nothing open.
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(statements).toEqual([])
      sendTheRest()
      const response = await answer
      expect(response.status).toBe(400)
      // Then it reads the session (and, if this is the process's first request, the tenant's code).
      expect(statements.map(kindOf)).toContain("call abroad_session_actor")
    })

    it("reads the grants afresh at every request: one withdrawn behind the API's back counts at once", async () => {
      const token = await tokenFor("approver")
      expect((await get(token, `/api/t/${A}/members`)).status).toBe(200)
      const tenantId = (world.tenants[A] as TenantFixture).id
      const withdrawn = await api.run(
        Database.use((database) =>
          database.withTenant(
            tenantId,
            tenantQuery((db) =>
              db
                .deleteFrom("role_grant")
                .where("user_id", "=", world.users.approver as string)
                .returningAll()
                .execute(),
            ),
          ),
        ),
      )
      expect((await get(token, `/api/t/${A}/members`)).status).toBe(403)
      await api.run(
        Database.use((database) =>
          database.withTenant(
            tenantId,
            tenantQuery((db) => db.insertInto("role_grant").values(withdrawn).execute()),
          ),
        ),
      )
      expect((await get(token, `/api/t/${A}/members`)).status).toBe(200)
    })

    it("refuses at once a session signed out, expired, or of a disabled account", async () => {
      const signedOut = await tokenFor("officer")
      expect((await get(signedOut, `/api/t/${A}/members`)).status).toBe(200)
      const [sessionId] = signedOut.split(".")
      await api.run(
        Database.use((database) =>
          database.withGlobal(
            globalQuery((db) =>
              db
                .deleteFrom("user_session")
                .where("id", "=", sessionId as string)
                .execute(),
            ),
          ),
        ),
      )
      expect((await get(signedOut, `/api/t/${A}/members`)).status).toBe(401)

      const expiring = await tokenFor("officer")
      now = new Date(now.getTime() + 13 * 60 * 60 * 1000)
      const expired = await get(expiring, `/api/t/${A}/members`)
      expect(expired.status).toBe(401)
      // Deleted on sight, in the same unit of work that found it expired.
      expect(expired.statements).toEqual(unit("call abroad_session_actor", "call abroad_keep_session"))
      now = new Date()

      const disabled = await tokenFor("officerOfX")
      expect((await get(disabled, `/api/t/${A}/members`)).status).toBe(200)
      await api.run(
        Database.use((database) =>
          database.withGlobal(
            globalQuery((db) =>
              db
                .updateTable("app_user")
                .set({ disabled_at: now })
                .where("id", "=", world.users.officerOfX as string)
                .execute(),
            ),
          ),
        ),
      )
      expect((await get(disabled, `/api/t/${A}/members`)).status).toBe(401)
      expect((await get("not-a-token", `/api/t/${A}/members`)).status).toBe(401)
    })

    it("answers another tenant's account, and an unknown tenant, as before", async () => {
      // A's officer in B: its session is not one of B's accounts, so it is read without a tenant, and refused there.
      expect((await get(await tokenFor("officer"), `/api/t/${B}/members`)).status).toBe(403)
      // An operator's session is never one of a tenant's: without a break-glass grant, nothing.
      expect((await get(await tokenFor("operator"), `/api/t/${B}/members`)).status).toBe(403)
      expect((await get(await tokenFor("officer"), "/api/t/no-such-tenant/members")).status).toBe(404)
      // With no session at all, the missing session is what is said first.
      const anonymous = await api.app.request("/api/t/no-such-tenant/members")
      expect(anonymous.status).toBe(401)
    })
  })
}
