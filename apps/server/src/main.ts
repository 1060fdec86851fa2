/**
 * The platform's process: `pnpm platform <command>`, `pnpm start` (cli.ts). With SERVER_PROCESSES
 * above 1, `serve` makes this process the primary of that many serving workers
 * (server-processes.ts), and it then loads only what that takes: the CLI, the API and the web app
 * are the workers' business, and would hold some 130 MB here for nothing.
 */
import cluster from "node:cluster"

const run = async (argv: ReadonlyArray<string>): Promise<number> => {
  if (cluster.isPrimary && argv.length === 1 && argv[0] === "serve") {
    const { primaryOfWorkers } = await import("./server-processes.ts")
    const code = await primaryOfWorkers(process.env)
    if (code !== undefined) return code
  }
  const { runCli } = await import("./cli.ts")
  return runCli(argv)
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
    // A serving worker's channel to its primary would keep it alive once it has stopped, or
    // failed to start. Left through the worker's own `disconnect` (not the process's, after
    // which node:cluster exits with 0), so the primary reads this exit code.
    if (cluster.isWorker && process.connected) cluster.worker?.disconnect()
  },
  (error: unknown) => {
    process.stderr.write(`Lỗi / error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exitCode = 1
  },
)
