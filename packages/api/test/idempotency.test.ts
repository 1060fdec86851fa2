import { createSession } from "@abroad/auth"
import { Database, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

/** Idempotency-Key on creating POSTs: a retried request creates nothing twice. */

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`Idempotency-Key on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    beforeAll(async () => {
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
    }, 120_000)
    afterAll(() => api?.close())

    const fixture = () => world.tenants[A] as TenantFixture

    const send = async (persona: string, path: string, body: unknown, key?: string, raw?: string) => {
      const userId = world.users[persona] as string
      const { token } = await api.run(
        Database.use((database) => database.withGlobal(createSession(userId, new Date()))),
      )
      const response = await api.app.request(path, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          ...(key === undefined ? {} : { "idempotency-key": key }),
        },
        body: raw ?? JSON.stringify(body),
      })
      return {
        status: response.status,
        replayed: response.headers.get("idempotent-replayed"),
        // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever the API answered
        body: (await response.json()) as Record<string, any>,
      }
    }

    const form = (fullName: string, overrides: Record<string, unknown> = {}) => ({
      fullName,
      sex: "female",
      birthDate: "1991-03-08",
      citizenId: null,
      partyCardNo: null,
      admittedOn: "2016-05-19",
      fullMemberOn: "2017-05-19",
      orgUnitId: fixture().cell,
      managedByUnitId: null,
      status: "active",
      politicalIssuePending: false,
      ...overrides,
    })

    const membersNamed = (fullName: string) =>
      api.run(
        Database.use((database) =>
          database.withTenant(
            fixture().id,
            tenantQuery((db) => db.selectFrom("member").select("id").where("full_name", "=", fullName).execute()),
          ),
        ),
      )

    const members = `/api/t/${A}/members`

    it("replays the first answer to a retry with the same key and body, and creates one member only", async () => {
      const key = "3f0c8a52-7d7e-4a8e-9a51-0d6f3c1b2e10"
      const first = await send("officer", members, form("Đỗ Thị Lan"), key)
      expect(first.status).toBe(201)
      expect(first.replayed).toBeNull()
      // The same JSON, its keys in another order, counts as the same request.
      const reordered = Object.fromEntries(Object.entries(form("Đỗ Thị Lan")).reverse())
      const retry = await send("officer", members, reordered, key)
      expect(retry.status).toBe(201)
      expect(retry.replayed).toBe("true")
      expect(retry.body).toEqual(first.body)
      expect(await membersNamed("Đỗ Thị Lan")).toHaveLength(1)
    })

    it("refuses the same key with a different body (422 idempotency_key_reused)", async () => {
      const key = "retry-key-reused-0001"
      expect((await send("officer", members, form("Vũ Minh Tuấn"), key)).status).toBe(201)
      const reused = await send("officer", members, form("Vũ Minh Tuấn", { sex: "male" }), key)
      expect(reused.status).toBe(422)
      expect(reused.body.error.code).toBe("idempotency_key_reused")
      expect(reused.body.error.message.vi).toContain("Idempotency-Key")
      expect(reused.body.error.message.en).toContain("Idempotency-Key")
      // The same key on another creating route is another request too.
      const elsewhere = await send("officer", `/api/t/${A}/bulletins`, { title: "Thông báo", body: "" }, key)
      expect(elsewhere.body.error.code).toBe("idempotency_key_reused")
      expect(await membersNamed("Vũ Minh Tuấn")).toHaveLength(1)
    })

    it("runs every request without a key, keeps keys per account, and frees a key after 24 hours", async () => {
      expect((await send("officer", members, form("Phan Văn Hải"))).status).toBe(201)
      expect((await send("officer", members, form("Phan Văn Hải"))).status).toBe(201)
      expect(await membersNamed("Phan Văn Hải")).toHaveLength(2)

      const key = "shared-key-between-accounts"
      expect((await send("officer", members, form("Lý Thu Trang"), key)).status).toBe(201)
      const otherAccount = await send("admin", members, form("Lý Thu Trang"), key)
      expect(otherAccount.status).toBe(201)
      expect(otherAccount.replayed).toBeNull()
      expect(await membersNamed("Lý Thu Trang")).toHaveLength(2)

      // A day later the key is free again, even for another body.
      await api.run(
        Database.use((database) =>
          database.withTenant(
            fixture().id,
            tenantQuery((db) =>
              db
                .updateTable("idempotency_key")
                .set({ created_at: new Date(Date.now() - 25 * 60 * 60 * 1000) })
                .where("key", "=", key)
                .execute(),
            ),
          ),
        ),
      )
      const later = await send("officer", members, form("Lý Thu Trang", { sex: "male" }), key)
      expect(later.status).toBe(201)
      expect(later.replayed).toBeNull()
    })

    it("stores nothing for a refused request, so the corrected request may reuse its key", async () => {
      const key = "fix-and-retry-0001"
      const refused = await send("officer", members, form("Mai Văn Đức", { admittedOn: "1995-01-01" }), key)
      expect(refused.status).toBe(422)
      const corrected = await send("officer", members, form("Mai Văn Đức"), key)
      expect(corrected.status).toBe(201)
      expect(await membersNamed("Mai Văn Đức")).toHaveLength(1)
    })

    it("creates once when the same request arrives several times at once", async () => {
      const key = "concurrent-0001-abcdef"
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => send("officer", members, form("Hồ Thị Ngọc"), key)),
      )
      expect(await membersNamed("Hồ Thị Ngọc")).toHaveLength(1)
      for (const answer of answers) {
        expect([201, 409]).toContain(answer.status)
        if (answer.status === 409) expect(answer.body.error.code).toBe("idempotency_key_in_flight")
      }
      const created = answers.filter((answer) => answer.status === 201)
      expect(created.length).toBeGreaterThan(0)
      for (const answer of created) expect(answer.body).toEqual(created[0]?.body)
      // Once the first has answered, every retry is a replay.
      const retry = await send("officer", members, form("Hồ Thị Ngọc"), key)
      expect(retry.status).toBe(201)
      expect(retry.replayed).toBe("true")
    })

    it("refuses a malformed key, and documents the header on every idempotent route", async () => {
      const short = await send("officer", members, form("Ngắn Quá"), "short")
      expect(short.status).toBe(400)
      expect(short.body.error.details.issues[0].path).toEqual(["headers", "Idempotency-Key"])
      expect(await membersNamed("Ngắn Quá")).toHaveLength(0)

      const document = (await (await api.app.request("/api/openapi.json")).json()) as {
        paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }> }>>
      }
      const headerOf = (path: string, method: string) =>
        document.paths[path]?.[method]?.parameters.find((p) => p.in === "header")?.name
      expect(headerOf("/api/t/{tenantCode}/members", "post")).toBe("Idempotency-Key")
      expect(headerOf("/api/t/{tenantCode}/bulletins", "post")).toBe("Idempotency-Key")
      expect(headerOf("/api/t/{tenantCode}/handbook/{slug}/versions", "post")).toBe("Idempotency-Key")
      expect(headerOf("/api/t/{tenantCode}/members/{memberId}", "put")).toBeUndefined()
    })

    it("replays a published bulletin too", async () => {
      const key = "bulletin-0001-abcdef"
      const body = { title: "Thông báo nghỉ Tết", body: "Lịch nghỉ Tết Nguyên đán.", targets: {} }
      const first = await send("officer", `/api/t/${A}/bulletins`, body, key)
      const retry = await send("officer", `/api/t/${A}/bulletins`, body, key)
      expect(first.status).toBe(201)
      expect(retry.body.bulletin.id).toBe(first.body.bulletin.id)
      const listed = await api.run(
        Database.use((database) =>
          database.withTenant(
            fixture().id,
            tenantQuery((db) =>
              db.selectFrom("bulletin").select("id").where("title", "=", "Thông báo nghỉ Tết").execute(),
            ),
          ),
        ),
      )
      expect(listed).toHaveLength(1)
    })
  })
}
