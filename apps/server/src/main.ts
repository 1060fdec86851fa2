/**
 * The platform's process and admin CLI: `pnpm platform <command>`, `pnpm start`.
 * Configuration comes from the environment (see the README) and is checked before anything runs.
 */
import { parseArgs } from "node:util"
import { DatabaseError, MigrationError } from "@abroad/db"
import { Effect } from "effect"
import { type Command, commands } from "./cli/commands.ts"
import { loadConfig } from "./config.ts"
import { AddressUnavailable } from "./http-server.ts"
import { makeRuntime } from "./runtime.ts"

const print = (line: string) => process.stdout.write(`${line}\n`)

const overview = () =>
  [
    "Quản lý đảng viên ra nước ngoài — admin CLI",
    "",
    "Usage: pnpm platform <command> [options]",
    "",
    ...commands.map((c) => `  ${c.name.padEnd(14)} ${c.summary}`),
    "",
    "Each command takes --help. Configuration: PORT, HOST, DATABASE_URL, DATABASE_APP_URL, DATA_DIR, LOG_LEVEL (README).",
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

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
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
  let flags: Record<string, string | boolean | undefined>
  try {
    flags = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: "boolean" } },
      allowPositionals: false,
      strict: true,
    }).values
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${help(command)}\n`)
    return 2
  }
  if (flags.help === true) {
    print(help(command))
    return 0
  }
  const config = await Effect.runPromise(Effect.result(loadConfig(process.env)))
  if (config._tag === "Failure") {
    process.stderr.write(`${config.failure.message}\n`)
    return 1
  }
  const runtime = makeRuntime(config.success)
  try {
    return await command.run({ config: config.success, runtime, flags, print })
  } finally {
    await runtime.dispose()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // A failure the platform knows (the database unreachable, a migration refused) is told
    // in a sentence; anything else is a defect, and its stack is what a maintainer needs.
    const known =
      error instanceof DatabaseError || error instanceof MigrationError || error instanceof AddressUnavailable
    const text = known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)
    process.stderr.write(`Lỗi / error: ${text}\n`)
    process.exitCode = 1
  },
)
