import { parseArgs } from "node:util"
import type { Command } from "./cli/commands.ts"

export type Flags = Readonly<Record<string, string | boolean | undefined>>

export type CheckedOptions =
  | { readonly _tag: "Checked"; readonly flags: Flags }
  | { readonly _tag: "Refused"; readonly reasons: ReadonlyArray<string> }

interface ValueRule {
  readonly accepts: (value: string) => boolean
  readonly vi: string
  readonly en: string
}

/**
 * The values an option of a given name must have, whichever command takes it. Checked here,
 * before the database is opened, so that a mistyped value costs nothing and is told at once.
 */
const VALUE_RULES: Readonly<Record<string, ValueRule>> = {
  kind: {
    accepts: (value) => value === "province" || value === "city" || value === "ministry",
    vi: "province, city hoặc ministry",
    en: "province, city or ministry",
  },
  tenant: {
    // The shape of a tenant code (also the database's check on `tenant.code`).
    accepts: (value) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value),
    vi: "một mã đơn vị, ví dụ ho-chi-minh",
    en: "a tenant code, e.g. ho-chi-minh",
  },
}

/**
 * Reads the options given to `command`. Unknown options, a value where none is taken, a missing
 * value, a stray argument and a value an option does not allow are all reported together, in
 * Vietnamese and English; nothing the caller typed is run half-understood.
 */
export const checkOptions = (command: Command, args: ReadonlyArray<string>): CheckedOptions => {
  const options = { ...command.options, help: { type: "boolean" as const, short: "h", description: "" } }
  // Not strict: Node's own messages are English only and stop at the first mistake.
  const { tokens } = parseArgs({ args: [...args], options, allowPositionals: true, strict: false, tokens: true })
  const reasons: Array<string> = []
  const flags: Record<string, string | boolean> = {}
  for (const token of tokens) {
    if (token.kind === "positional") {
      reasons.push(`Đối số thừa / unexpected argument: ${token.value}`)
      continue
    }
    if (token.kind !== "option") continue
    const option = Object.hasOwn(options, token.name) ? options[token.name as keyof typeof options] : undefined
    if (option === undefined) {
      reasons.push(`Tùy chọn không rõ / unknown option: ${token.rawName}`)
    } else if (option.type === "boolean") {
      if (token.value === undefined) flags[token.name] = true
      else reasons.push(`${token.rawName} không nhận giá trị / takes no value`)
    } else if (token.value === undefined || token.value === "") {
      reasons.push(`${token.rawName} cần một giá trị / needs a value`)
    } else {
      const rule = VALUE_RULES[token.name]
      if (rule === undefined || rule.accepts(token.value)) flags[token.name] = token.value
      else reasons.push(`${token.rawName}: cần ${rule.vi} / expected ${rule.en}`)
    }
  }
  return reasons.length === 0 ? { _tag: "Checked", flags } : { _tag: "Refused", reasons }
}
