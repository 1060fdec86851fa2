import { Hono } from "hono"
import { describe, expect, it } from "vitest"
import type { ApiEnv } from "../src/middleware/env.ts"
import { requestLog } from "../src/middleware/request-log.ts"
import { securityHeaders } from "../src/middleware/security-headers.ts"

const NONCE = /'nonce-([^']+)'/

/** The middleware in front of the three kinds of answer the platform gives. */
const app = () => {
  const hono = new Hono<ApiEnv>()
  hono.use(requestLog({ write: () => {} }))
  hono.use(securityHeaders())
  hono.get("/api/things", (c) => c.json({ things: [] }))
  // The web app answers with Responses of its own, made outside Hono's context.
  hono.get(
    "/desk",
    (c) => new Response(`<script nonce="${c.get("cspNonce")}"></script>`, { headers: { "content-type": "text/html" } }),
  )
  hono.get("/api/raw", () => new Response("raw", { status: 202 }))
  return hono
}

const expectGuarded = (response: Response) => {
  expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'")
  expect(response.headers.get("content-security-policy")).toContain("default-src 'self'")
  expect(response.headers.get("x-content-type-options")).toBe("nosniff")
  expect(response.headers.get("referrer-policy")).toBe("same-origin")
  expect(response.headers.get("x-frame-options")).toBe("DENY")
  expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin")
  // The id a support call quotes to find the request's log line.
  expect(response.headers.get("x-request-id")).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  )
}

describe("the headers every answer carries", () => {
  it("guard an API answer, whose policy allows no inline script (it has none)", async () => {
    const response = await app().request("/api/things")
    expectGuarded(response)
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self';")
    expect(response.headers.get("content-security-policy")).not.toMatch(NONCE)
    expect(await response.json()).toEqual({ things: [] })
  })

  it("guard a page made as a Response of its own, with a fresh nonce that its inline scripts bear", async () => {
    const first = await app().request("/desk")
    const second = await app().request("/desk")
    expectGuarded(first)
    const nonce = NONCE.exec(first.headers.get("content-security-policy") ?? "")?.[1]
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(await first.text()).toBe(`<script nonce="${nonce}"></script>`)
    expect(NONCE.exec(second.headers.get("content-security-policy") ?? "")?.[1]).not.toBe(nonce)
  })

  it("guard any other Response a route makes itself, keeping its status and body", async () => {
    const response = await app().request("/api/raw")
    expectGuarded(response)
    expect(response.status).toBe(202)
    expect(await response.text()).toBe("raw")
  })
})
