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
    accepts: (value) => TENANT_CODE.test(value),
    vi: "một mã đơn vị, ví dụ ho-chi-minh",
    en: "a tenant code, e.g. ho-chi-minh",
  },
  into: {
    accepts: (value) => TENANT_CODE.test(value),
    vi: "một mã đơn vị, ví dụ tuyen-quang",
    en: "a tenant code, e.g. tuyen-quang",
  },
  from: {
    accepts: (value) => value.split(",").every((code) => TENANT_CODE.test(code)),
    vi: "các mã đơn vị cách nhau bởi dấu phẩy, ví dụ ha-giang,bac-kan",
    en: "tenant codes separated by commas, e.g. ha-giang,bac-kan",
  },
  effective: {
    accepts: (value) => isCalendarDate(value),
    vi: "một ngày có thật dạng YYYY-MM-DD, ví dụ 2025-07-01",
    en: "a real day as YYYY-MM-DD, e.g. 2025-07-01",
  },
  plan: {
    accepts: (value) => value === "2025",
    vi: "2025 (phương án sắp xếp 63 tỉnh thành 34)",
    en: "2025 (the reorganisation of 63 provinces into 34)",
  },
}

const TENANT_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** A day of the Gregorian calendar that exists: 2025-02-29 does not. */
const isCalendarDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value

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
  // Options that only make sense together, or never together: the command says which.
  if (reasons.length === 0 && command.combination !== undefined) reasons.push(...command.combination(flags))
  return reasons.length === 0 ? { _tag: "Checked", flags } : { _tag: "Refused", reasons }
}
