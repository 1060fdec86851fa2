import type { GenerateReport } from "../generator/load.ts"
import type { ExtraFigure } from "../scenarios/scenario.ts"
import type { LoadResult } from "./drive.ts"
import type { RlsCost } from "./rls.ts"

export interface ScenarioResult {
  readonly id: string
  readonly title: string
  readonly targets: { readonly p99Ms?: number; readonly throughputRatio?: number }
  readonly platform: LoadResult
  readonly baseline: LoadResult
  /**
   * The design's floor (design-floor.ts): the database protocol every request of the design needs,
   * with none of the platform's code. Absent in results from before it was measured.
   */
  readonly floor?: LoadResult
  /** Platform throughput over the baseline's. */
  readonly ratio: number
  /**
   * Whether the platform's first answer listed the same rows, in the same order, as the baseline's
   * and the design's floor's; for a write, whether the three sides' first requests wrote the same row.
   */
  readonly sameAnswer: boolean
  /** How many rows (ids, groups, cells) of the first answers were compared; none for a write. */
  readonly comparedRows: number
  readonly rls: RlsCost
  /** The scenario's own further figures (what a plugin adds, say). */
  readonly extra: ReadonlyArray<ExtraFigure>
  /** The machine's load average (1, 5, 15 min) when the scenario started: two shared cores. */
  readonly loadAverage: ReadonlyArray<number>
  /** The platform server's peak resident memory while this scenario ran, in MiB. */
  readonly serverPeakRssMiB: number
}

export interface BenchReport {
  readonly finishedAt: string
  readonly machine: {
    readonly cpus: number
    readonly loadAverageBefore: ReadonlyArray<number>
    readonly loadAverageAfter: ReadonlyArray<number>
    readonly node: string
    readonly postgres: string
  }
  readonly options: {
    readonly connections: number
    /** Serving processes of each side (absent in results from before the option). */
    readonly processes?: number
    readonly seconds: number
    readonly warmupSeconds: number
  }
  readonly dataset: GenerateReport
  readonly scenarios: ReadonlyArray<ScenarioResult>
  readonly serverPeakRssMiB: number
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)
const percent = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)} %`

/** The report as the README's "Performance" section shows it (Markdown tables). */
export const reportTables = (report: BenchReport): string => {
  const lines = [
    `Scale ${report.dataset.scale}: ${report.dataset.members.toLocaleString("en")} members, ` +
      `${report.dataset.trips.toLocaleString("en")} trips, ${report.dataset.membersAbroadNow.toLocaleString("en")} members abroad; ` +
      `${report.options.connections} connections, ${report.options.processes ?? 1} serving process(es) per side, ${report.options.seconds} s per side after ${report.options.warmupSeconds} s of warm-up; ` +
      `${report.machine.cpus} cores, load average ${report.machine.loadAverageBefore.map((l) => fixed(l, 2)).join(" ")} before the run.`,
    "",
    "| scenario | side | req/s | p50 ms | p99 ms | errors | platform / baseline | p99 target | same answer | load avg |",
    "|---|---|--:|--:|--:|--:|--:|--:|:-:|--:|",
  ]
  const verdict = (ok: boolean) => (ok ? "✔" : "✘")
  for (const s of report.scenarios) {
    const { throughputRatio, p99Ms } = s.targets
    const ratio =
      s.baseline.throughput <= 0
        ? "n/a: no baseline answer in the run"
        : `${fixed(s.ratio, 2)}${throughputRatio === undefined ? " (write: no target)" : ` ${verdict(s.ratio >= throughputRatio)}`}`
    lines.push(
      `| ${s.id} | platform | ${fixed(s.platform.throughput, 0)} | ${s.platform.p50Ms} | ${s.platform.p99Ms} | ${s.platform.non2xx + s.platform.errors} | ` +
        `${ratio} | ${p99Ms === undefined ? "none" : `< ${p99Ms} ${verdict(s.platform.p99Ms < p99Ms)}`} | ${s.sameAnswer ? "✔" : "✘"} | ${s.loadAverage.map((l) => fixed(l, 2)).join(" ")} |`,
      `| ${s.id} | baseline | ${fixed(s.baseline.throughput, 0)} | ${s.baseline.p50Ms} | ${s.baseline.p99Ms} | ${s.baseline.non2xx + s.baseline.errors} | | | | |`,
    )
  }
  const withFloor = report.scenarios.filter((s) => s.floor !== undefined && s.baseline.throughput > 0)
  if (withFloor.length > 0) {
    lines.push(
      "",
      "| scenario | design's floor req/s | p50 / p99 ms | floor / baseline: the design's cost | platform / floor: the code's cost |",
      "|---|--:|--:|--:|--:|",
    )
    for (const s of withFloor) {
      const floor = s.floor as LoadResult
      lines.push(
        `| ${s.id} | ${fixed(floor.throughput, 0)} | ${floor.p50Ms} / ${floor.p99Ms} | ${fixed(floor.throughput / s.baseline.throughput, 2)} | ${floor.throughput > 0 ? fixed(s.platform.throughput / floor.throughput, 2) : "n/a"} |`,
      )
    }
  }
  const withCpu = report.scenarios.filter((s) => s.platform.cpu !== undefined)
  if (withCpu.length > 0) {
    const cpuCells = (load: LoadResult | undefined) =>
      load?.cpu === undefined
        ? "n/a"
        : `${fixed(load.cpu.serverMs, 2)} / ${load.cpu.databaseMs === undefined ? "n/a" : fixed(load.cpu.databaseMs, 2)} / ${fixed(load.cpu.loadGeneratorMs, 2)}`
    lines.push(
      "",
      "| scenario | CPU ms per request, server / PostgreSQL / load generator: platform | design's floor | baseline |",
      "|---|--:|--:|--:|",
    )
    for (const s of withCpu) {
      lines.push(`| ${s.id} | ${cpuCells(s.platform)} | ${cpuCells(s.floor)} | ${cpuCells(s.baseline)} |`)
    }
  }
  lines.push(
    "",
    "| scenario | RLS policy (app role) mean / p99 ms | explicit `tenant_id` (owner) mean / p99 ms | RLS alone |",
    "|---|--:|--:|--:|",
  )
  for (const s of report.scenarios) {
    lines.push(
      `| ${s.id} | ${fixed(s.rls.policy.meanMs, 2)} / ${fixed(s.rls.policy.p99Ms, 2)} | ${fixed(s.rls.explicit.meanMs, 2)} / ${fixed(s.rls.explicit.p99Ms, 2)} | ${percent(s.rls.overhead)} ${s.rls.overhead < 0.1 ? "✔" : "✘"} |`,
    )
  }
  const extras = report.scenarios.flatMap((s) => s.extra.map((figure) => ({ id: s.id, figure })))
  if (extras.length > 0) {
    lines.push("", "| scenario | figure | value | target |", "|---|---|--:|--:|")
    for (const { id, figure } of extras) {
      lines.push(
        `| ${id} | ${figure.name} | ${figure.value} ${figure.unit} | ${figure.under === undefined ? "" : `< ${figure.under} ${verdict(figure.value < figure.under)}`} |`,
      )
    }
  }
  lines.push(
    "",
    `Platform server's peak resident memory (all its processes): ${fixed(report.serverPeakRssMiB, 0)} MiB (target < 1024 ${report.serverPeakRssMiB < 1024 ? "✔" : "✘"}).`,
  )
  return lines.join("\n")
}
