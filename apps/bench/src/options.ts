import { availableParallelism } from "node:os"
import { parseArgs } from "node:util"
import { dayInVietnam } from "@abroad/core"
import { SCENARIOS } from "./scenarios/index.ts"

/** A command line the bench cannot run: said in one line, without a stack trace. */
export class BenchUsageError extends Error {
  override readonly name = "BenchUsageError"
}

export interface BenchOptions {
  readonly command: "run" | "generate" | "explain"
  readonly scale: number
  readonly seed: number
  readonly today: string
  readonly database: string
  readonly adminUrl: string
  readonly fresh: boolean
  readonly profile: boolean
  readonly connections: number
  /** Serving processes on each side, the platform's (SERVER_PROCESSES) and the baseline's. */
  readonly processes: number
  readonly duration: number
  readonly warmup: number
  readonly out: string
  readonly scenarios: ReadonlyArray<string> | undefined
}

export const USAGE = `Usage:
  pnpm bench [run] [options]     generate the data set if needed, start the server, measure every scenario
                                 on three sides: the platform, the bare baseline (the same SQL, nothing else)
                                 and the design's floor (the platform's database protocol, none of its code)
  pnpm bench generate [options]  only (re)generate the data set
  pnpm bench explain [options]   EXPLAIN ANALYZE each scenario's SQL, under the tenant policy and with the tenant explicit

Options:
  --scale N        share of the national data set (1 = 5.6 million members, 450,000 trips) [0.01]
  --seed N         the generator's seed [86]
  --today DAY      the data set's today, YYYY-MM-DD [today in Vietnam]
  --database NAME  the bench database [abroad_bench]
  --fresh          regenerate even if the database holds this data set
  --connections N  concurrent connections of the load generator [50]
  --processes N    serving processes of each side, the platform's and the baseline's (and floor's) [one per core]
  --duration S     seconds measured per scenario and side [20]
  --warmup S       seconds of warm-up before each measurement [5]
  --scenarios a,b  only these scenarios
  --profile        write the platform server's CPU profile (node --cpu-prof) beside the JSON results
  --out FILE       where the JSON results go [apps/bench/results/latest.json]

Environment: BENCH_POSTGRES_URL, a superuser URL of the server [postgres://postgres@127.0.0.1:5432/postgres]`

const positive = (name: string, text: string | undefined, fallback: number, integer = true): number => {
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new BenchUsageError(`--${name}: a positive ${integer ? "integer" : "number"}, not ${text}`)
  }
  return value
}

/** Serving processes per side: as the server's SERVER_PROCESSES, 1 to 64; one per core unless told. */
const processCount = (text: string | undefined): number => {
  const count = positive("processes", text, Math.min(64, availableParallelism()))
  if (count > 64) throw new BenchUsageError(`--processes: at most 64 (the server's SERVER_PROCESSES), not ${text}`)
  return count
}

/** The command line, checked before anything is opened: a typo must not cost a fifteen-minute load. */
export const parseBenchOptions = (argv: ReadonlyArray<string>): BenchOptions => {
  try {
    return parsed(argv)
  } catch (error) {
    // node:util's own refusals ("--scale -1" reads as an option) are usage errors too.
    if (error instanceof BenchUsageError) throw error
    throw new BenchUsageError(error instanceof Error ? error.message : String(error))
  }
}

const parsed = (argv: ReadonlyArray<string>): BenchOptions => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      scale: { type: "string" },
      seed: { type: "string" },
      today: { type: "string" },
      database: { type: "string" },
      fresh: { type: "boolean" },
      profile: { type: "boolean" },
      connections: { type: "string" },
      processes: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      scenarios: { type: "string" },
      out: { type: "string" },
    },
  })
  const command = positionals[0] ?? "run"
  if (command !== "run" && command !== "generate" && command !== "explain")
    throw new BenchUsageError(`unknown command: ${command}`)
  const today = values.today ?? dayInVietnam(new Date())
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today)))
    throw new BenchUsageError(`--today: not a day: ${today}`)
  const scale = positive("scale", values.scale, 0.01, false)
  if (scale > 1) throw new BenchUsageError("--scale: at most 1 (the whole country)")
  const database = values.database ?? "abroad_bench"
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) {
    throw new BenchUsageError("--database: lower-case letters, digits and _ only")
  }
  const scenarios = values.scenarios?.split(",").map((name) => name.trim())
  const unknown = scenarios?.filter((name) => !SCENARIOS.some((scenario) => scenario.id === name)) ?? []
  if (unknown.length > 0) {
    throw new BenchUsageError(
      `--scenarios: no scenario ${unknown.join(", ")}; the scenarios are ${SCENARIOS.map((s) => s.id).join(", ")}`,
    )
  }
  return {
    command,
    scale,
    seed: positive("seed", values.seed, 86),
    today,
    database,
    adminUrl: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    fresh: values.fresh ?? false,
    profile: values.profile ?? false,
    connections: positive("connections", values.connections, 50),
    processes: processCount(values.processes),
    duration: positive("duration", values.duration, 20),
    warmup: positive("warmup", values.warmup, 5),
    out: values.out ?? "apps/bench/results/latest.json",
    scenarios,
  }
}
