import { readdir } from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { makeApi } from "@abroad/api"
import { Exit } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { loadWebApp } from "../src/web-app.ts"

/**
 * The web app mounted in the server's Hono application: `/api/*` stays the API, pages and
 * their files come from the web app's build (which `pnpm test` makes first). No database:
 * these requests never reach one.
 */

const noDatabase = async () => Exit.die(new Error("this test has no database"))

describe("the web app in the server process", () => {
  let app: ReturnType<typeof makeApi>
  const logged: Array<{ level: string; message: string; fields: Readonly<Record<string, unknown>> }> = []

  beforeAll(async () => {
    const web = await loadWebApp()
    if (web === undefined) throw new Error("apps/web is not built: run `pnpm --filter @abroad/web build` first")
    app = makeApi({
      run: noDatabase,
      version: "test",
      log: () => {},
      web: web.handler(
        async (request, env) => app.fetch(request, env),
        (level, message, fields) => logged.push({ level, message, fields }),
      ),
    })
  })

  it("renders a page whose inline scripts carry the nonce its content security policy allows", async () => {
    const response = await app.request("/sign-in")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/html")
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1]
    expect(nonce).toBeDefined()
    const html = await response.text()
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1] ?? "")
    expect(scripts.length).toBeGreaterThan(0)
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`)
    expect(html).toContain('<html lang="vi">')
  })

  it("serves the client build's files for a year, and nothing outside it", async () => {
    const assets = fileURLToPath(new URL("../client/assets/", import.meta.resolve("@abroad/web/server-build")))
    const script = (await readdir(assets)).find((name) => name.endsWith(".js"))
    const response = await app.request(`/assets/${script}`)
    expect(response.status).toBe(200)
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable")
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8")
    expect((await app.request("/assets/%2e%2e/%2e%2e/package.json")).status).toBe(404)
    expect((await app.request("/assets/nothing-here.js")).status).toBe(404)
  })

  it("leaves /api/* to the API, with its JSON errors", async () => {
    const response = await app.request("/api/nowhere")
    expect(response.status).toBe(404)
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found")
  })

  it("answers an unknown page with the app's own 404 page", async () => {
    const response = await app.request("/no/such/page")
    expect(response.status).toBe(404)
    expect(await response.text()).toContain("Không tìm thấy trang này.")
  })

  it("refuses a form posted from another site, and says so in the process's log, not the console", async () => {
    const response = await app.request("/sign-in", {
      method: "POST",
      headers: { origin: "https://elsewhere.example", "content-type": "application/x-www-form-urlencoded" },
      body: "username=a&password=b",
    })
    expect(response.status).toBe(400)
    expect(logged).toContainEqual({
      level: "error",
      message: "web page failed",
      fields: { failure: expect.stringContaining("origin does not match") },
    })
  })
})
