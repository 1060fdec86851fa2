/**
 * `pnpm bench`: the national data set and the benchmarks against the bare baseline (README,
 * "Performance"). `pnpm bench --help` lists the options.
 */
import { prepareDataset } from "./dataset.ts"
import { BenchUsageError, parseBenchOptions, USAGE } from "./options.ts"

const print = (line: string) => process.stdout.write(`${line}\n`)

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  if (argv.includes("--help") || argv.includes("-h")) {
    print(USAGE)
    return 0
  }
  const options = parseBenchOptions(argv)
  const dataset = await prepareDataset({ ...options, log: print })
  print(JSON.stringify(dataset.report))
  if (options.command === "generate") return 0
  if (options.command === "explain") {
    const { explainScenarios } = await import("./harness/explain.ts")
    return explainScenarios(dataset, options.scenarios, print)
  }
  const { runBenchmarks } = await import("./harness/run.ts")
  return runBenchmarks(options, dataset, print)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    const usage = error instanceof BenchUsageError
    process.stderr.write(
      usage
        ? `${error.message}\n(--help: the options)\n`
        : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exitCode = 1
  },
)
