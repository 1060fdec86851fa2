import { apiRoutes } from "@abroad/api"
import { DIALECTS, dialectAvailable, holdMigrationRecord, setDatabaseReachable } from "@abroad/db/testing"
import { Validator } from "@seriousme/openapi-schema-validator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type TestApi, testApi } from "./fixtures.ts"

const json = async (response: Response) => (await response.json()) as Record<string, unknown>

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`the API on ${dialect}`, () => {
    let api: TestApi
    beforeAll(async () => {
      api = await testApi(dialect)
    })
    afterAll(() => api?.close())

    it("answers liveness without touching the database", async () => {
      const response = await api.app.request("/healthz")
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ status: "ok" })
    })

    it("is ready once the database answers and every migration is applied", async () => {
      const response = await api.app.request("/readyz")
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ status: "ready" })
    })

    it("lists the 85 tenants publicly, with code, name and kind only", async () => {
      const response = await api.app.request("/api/tenants")
      expect(response.status).toBe(200)
      const body = (await response.json()) as { tenants: Array<Record<string, unknown>> }
      expect(body.tenants).toHaveLength(85)
      for (const tenant of body.tenants) expect(Object.keys(tenant).sort()).toEqual(["code", "kind", "name"])
      expect(body.tenants).toContainEqual({ code: "ho-chi-minh", name: "Hồ Chí Minh", kind: "city" })
      const ministries = await api.app.request("/api/tenants?kind=ministry")
      expect(((await ministries.json()) as { tenants: Array<unknown> }).tenants).toHaveLength(22)
    })

    it("refuses bad input with 400 and the path of the field at fault, in both languages", async () => {
      const response = await api.app.request("/api/tenants?kind=village")
      expect(response.status).toBe(400)
      const body = await json(response)
      expect(body).toMatchObject({
        error: {
          code: "invalid_input",
          message: { vi: expect.any(String), en: expect.any(String) },
          details: { issues: [{ path: ["query", "kind"], message: expect.stringContaining("province") }] },
        },
      })
    })

    it("refuses a NUL character anywhere in the input with 400, never a 500", async () => {
      for (const path of ["/api/tenants?kind=%00", "/api/t/%00/users"]) {
        const response = await api.app.request(path)
        expect({ path, status: response.status }).toEqual({ path, status: 400 })
      }
      const login = await api.app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "a\u0000b", password: "x" }),
      })
      expect(login.status).toBe(400)
      expect(
        ((await login.json()) as { error: { details: { issues: Array<{ path: Array<string> }> } } }).error.details
          .issues[0]?.path,
      ).toEqual(["body", "username"])
    })

    it("refuses JSON nested thousands of levels deep with 400, never a 500", async () => {
      const deep = `${"[".repeat(6000)}${"]".repeat(6000)}`
      const login = await api.app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"username":"a","password":${deep}}`,
      })
      expect(login.status).toBe(400)
      const body = (await login.json()) as { error: { code: string; message: { en: string } } }
      expect(body.error.message.en).toContain("nests deeper than 64 levels")
    })

    it("refuses a date that cannot exist in a filter or cursor with 400, never a 500", async () => {
      for (const path of [
        "/api/t/ho-chi-minh/audit?from=99999-01-01",
        "/api/t/ho-chi-minh/audit?from=2026-13-01",
        "/api/t/ho-chi-minh/violations?after=2026-02-30T00:00:00.000000Z~00000000-0000-0000-0000-000000000000",
      ]) {
        const response = await api.app.request(path)
        expect({ path, status: response.status }).toEqual({ path, status: 400 })
      }
    })

    it("refuses a body over the limit with 413 before reading it", async () => {
      const response = await api.app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(3 * 1024 * 1024) },
        body: "x".repeat(3 * 1024 * 1024),
      })
      expect(response.status).toBe(413)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("too_large")
    })

    it("answers an unknown address with the 404 envelope", async () => {
      const response = await api.app.request("/api/t/ho-chi-minh/nothing-here")
      expect(response.status).toBe(404)
      expect(await json(response)).toEqual({
        error: { code: "not_found", message: { vi: expect.any(String), en: expect.any(String) } },
      })
    })

    it("logs one line per request with the route pattern, never the query or an unmatched path", async () => {
      api.logs.length = 0
      const requestId = "0b4e7a52-9c1d-4f6e-8a3b-2d5c7e9f1a04"
      await api.app.request("/api/tenants?kind=Nguy%E1%BB%85n", { headers: { "x-request-id": requestId } })
      await api.app.request("/api/members/079123456789")
      expect(api.logs.map((l) => [l.requestId, l.method, l.route, l.status])).toEqual([
        [requestId, "GET", "/api/tenants", 400],
        [expect.any(String), "GET", "(unmatched)", 404],
      ])
      const text = JSON.stringify(api.logs)
      expect(text).not.toContain("079123456789")
      expect(text).not.toContain("kind=")
    })

    it("echoes the request id and sends the security headers", async () => {
      const requestId = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
      const response = await api.app.request("/healthz", { headers: { "x-request-id": requestId } })
      expect(response.headers.get("x-request-id")).toBe(requestId)
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'")
      expect(response.headers.get("x-content-type-options")).toBe("nosniff")
      expect(response.headers.get("referrer-policy")).toBe("same-origin")
      const forged = await api.app.request("/healthz", { headers: { "x-request-id": "<script>" } })
      expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
    })

    it("keeps a caller's request id only if it is a UUID, so no text of the caller's reaches the log", async () => {
      api.logs.length = 0
      for (const given of ["nguyen-van-a-079123456789", "req-123", "0b4e7a52-9c1d-4f6e-8a3b-2d5c7e9f1a04x"]) {
        const response = await api.app.request("/healthz", { headers: { "x-request-id": given } })
        const echoed = response.headers.get("x-request-id")
        expect(echoed).not.toBe(given)
        expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      }
      const text = JSON.stringify(api.logs)
      expect(text).not.toContain("nguyen-van-a")
      expect(text).not.toContain("req-123")
    })

    it("publishes a valid OpenAPI 3.1 document of every route, generated from the route schemas", async () => {
      const response = await api.app.request("/api/openapi.json")
      expect(response.status).toBe(200)
      const document = (await response.json()) as {
        openapi: string
        paths: Record<string, Record<string, { parameters: Array<{ name: string; schema: { enum?: Array<string> } }> }>>
      }
      const result = await new Validator().validate(document as never)
      expect(result.errors ?? []).toEqual([])
      expect(result.valid).toBe(true)
      expect(document.openapi).toBe("3.1.0")
      // Every registered route is documented, and nothing else is.
      const registered = [...apiRoutes.map((route) => route.path), "/api/docs", "/api/openapi.json"]
      expect(Object.keys(document.paths).sort()).toEqual([...new Set(registered)].sort())
      for (const route of apiRoutes) expect(document.paths[route.path]?.[route.method], route.operationId).toBeDefined()
      expect(document.paths["/api/auth/login"]?.post).toBeDefined()
      // The query parameter's allowed values come from the same Schema that rejected "village" above.
      const kind = document.paths["/api/tenants"]?.get?.parameters.find((p) => p.name === "kind")
      expect(kind?.schema.enum).toEqual(["province", "city", "ministry"])
    })

    it("serves a readable reference page that needs nothing from the internet", async () => {
      const response = await api.app.request("/api/docs")
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toContain("text/html")
      const html = await response.text()
      for (const path of ["/api/tenants", "/healthz", "/readyz", "/api/openapi.json"]) expect(html).toContain(path)
      expect(html).not.toMatch(/<script|https?:\/\/(?!json-schema)/)
    })
  })
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`readiness before migrations on ${dialect}`, () => {
    it("is not ready while migrations are pending", async () => {
      const api = await testApi(dialect, { migrated: false })
      try {
        const response = await api.app.request("/readyz")
        expect(response.status).toBe(503)
        expect(await json(response)).toMatchObject({ error: { code: "unavailable" } })
        const liveness = await api.app.request("/healthz")
        expect(liveness.status).toBe(200)
      } finally {
        await api.close()
      }
    })
  })
}

describe.skipIf(!(await dialectAvailable("postgres")))("readiness while PostgreSQL does not answer", () => {
  let api: TestApi
  beforeAll(async () => {
    api = await testApi("postgres")
  })
  afterAll(async () => {
    if (api === undefined) return
    await setDatabaseReachable(api.db, true)
    await api.close()
  })

  /** Asks /readyz until it answers 200 or `ms` have passed; every answer, with its time, for the failure message. */
  const readyWithin = async (ms: number) => {
    const answers: Array<string> = []
    const deadline = performance.now() + ms
    let status = 0
    while (status !== 200 && performance.now() < deadline) {
      const asked = performance.now()
      status = (await api.app.request("/readyz")).status
      answers.push(`${status} in ${Math.round(performance.now() - asked)} ms`)
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    return { status, answers }
  }

  it("answers 503 while the database refuses connections, and 200 once it is back", async () => {
    expect((await api.app.request("/readyz")).status).toBe(200)
    await setDatabaseReachable(api.db, false)
    try {
      const down = await api.app.request("/readyz")
      expect(down.status).toBe(503)
      expect(await json(down)).toMatchObject({ error: { code: "unavailable" } })
      // Liveness is not readiness: the process itself is fine.
      expect((await api.app.request("/healthz")).status).toBe(200)
      // A data request while the database is down is a 503 as well, never a 500.
      const tenants = await api.app.request("/api/tenants")
      expect(tenants.status).toBe(503)
    } finally {
      await setDatabaseReachable(api.db, true)
    }
    // The driver reconnects with a backoff (at most 20 s): readiness comes back on its own, without a restart.
    const back = await readyWithin(40_000)
    expect(back.status, `readiness after the outage: ${back.answers.join(", ")}`).toBe(200)
    expect((await api.app.request("/api/tenants")).status).toBe(200)
  }, 90_000)

  it("answers 503 within its budget, not never, while the migration record is locked, and 200 once it is free", async () => {
    // Another process migrating holds the record: the probe must still answer, and say "not ready".
    const record = await holdMigrationRecord(api.db)
    try {
      const asked = performance.now()
      const locked = await api.app.request("/readyz")
      const waited = performance.now() - asked
      expect(locked.status).toBe(503)
      expect(await json(locked)).toMatchObject({ error: { code: "unavailable" } })
      // The budget is 5 s: the answer came from it, not from the lock going away.
      expect(waited).toBeGreaterThanOrEqual(4_900)
      // Nor is the read left waiting for the lock behind the answer, holding an owner's connection:
      // the server gives it up within the same budget.
      let waiters = await record.waiters()
      for (let polls = 0; waiters > 0 && polls < 30; polls++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        waiters = await record.waiters()
      }
      expect(waiters).toBe(0)
    } finally {
      await record.release()
    }
    const free = await readyWithin(10_000)
    expect(free.status, `readiness once the lock is gone: ${free.answers.join(", ")}`).toBe(200)
  }, 30_000)
})
