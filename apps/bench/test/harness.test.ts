/**
 * The harness end to end at a tiny scale: the generated trips are readable through the real API,
 * and a run measures every scenario on both sides with the same answers. No timing is asserted:
 * speed is what `pnpm bench` reports, not what a test decides.
 */
import { readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { benchAccounts } from "../src/accounts.ts"
import { openPostgres } from "../src/connection.ts"
import { type Dataset, prepareDataset } from "../src/dataset.ts"
import { serveFloor } from "../src/harness/design-floor.ts"
import { startPlatform } from "../src/harness/processes.ts"
import type { BenchReport } from "../src/harness/report.ts"
import { routeAccessOf } from "../src/harness/route-access.ts"
import { runBenchmarks, signIn } from "../src/harness/run.ts"
import { parseBenchOptions } from "../src/options.ts"
import { SCENARIOS } from "../src/scenarios/index.ts"
import { benchTestDatabase } from "./bench-database.ts"

describe.skipIf(!(await dialectAvailable("postgres")))("the bench harness at a tiny scale", () => {
  const database = benchTestDatabase()
  let dataset: Dataset
  beforeAll(async () => {
    dataset = await prepareDataset({
      adminUrl: database.adminUrl,
      database: database.name,
      scale: 0.001,
      seed: 86,
      today: "2026-11-25",
    })
  })
  afterAll(async () => {
    await database.drop()
  })

  it("reuses a database that holds the data set asked for", async () => {
    const again = await prepareDataset({
      adminUrl: database.adminUrl,
      database: database.name,
      scale: 0.001,
      seed: 86,
      today: "2026-11-26",
    })
    expect(again.generated).toBe(false)
    expect(again.report.checksum).toBe(dataset.report.checksum)
  })

  it("generates trips the real API reads, in every status, with their history", async () => {
    // Two serving processes, as the bench runs them on this machine: each request on a connection
    // of its own, so the session signed in on one is also read by the other.
    const platform = await startPlatform({
      ownerUrl: dataset.ownerUrl,
      appUrl: dataset.appUrl,
      poolSize: 2,
      processes: 2,
    })
    try {
      const tenant = dataset.largestTenants[0] ?? ""
      const [officer] = benchAccounts([tenant])
      if (officer === undefined) throw new Error("no bench account")
      const token = await signIn(platform.url, officer)
      const get = async (path: string) => {
        const response = await fetch(`${platform.url}${path}`, {
          headers: { authorization: `Bearer ${token}`, connection: "close" },
        })
        expect(response.status, path).toBe(200)
        return (await response.json()) as Record<string, unknown>
      }
      const seen = new Set<string>()
      for (const status of ["submitted", "cell_reviewed", "approved", "departed", "returned", "reported", "closed"]) {
        const page = (await get(`/api/t/${tenant}/trips?status=${status}&limit=3`)) as {
          trips: Array<{ id: string; status: string; memberName: string }>
        }
        for (const trip of page.trips) {
          expect(trip.status).toBe(status)
          const detail = (await get(`/api/t/${tenant}/trips/${trip.id}`)) as {
            trip: { id: string; history: Array<{ revision: number }> }
          }
          expect(detail.trip.id).toBe(trip.id)
          expect(detail.trip.history.length).toBeGreaterThan(0)
          seen.add(status)
        }
      }
      expect(seen).toContain("departed")
      expect(seen).toContain("closed")
      const abroad = (await get(`/api/t/${tenant}/trips/abroad`)) as { trips: Array<unknown> }
      expect(abroad.trips.length).toBeGreaterThan(0)
    } finally {
      await platform.stop()
    }
  }, 120_000)

  it("serves the design's floor only to a live session allowed the route, under the tenant's policies", async () => {
    const platform = await startPlatform({
      ownerUrl: dataset.ownerUrl,
      appUrl: dataset.appUrl,
      poolSize: 2,
      processes: 1,
    })
    const app = openPostgres(dataset.appUrl)
    const owner = openPostgres(dataset.ownerUrl)
    try {
      const [tenant = "", otherTenant = ""] = dataset.largestTenants
      const [officer, otherOfficer] = benchAccounts([tenant, otherTenant])
      if (officer === undefined || otherOfficer === undefined) throw new Error("no bench accounts")
      const [row] = await owner<Array<{ id: string; members: number; all: number }>>`
        select t.id, (select count(*)::int from member m where m.tenant_id = t.id) as members,
               (select count(*)::int from member) as "all"
          from tenant t where t.code = ${tenant}`
      if (row === undefined) throw new Error(`no tenant ${tenant}`)
      // What the platform's member list requires, read from its route table.
      const access = routeAccessOf({ method: "GET", path: `/api/t/${tenant}/members?q=x` })
      expect(access).toEqual({ kind: "tenant", capability: "member.read" })
      const variant = {
        statements: [{ text: "select count(*)::int as members from member", params: [] }],
        role: "abroad_app",
        tenantId: row.id,
        freshValues: [],
        access,
      }
      const token = await signIn(platform.url, officer)
      // The tenant's members only, though the statement names no tenant: the policy read the setting.
      expect(row.members).toBeLessThan(row.all)
      expect(await serveFloor(app, variant, `Bearer ${token}`)).toEqual({
        kind: "rows",
        rows: [{ members: row.members }],
      })
      // As the platform reads the header: the token after `Bearer `, spaces trimmed.
      expect(await serveFloor(app, variant, `Bearer  ${token} `)).toEqual({
        kind: "rows",
        rows: [{ members: row.members }],
      })
      const refused = { kind: "refused" }
      expect(await serveFloor(app, variant, undefined)).toEqual(refused)
      expect(await serveFloor(app, variant, token)).toEqual(refused)
      expect(await serveFloor(app, variant, "Bearer not-a-token")).toEqual(refused)
      const [id] = token.split(".")
      expect(await serveFloor(app, variant, `Bearer ${id}.${"a".repeat(24)}`)).toEqual(refused)
      // A good session without the route's capability where it asks: another tenant's officer, or
      // an officer on the oversight desk.
      const forbidden = { kind: "forbidden" }
      expect(await serveFloor(app, variant, `Bearer ${await signIn(platform.url, otherOfficer)}`)).toEqual(forbidden)
      const desk = {
        ...variant,
        role: "abroad_oversight",
        tenantId: null,
        access: { kind: "home", capability: "oversight.read" },
      } as const
      expect(await serveFloor(app, desk, `Bearer ${token}`)).toEqual(forbidden)
      // Expired, and signed out: the very next request is refused, as the platform refuses it.
      await owner`update user_session set expires_at = now() - interval '1 second' where id = ${id ?? ""}`
      expect(await serveFloor(app, variant, `Bearer ${token}`)).toEqual(refused)
      const again = await signIn(platform.url, officer)
      expect(await serveFloor(app, variant, `Bearer ${again}`)).toEqual({
        kind: "rows",
        rows: [{ members: row.members }],
      })
      const out = await fetch(`${platform.url}/api/auth/logout`, {
        method: "POST",
        headers: { authorization: `Bearer ${again}` },
      })
      expect(out.status).toBe(200)
      expect(await serveFloor(app, variant, `Bearer ${again}`)).toEqual(refused)
    } finally {
      await Promise.all([app.end({ timeout: 2 }), owner.end({ timeout: 2 })])
      await platform.stop()
    }
  }, 120_000)

  it("measures every scenario on the platform, the baseline and the design's floor, which answer the same", async () => {
    const out = join(tmpdir(), `abroad-bench-smoke-${process.pid}.json`)
    const options = parseBenchOptions([
      "run",
      "--scale",
      "0.001",
      "--database",
      database.name,
      "--connections",
      "2",
      "--duration",
      "1",
      "--warmup",
      "1",
      "--out",
      out,
    ])
    const lines: Array<string> = []
    const code = await runBenchmarks(options, dataset, (line) => lines.push(line))
    expect(code, lines.join("\n")).toBe(0)
    const report = JSON.parse(readFileSync(out, "utf8")) as BenchReport
    rmSync(out, { force: true })
    expect(report.scenarios.map((s) => s.id)).toEqual(SCENARIOS.map((s) => s.id))
    for (const scenario of report.scenarios) {
      expect(scenario.sameAnswer, scenario.id).toBe(true)
      expect(scenario.platform.requests, scenario.id).toBeGreaterThan(0)
      expect(scenario.baseline.requests, scenario.id).toBeGreaterThan(0)
      expect(scenario.platform.non2xx + scenario.platform.errors, scenario.id).toBe(0)
      expect(scenario.baseline.non2xx + scenario.baseline.errors, scenario.id).toBe(0)
      expect(scenario.floor?.requests, scenario.id).toBeGreaterThan(0)
      expect((scenario.floor?.non2xx ?? 1) + (scenario.floor?.errors ?? 1), scenario.id).toBe(0)
      expect(scenario.rls.policy.samples).toBeGreaterThan(0)
      expect(scenario.rls.explicit.samples).toBeGreaterThan(0)
      // Each side's CPU per request: its server and PostgreSQL (on this machine) did work for every answer.
      for (const side of [scenario.platform, scenario.baseline, scenario.floor]) {
        expect(side?.cpu?.serverMs, scenario.id).toBeGreaterThan(0)
        expect(side?.cpu?.databaseMs, scenario.id).toBeGreaterThan(0)
      }
    }
    // The reads compared real answers, not two empty lists: the map and the five-year table have rows too.
    const byId = new Map(report.scenarios.map((s) => [s.id, s]))
    for (const id of ["inbox", "oversight-abroad", "national-5y"])
      expect(byId.get(id)?.comparedRows, id).toBeGreaterThan(0)
    // The write's plugin figures are there, and the trips the run filed are gone again.
    expect(byId.get("trip-request")?.extra.map((figure) => figure.name)).toEqual([
      "plugin rules added to filing, p99",
      "plugin rules added to filing, median of pairs",
      "plugin rules added to submitting, p99",
      "plugin rules added to submitting, median of pairs",
    ])
    const sql = openPostgres(dataset.ownerUrl)
    try {
      const [trips] = await sql<Array<{ count: number }>>`select count(*)::int as count from trip`
      expect(trips?.count).toBe(dataset.report.trips)
      const [plugin] = await sql<Array<{ enabled: boolean }>>`select enabled from plugin_installation`
      expect(plugin?.enabled).toBe(true)
    } finally {
      await sql.end({ timeout: 5 })
    }
    expect(report.serverPeakRssMiB).toBeGreaterThan(0)
    expect(lines.join("\n")).toContain("| inbox | platform |")
    expect(lines.join("\n")).toContain("| scenario | CPU ms per request, server / PostgreSQL / load generator:")
  }, 240_000)
})
