import { makeApi } from "@abroad/api"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"

describe("draining before a stop", () => {
  let draining = false
  // The routes used here need no services, so the plain Effect runner will do.
  const app = makeApi({
    run: (program) => Effect.runPromiseExit(program as Effect.Effect<unknown, unknown>) as never,
    version: "test",
    log: () => {},
    draining: () => draining,
  })

  it("keeps connections open and stays in service while running", async () => {
    const response = await app.request("/healthz")
    expect(response.status).toBe(200)
    expect(response.headers.get("connection")).toBeNull()
  })

  it("answers not ready and asks every client to close its connection once draining", async () => {
    draining = true
    const readiness = await app.request("/readyz")
    expect(readiness.status).toBe(503)
    expect(await readiness.json()).toMatchObject({ error: { code: "unavailable" } })
    const health = await app.request("/healthz")
    expect(health.status).toBe(200)
    expect(health.headers.get("connection")).toBe("close")
  })
})
