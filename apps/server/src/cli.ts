/**
 * The platform's admin CLI and server: `pnpm platform <command>`, `pnpm start` (main.ts runs it).
 * Configuration comes from the environment (see the README) and is checked before anything runs.
 */
import { DatabaseError, MigrationError } from "@abroad/db"
import { Effect } from "effect"
import { type Command, commands } from "./cli/commands.ts"
import { CONFIG_VARIABLES, loadConfig, warnOfOwnerLogin } from "./config.ts"
import { explainFailure } from "./failure.ts"
import { AddressUnavailable } from "./http-server.ts"
import { checkOptions, type Flags } from "./options.ts"
import { makeRuntime } from "./runtime.ts"
import { isServingWorker } from "./server-processes.ts"

const print = (line: string) => process.stdout.write(`${line}\n`)

const configurationHelp = () => {
  const width = Math.max(...CONFIG_VARIABLES.map((v) => v.name.length))
  return [
    "Cấu hình / configuration (environment variables; README, “Configuration”):",
    ...CONFIG_VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.meaning} [${v.fallback}]`),
  ]
}

const overview = () =>
  [
    "Quản lý đảng viên ra nước ngoài — admin CLI",
    "",
    "Usage: pnpm platform <command> [options]",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`),
    "",
    "Each command takes --help.",
    "",
    ...configurationHelp(),
  ].join("\n")

const help = (command: Command) =>
  [
    `${command.usage}`,
    "",
    command.summary,
    ...(Object.keys(command.options).length === 0 ? [] : ["", "Options:"]),
    ...Object.entries(command.options).map(([name, o]) => `  --${name.padEnd(10)} ${o.description}`),
    "  --help       this text",
  ].join("\n")

const findCommand = (words: ReadonlyArray<string>): { command: Command; rest: ReadonlyArray<string> } | undefined => {
  // Longest match first: "audit verify" before a hypothetical "audit".
  const sorted = [...commands].sort((a, b) => b.name.split(" ").length - a.name.split(" ").length)
  for (const command of sorted) {
    const parts = command.name.split(" ")
    if (parts.every((part, i) => words[i] === part)) return { command, rest: words.slice(parts.length) }
  }
  return undefined
}

/** The commands that serve requests, and so the ones whose database login matters for them. */
const SERVING = new Set(["serve", "start"])

/** Runs one command of the CLI; resolves with the process's exit code. */
export const runCli = async (argv: ReadonlyArray<string>): Promise<number> => {
  const words = argv.filter((a) => !a.startsWith("-"))
  if (argv.length === 0 || ((argv[0] === "--help" || argv[0] === "-h") && words.length === 0)) {
    print(overview())
    return argv.length === 0 ? 2 : 0
  }
  const found = findCommand(argv)
  if (found === undefined) {
    process.stderr.write(`Lệnh không rõ / unknown command: ${words.join(" ") || argv.join(" ")}\n\n${overview()}\n`)
    return 2
  }
  const { command, rest } = found
  // Every option is checked before the configuration is read or a database is opened: a typo
  // must not cost a migration run, nor hold the data folder.
  const checked = checkOptions(command, rest)
  if (checked._tag === "Refused") {
    process.stderr.write(`${checked.reasons.join("\n")}\n\n${help(command)}\n`)
    return 2
  }
  const flags: Flags = checked.flags
  if (flags.help === true) {
    print(help(command))
    return 0
  }
  const config = await Effect.runPromise(Effect.result(loadConfig(process.env)))
  if (config._tag === "Failure") {
    process.stderr.write(`${config.failure.message}\n`)
    return 1
  }
  // A serving worker's primary has warned already, once for all of them.
  if (SERVING.has(command.name) && !isServingWorker()) warnOfOwnerLogin(config.success)
  const runtime = makeRuntime(config.success)
  try {
    return await command.run({ config: config.success, runtime, flags, print })
  } catch (error) {
    // A failure the platform knows (the database unreachable, a migration refused, the port
    // taken) is told in a sentence that names the variable to look at; anything else is a
    // defect, and its stack is what a maintainer needs.
    if (error instanceof AddressUnavailable) {
      process.stderr.write(`Lỗi / error: ${error.message}\n`)
      return 1
    }
    if (error instanceof DatabaseError || error instanceof MigrationError) {
      process.stderr.write(`Lỗi / error: ${explainFailure(error, config.success)}\n`)
      return 1
    }
    throw error
  } finally {
    await runtime.dispose()
  }
}
