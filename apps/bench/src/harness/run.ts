import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import type postgres from "postgres"
import { BENCH_PASSWORD, type BenchAccount, benchTotpCode, needsSecondFactor } from "../accounts.ts"
import { openPostgres } from "../connection.ts"
import type { Dataset } from "../dataset.ts"
import type { BenchOptions } from "../options.ts"
import { SCENARIOS } from "../scenarios/index.ts"
import type { PreparedScenario, Scenario } from "../scenarios/scenario.ts"
import type { BaselineStatements } from "./baseline-server.ts"
import { type Statement, withExplicitTenant } from "./capture.ts"
import { cpuMeter } from "./cpu.ts"
import { measureLoad } from "./drive.ts"
import { runPlatformCommand, startBaseline, startPlatform, watchMemory } from "./processes.ts"
import { type BenchReport, reportTables, type ScenarioResult } from "./report.ts"
import { measureRlsCost } from "./rls.ts"
import { routeAccessOf } from "./route-access.ts"

/** Connections in each server's database pool: the platform's default (DATABASE_POOL_SIZE), and the baseline's alike. */
const POOL_SIZE = 10

/**
 * Signs in as a bench account through the real API and returns its session token, for
 * `Authorization: Bearer`; an account whose role needs a second factor sends the bench key's code.
 */
export const signIn = async (url: string, account: BenchAccount): Promise<string> => {
  const { username } = account
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      username,
      password: BENCH_PASSWORD,
      ...(needsSecondFactor(account) ? { totp: benchTotpCode(new Date()) } : {}),
    }),
  })
  if (response.status !== 200) throw new Error(`sign-in of ${username}: ${response.status} ${await response.text()}`)
  const cookie = /abroad_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")
  if (cookie?.[1] === undefined) throw new Error(`sign-in of ${username}: no session cookie`)
  return decodeURIComponent(cookie[1])
}

/**
 * Waits (up to a minute) until no other session runs a statement in the bench database: when the
 * load generator stops, the servers still work through the requests queued for a connection, and
 * a slow scenario's queue is seconds long.
 */
const databaseIdle = async (owner: postgres.Sql) => {
  for (let i = 0; i < 600; i++) {
    const [row] = await owner<Array<{ busy: number }>>`
      select count(*)::int as busy from pg_stat_activity
       where datname = current_database() and backend_type = 'client backend' and state = 'active'
         and pid <> pg_backend_pid()`
    if (row?.busy === 0) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const sameIds = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
  a.length === b.length && a.every((id, index) => id === b[index])

interface Prepared {
  readonly scenario: Scenario
  readonly prepared: PreparedScenario
  readonly explicit: ReadonlyArray<ReadonlyArray<Statement>>
}

/**
 * One run of every scenario against the real server and the bare baseline, in the same run: the
 * platform's side, then the baseline's, each after its warm-up; then the cost of row-level security
 * alone. Prints the tables and writes the JSON report. Returns the exit code.
 */
export const runBenchmarks = async (
  options: BenchOptions,
  dataset: Dataset,
  print: (line: string) => void,
): Promise<number> => {
  const loadAverageBefore = loadavg()
  const owner = openPostgres(dataset.ownerUrl, 2)
  const app = openPostgres(dataset.appUrl, 1)
  const [version] = await owner<Array<{ version: string }>>`select current_setting('server_version') as version`
  const out = resolve(options.out)
  const reportOf = (results: ReadonlyArray<ScenarioResult>, before: ReadonlyArray<number>): BenchReport => ({
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      loadAverageBefore: before,
      loadAverageAfter: loadavg(),
      node: process.version,
      postgres: version?.version ?? "?",
    },
    options: {
      connections: options.connections,
      processes: options.processes,
      seconds: options.duration,
      warmupSeconds: options.warmup,
    },
    dataset: dataset.report,
    scenarios: results,
    serverPeakRssMiB: Math.max(0, ...results.map((r) => r.serverPeakRssMiB)),
  })
  /** Written after every scenario too, so that a run cut short keeps what it measured. */
  const writeReport = (report: BenchReport) => {
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  }
  const scenarios = SCENARIOS.filter((s) => options.scenarios === undefined || options.scenarios.includes(s.id))
  if (scenarios.length === 0) throw new Error(`--scenarios: none of ${SCENARIOS.map((s) => s.id).join(", ")}`)
  const tenantTables = new Set(
    (
      await owner<Array<{ table_name: string }>>`
        select table_name from information_schema.columns
         where table_schema = 'public' and column_name = 'tenant_id'`
    ).map((row) => row.table_name),
  )
  const tenantId = async (code: string) => {
    const [row] = await owner<Array<{ id: string }>>`select id from tenant where code = ${code}`
    if (row === undefined) throw new Error(`no tenant ${code}`)
    return row.id
  }
  const prepared: Array<Prepared> = []
  for (const scenario of scenarios) {
    const ready = await scenario.prepare({ owner, largestTenants: dataset.largestTenants, tenantId })
    prepared.push({
      scenario,
      prepared: ready,
      explicit: ready.variants.map((variant) =>
        variant.statements.map((statement) =>
          variant.tenantId === null ? statement : withExplicitTenant(statement, variant.tenantId, tenantTables),
        ),
      ),
    })
  }
  const statementsFile = join(tmpdir(), `abroad-bench-baseline-${process.pid}.json`)
  const baselineStatements: BaselineStatements = Object.fromEntries(
    prepared.map((p) => [
      p.scenario.id,
      p.explicit.map((statements, index) => {
        const variant = p.prepared.variants[index]
        const freshValues = variant?.freshValues ?? []
        return {
          statements,
          freshValues,
          floor: {
            statements: variant?.statements ?? [],
            role: variant?.role ?? "abroad_app",
            tenantId: variant?.tenantId ?? null,
            freshValues,
            access: routeAccessOf(variant?.request ?? { method: "GET", path: "" }),
          },
        }
      }),
    ]),
  )
  writeFileSync(statementsFile, JSON.stringify(baselineStatements))

  const checked = await runPlatformCommand(["trips", "check-overdue"], dataset)
  print(checked.trim().split("\n").at(-1) ?? "")
  const platform = await startPlatform({
    ownerUrl: dataset.ownerUrl,
    appUrl: dataset.appUrl,
    poolSize: POOL_SIZE,
    processes: options.processes,
    profileDir: options.profile ? join(dirname(resolve(options.out)), "profiles") : undefined,
  })
  const baseline = await startBaseline({
    ownerUrl: dataset.ownerUrl,
    appUrl: dataset.appUrl,
    statementsFile,
    poolSize: POOL_SIZE,
    processes: options.processes,
  })
  const memory = watchMemory(platform.pid)
  // PostgreSQL's share is the bench database's backends': the same server may serve others meanwhile.
  const databaseBackends = async () =>
    (
      await owner<Array<{ pid: number }>>`
        select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`
    ).map((row) => row.pid)
  const platformCpu = cpuMeter({ serverPid: platform.pid, databaseBackends })
  const baselineCpu = cpuMeter({ serverPid: baseline.pid, databaseBackends })
  print(`platform ${platform.url} (log: ${platform.logFile}), baseline ${baseline.url}`)
  const results: Array<ScenarioResult> = []
  try {
    for (const { scenario, prepared: ready, explicit } of prepared) {
      const token = await signIn(platform.url, ready.account)
      const headers = { authorization: `Bearer ${token}` }
      // Both sides must answer the same before their speed is compared.
      const first = ready.variants[0]
      if (first === undefined) throw new Error(`${scenario.id}: no variants`)
      const platformAnswer = await fetch(`${platform.url}${first.request.path}`, {
        method: first.request.method,
        headers: { ...headers, "content-type": "application/json" },
        ...(first.request.body === undefined ? {} : { body: first.request.body }),
      })
      // The baseline server's two sides: the bare baseline, and the design's floor, which is signed in.
      const sideOf = (side: "baseline" | "floor") => ({
        requests: ready.variants.map((variant, index) => ({
          method: variant.request.method,
          path: `/${side}/${scenario.id}?v=${index}`,
        })),
        headers: side === "floor" ? headers : {},
      })
      const bare = sideOf("baseline")
      const floor = sideOf("floor")
      const answerOf = ({ requests, headers: sideHeaders }: typeof bare) =>
        fetch(`${baseline.url}${requests[0]?.path}`, { method: first.request.method, headers: sideHeaders })
      const baselineAnswer = await answerOf(bare)
      const floorAnswer = await answerOf(floor)
      // A side that fails here is still measured (its errors count), but the answers cannot be compared.
      const platformBody = platformAnswer.ok ? await platformAnswer.json() : await platformAnswer.text()
      const rowsOf = async (answer: Response) =>
        ((await answer.json()) as { rows: Array<Record<string, unknown>> }).rows
      const platformIds =
        platformAnswer.ok && ready.sameWrite === undefined ? ready.idsOfPlatformAnswer(platformBody) : []
      for (const [side, answer] of [
        ["the platform", platformAnswer],
        ["the baseline", baselineAnswer],
        ["the design's floor", floorAnswer],
      ] as const) {
        if (!answer.ok) {
          const text = answer === platformAnswer ? String(platformBody) : await answer.text()
          print(`!!! ${scenario.id}: ${side} answered ${answer.status} ${text.slice(0, 300)}`)
        }
      }
      const sameAnswer =
        platformAnswer.ok &&
        baselineAnswer.ok &&
        floorAnswer.ok &&
        (ready.sameWrite === undefined
          ? sameIds(platformIds, ready.idsOfBaselineRows(await rowsOf(baselineAnswer))) &&
            sameIds(platformIds, ready.idsOfBaselineRows(await rowsOf(floorAnswer)))
          : await ready.sameWrite())
      if (!sameAnswer) print(`!!! ${scenario.id}: the platform, the baseline and the design's floor answer differently`)

      print(`${scenario.id}: platform…`)
      // The machine is shared: the load on it when each scenario starts goes with its figures.
      const loadAverage = loadavg()
      memory.reset()
      const timing = { connections: options.connections, warmupSeconds: options.warmup, seconds: options.duration }
      const platformLoad = await measureLoad({
        url: platform.url,
        requests: ready.variants.map((variant) => variant.request),
        headers: { ...headers, "content-type": "application/json" },
        ...timing,
        cpu: platformCpu,
      })
      const peak = memory.peak()
      print(`${scenario.id}: baseline…`)
      const baselineLoad = await measureLoad({ url: baseline.url, ...bare, ...timing, cpu: baselineCpu })
      print(`${scenario.id}: design's floor…`)
      const floorLoad = await measureLoad({ url: baseline.url, ...floor, ...timing, cpu: baselineCpu })
      // Requests still queued when the load stopped would run alongside the timings below.
      await databaseIdle(owner)
      print(`${scenario.id}: row-level security alone…`)
      const rls = await measureRlsCost({
        app,
        owner,
        tenantId: first.tenantId,
        role: first.role ?? "abroad_app",
        policy: first.statements,
        explicit: explicit[0] ?? [],
        freshValues: first.freshValues ?? [],
        seconds: Math.max(2, Math.round(options.duration / 4)),
      })
      if (ready.extra !== undefined) print(`${scenario.id}: extra measurement…`)
      const extra =
        ready.extra === undefined ? [] : await ready.extra({ url: platform.url, headers, seconds: options.duration })
      for (const figure of extra) print(`${scenario.id}: ${figure.name}: ${figure.value} ${figure.unit}`)
      results.push({
        id: scenario.id,
        title: scenario.title,
        targets: scenario.targets,
        platform: platformLoad,
        baseline: baselineLoad,
        floor: floorLoad,
        ratio: platformLoad.throughput / baselineLoad.throughput,
        sameAnswer,
        comparedRows: platformIds.length,
        rls,
        extra,
        loadAverage,
        serverPeakRssMiB: peak,
      })
      writeReport(reportOf(results, loadAverageBefore))
    }
  } finally {
    // A write scenario removes what both sides wrote, whatever happened.
    for (const { scenario, prepared: ready } of prepared) {
      if (ready.cleanUp !== undefined) print(`${scenario.id}: ${await ready.cleanUp()}`)
    }
    memory.stop()
    await Promise.all([platform.stop(), baseline.stop()])
    rmSync(statementsFile, { force: true })
    await Promise.all([owner.end({ timeout: 5 }), app.end({ timeout: 5 })])
  }
  const report = reportOf(results, loadAverageBefore)
  writeReport(report)
  print("")
  print(reportTables(report))
  print("")
  print(`JSON: ${out}`)
  return results.every(
    (r) =>
      r.sameAnswer &&
      r.platform.non2xx + r.platform.errors === 0 &&
      (r.floor === undefined || r.floor.non2xx + r.floor.errors === 0),
  )
    ? 0
    : 1
}
