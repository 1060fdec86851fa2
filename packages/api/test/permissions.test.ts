import { createSession } from "@abroad/auth"
import { Database } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, B, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`scopes, break-glass and request forgery on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    beforeAll(async () => {
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
    }, 120_000)
    afterAll(() => api?.close())

    const tokenFor = async (persona: string) => {
      const userId = world.users[persona] as string
      return (await api.run(Database.use((database) => database.withGlobal(createSession(userId, new Date()))))).token
    }
    const get = async (persona: string, path: string) => {
      const response = await api.app.request(path, { headers: { authorization: `Bearer ${await tokenFor(persona)}` } })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }
    const post = async (persona: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const response = await api.app.request(path, {
        method: "POST",
        headers: { authorization: `Bearer ${await tokenFor(persona)}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }
    const names = (body: Record<string, unknown>) =>
      (body.members as Array<{ fullName: string }>).map((member) => member.fullName).sort()

    it("shows an officer scoped to a committee that subtree only", async () => {
      const a = world.tenants[A] as TenantFixture
      expect(names((await get("officer", `/api/t/${A}/members`)).body)).toEqual(["Nguyễn Văn A", "Trần Thị Bình"])
      expect(names((await get("officerOfX", `/api/t/${A}/members`)).body)).toEqual(["Nguyễn Văn A"])
      expect((await get("officerOfX", `/api/t/${A}/members/${a.memberInX}`)).status).toBe(200)
      expect((await get("officerOfX", `/api/t/${A}/members/${a.memberInY}`)).status).toBe(404)
      expect(names((await get("cellSecretary", `/api/t/${A}/members`)).body)).toEqual(["Nguyễn Văn A"])
    })

    it("shows the organisation tree within scope, with the units above a scoped committee", async () => {
      const units = async (persona: string) =>
        ((await get(persona, `/api/t/${A}/org-units`)).body.orgUnits as Array<{ name: string; depth: number }>).map(
          (unit) => `${unit.depth}:${unit.name}`,
        )
      expect(await units("officer")).toEqual(["0:Đảng bộ", "1:Đảng bộ X", "2:Chi bộ X1", "1:Đảng bộ Y"])
      expect(await units("officerOfX")).toEqual(["0:Đảng bộ", "1:Đảng bộ X", "2:Chi bộ X1"])
      expect((await get("member", `/api/t/${A}/org-units`)).status).toBe(403)
    })

    it("finds names without their diacritics", async () => {
      const found = await get("officer", `/api/t/${A}/members?q=${encodeURIComponent("nguyen van a")}`)
      expect(names(found.body)).toEqual(["Nguyễn Văn A"])
      expect(names((await get("officer", `/api/t/${A}/members?q=Tran%20Thi`)).body)).toEqual(["Trần Thị Bình"])
    })

    it("gives an operator no personal data until a break-glass grant is opened, and shows it to the tenant's administrators", async () => {
      expect((await get("operator", `/api/t/${B}/members`)).status).toBe(403)
      const tooShort = await post("operator", "/api/platform/break-glass", { tenantCode: B, reason: "vì", minutes: 30 })
      expect(tooShort.status).toBe(400)
      const opened = await post("operator", "/api/platform/break-glass", {
        tenantCode: B,
        reason: "Phiếu hỗ trợ số 2026-118: kiểm tra dữ liệu",
        minutes: 30,
      })
      expect(opened.status).toBe(201)
      const read = await get("operator", `/api/t/${B}/members`)
      expect(read.status).toBe(200)
      expect(names(read.body)).toEqual(["Nguyễn Văn A", "Trần Thị Bình"])
      // Reading only: no write capability comes with it, and tenant A stays closed.
      expect((await get("operator", `/api/t/${A}/members`)).status).toBe(403)

      const log = await get("adminOfB", `/api/t/${B}/audit?action=break_glass.`)
      const actions = (log.body.entries as Array<{ action: string; actor: string }>).map((entry) => entry.action)
      expect(actions).toContain("break_glass.opened")
      expect(actions).toContain("break_glass.access")
      const grants = await get("adminOfB", `/api/t/${B}/break-glass`)
      expect(grants.body.grants).toMatchObject([
        { operator: "operator@platform", reason: expect.stringContaining("2026-118") },
      ])

      expect((await post("operator", "/api/platform/break-glass/close", { tenantCode: B })).body).toEqual({ closed: 1 })
      expect((await get("operator", `/api/t/${B}/members`)).status).toBe(403)
    })

    it("refuses a cookie-borne write from a foreign origin, and accepts one from its own", async () => {
      const cookie = `abroad_session=${await tokenFor("admin")}`
      const a = world.tenants[A] as TenantFixture
      const attempt = (headers: Record<string, string>) =>
        api.app.request(`http://localhost/api/t/${A}/users/${a.subject}`, {
          method: "PATCH",
          headers: { cookie, "content-type": "application/json", ...headers },
          body: JSON.stringify({ displayName: "Tên mới" }),
        })
      const foreign = await attempt({ origin: "https://evil.example" })
      expect(foreign.status).toBe(403)
      expect(((await foreign.json()) as { error: { message: { en: string } } }).error.message.en).toMatch(
        /another site/,
      )
      expect((await attempt({})).status).toBe(403)
      expect((await attempt({ origin: "http://localhost", "sec-fetch-site": "cross-site" })).status).toBe(403)
      expect((await attempt({ origin: "http://localhost" })).status).toBe(200)
    })

    it("filters the audit log by actor, action, entity and time, newest first, page by page", async () => {
      const a = world.tenants[A] as TenantFixture
      for (const name of ["Tên một", "Tên hai", "Tên ba"]) {
        await api.app.request(`/api/t/${A}/users/${a.subject}`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${await tokenFor("admin")}`, "content-type": "application/json" },
          body: JSON.stringify({ displayName: name }),
        })
      }
      const page = await get("admin", `/api/t/${A}/audit?actor=admin@${A}&entityId=${a.subject}&limit=2`)
      const entries = page.body.entries as Array<{ seq: number; action: string; details: { displayName?: string } }>
      expect(entries).toHaveLength(2)
      expect(entries[0]?.details.displayName).toBe("Tên ba")
      expect((entries[0]?.seq ?? 0) > (entries[1]?.seq ?? 0)).toBe(true)
      const next = await get(
        "admin",
        `/api/t/${A}/audit?actor=admin@${A}&entityId=${a.subject}&limit=2&before=${page.body.next}`,
      )
      expect((next.body.entries as Array<unknown>).length).toBeGreaterThanOrEqual(1)
      const future = await get("admin", `/api/t/${A}/audit?from=2999-01-01T00:00:00Z`)
      expect(future.body.entries).toEqual([])
      expect((await get("admin", `/api/t/${A}/audit?from=yesterday`)).status).toBe(400)
      // Another tenant's log is not an administrator's to read.
      expect((await get("admin", `/api/t/${B}/audit`)).status).toBe(403)
    })

    it("sends the security headers on every answer", async () => {
      const response = await api.app.request("/api/tenants")
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'")
      expect(response.headers.get("x-content-type-options")).toBe("nosniff")
      expect(response.headers.get("referrer-policy")).toBe("same-origin")
      const guarded = await api.app.request(`/api/t/${A}/members`, {
        headers: { authorization: `Bearer ${await tokenFor("officer")}` },
      })
      expect(guarded.headers.get("cache-control")).toBe("no-store")
    })
  })
}
