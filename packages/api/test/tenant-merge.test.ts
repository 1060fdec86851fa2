import { createSession } from "@abroad/auth"
import { Database, DatabaseOwner } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, B, PERSONAS, seedPersona, seedTenant, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

interface Answer {
  readonly error?: unknown
  readonly report?: unknown
  readonly dryRun?: boolean
  readonly mergeId?: string | null
  readonly tenants?: ReadonlyArray<{ readonly code: string; readonly trips: number }>
  readonly conflicts?: ReadonlyArray<unknown>
}

/** The merge through the platform API: the operator asks, the successor's officers see what it left them. */
for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`tenant merge through the API on ${dialect}`, () => {
    let api: TestApi
    const tenants: Record<string, TenantFixture> = {}
    const users: Record<string, string> = {}

    beforeAll(async () => {
      api = await testApi(dialect, {
        migrated: true,
        seed: async (runtime) => {
          tenants[A] = await runtime.runPromise(seedTenant(A))
          tenants[B] = await runtime.runPromise(seedTenant(B))
          for (const name of ["operator", "admin", "adminOfB", "officerOfX"]) {
            users[name] = await runtime.runPromise(seedPersona(name, PERSONAS[name] as never, tenants))
          }
        },
      })
    }, 120_000)
    afterAll(() => api?.close())

    const as = async (persona: string, method: string, path: string, body?: unknown) => {
      const { token } = await api.run(
        Database.use((database) => database.withGlobal(createSession(users[persona] as string, new Date()))),
      )
      const response = await api.app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: response.status, body: (await response.json()) as Answer }
    }

    it("lets only the platform operator merge", async () => {
      const refused = await as("admin", "POST", "/api/platform/tenants/merge", { into: A, from: [B], dryRun: true })
      expect(refused.status).toBe(403)
    })

    it("refuses bad requests with 400 and unknown tenants with 404", async () => {
      const itself = await as("operator", "POST", "/api/platform/tenants/merge", { into: A, from: [A] })
      expect(itself.status).toBe(400)
      expect(itself.body.error).toMatchObject({
        code: "invalid_input",
        details: { issues: [{ path: ["body", "from"] }] },
      })
      const badDay = await as("operator", "POST", "/api/platform/tenants/merge", {
        into: A,
        from: [B],
        effectiveOn: "2025-02-30",
      })
      expect(badDay.status).toBe(400)
      const ahead = await as("operator", "POST", "/api/platform/tenants/merge", {
        into: A,
        from: [B],
        effectiveOn: "2099-01-01",
        dryRun: true,
      })
      expect(ahead.status).toBe(400)
      expect(ahead.body.error).toMatchObject({
        details: { rule: "tenant_merge.effective_in_future", issues: [{ path: ["body", "effectiveOn"] }] },
      })
      const unknown = await as("operator", "POST", "/api/platform/tenants/merge", { into: A, from: ["tinh-khong-co"] })
      expect(unknown.status).toBe(404)
    })

    it("merges as its dry run said, audited on the platform's chain, and refuses a second time with 409", async () => {
      const body = { into: A, from: [B], effectiveOn: "2025-07-01" }
      const dry = await as("operator", "POST", "/api/platform/tenants/merge", { ...body, dryRun: true })
      expect(dry.status).toBe(200)
      expect(dry.body).toMatchObject({ dryRun: true, mergeId: null })
      const done = await as("operator", "POST", "/api/platform/tenants/merge", body)
      expect(done.status).toBe(200)
      expect(done.body.report).toEqual(dry.body.report)
      const audit = await api.run(
        DatabaseOwner.use((owner) =>
          owner.transaction((tx) =>
            tx.query<{ actor: string; entity_id: string }>(
              "select actor, entity_id from platform_audit_event where action = 'tenant.merged'",
            ),
          ),
        ),
      )
      expect(audit).toEqual([{ actor: "operator@platform", entity_id: A }])
      const again = await as("operator", "POST", "/api/platform/tenants/merge", body)
      expect(again.status).toBe(409)
      expect(again.body.error).toMatchObject({ code: "conflict", details: { rule: "tenant_merge.already_merged" } })
    })

    it("gives the successor's officers the figures in the old structure and the conflicts, within their scope", async () => {
      const figures = await as("admin", "GET", `/api/t/${A}/statistics/trips-by-origin?from=2020-01-01&to=2030-12-31`)
      expect(figures.status).toBe(200)
      expect((figures.body.tenants ?? []).map((t) => t.code)).toEqual([A, B])
      const scoped = await as(
        "officerOfX",
        "GET",
        `/api/t/${A}/statistics/trips-by-origin?from=2020-01-01&to=2030-12-31`,
      )
      expect(scoped.status).toBe(200)
      expect((scoped.body.tenants ?? []).map((t) => t.code)).toEqual([A])
      const conflicts = await as("admin", "GET", `/api/t/${A}/member-conflicts`)
      expect(conflicts.status).toBe(200)
      expect(conflicts.body.conflicts).toEqual([])
      // B's administrator now belongs to A, reaching only what was B.
      const moved = await as("adminOfB", "GET", `/api/t/${A}/statistics/trips-by-origin?from=2020-01-01&to=2030-12-31`)
      expect((moved.body.tenants ?? []).map((t) => t.code)).toEqual([B])
    })

    it("leaves a narrowed administrator no hand on the successor's accounts, settings, plugins or audit log", async () => {
      const accounts = await as("adminOfB", "GET", `/api/t/${A}/users`)
      expect(accounts.status).toBe(403)
      // Not a password reset of the successor's own administrator, nor a new grant for itself.
      const reset = await as("adminOfB", "POST", `/api/t/${A}/users/${users.admin}/password-reset`, {})
      expect(reset.status).toBe(403)
      const grant = await as("adminOfB", "POST", `/api/t/${A}/users/${users.adminOfB}/grants`, { role: "admin" })
      expect(grant.status).toBe(403)
      expect((await as("adminOfB", "GET", `/api/t/${A}/audit`)).status).toBe(403)
      expect((await as("adminOfB", "GET", `/api/t/${A}/plugins`)).status).toBe(403)
      // The successor's own administrator, over the whole tenant, still has them.
      expect((await as("admin", "GET", `/api/t/${A}/users`)).status).toBe(200)
    })
  })
}
