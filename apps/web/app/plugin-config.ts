import { formatDay, parseDay } from "./i18n/dates.ts"
import type { Bilingual } from "./i18n/language.ts"

/**
 * Cấu hình phần mở rộng: the administrator's form for a plugin's config, generated from the
 * config's JSON Schema (as the plugin host publishes it). Pure: the page's loader turns the schema
 * into `ConfigNode`s and the stored config into the form's values; its action turns the posted form
 * back into the config the API validates, and the API's issue paths back into field names.
 *
 * Every control is named by its path in the config (`config.mail.port`,
 * `config.congressPeriods.0.from`), as the API names its issues (`body.config.…`).
 *
 * - string → text; `format: "date"` → dd/mm/yyyy; `writeOnly` → password, never filled in
 *   (empty keeps the stored secret, "clear" removes an optional one); `enum` → a choice, each value
 *   named by the plugin's `x-options` words (or shown as it is);
 * - integer, number → a number; boolean → a checkbox (a choice of yes / no / not set when optional);
 * - array of strings or dates → one per line; array of objects → rows of the object's fields
 *   (the stored ones and two empty rows; an empty row is left out);
 * - object → a group of its properties (left out when optional and empty);
 * - anything else → its JSON, typed as JSON.
 */

export const CONFIG_PREFIX = "config"
/** Empty rows a table of objects offers for new items (save, and two more appear). */
export const SPARE_ROWS = 2

type Schema = { readonly [key: string]: unknown }

interface Common {
  /** The control's name: its path in the config, dot-separated, with `config.` in front. */
  readonly name: string
  readonly label: Bilingual
  readonly help?: Bilingual
  readonly required: boolean
}

export type ScalarKind = "text" | "date" | "secret" | "integer" | "number" | "boolean" | "choice"

/** One value of a choice and the words the form shows for it. */
export interface ConfigOption {
  readonly value: string
  readonly label: Bilingual
}

export type ConfigNode =
  | (Common & { readonly kind: ScalarKind; readonly options?: ReadonlyArray<ConfigOption> })
  | (Common & { readonly kind: "list"; readonly item: "text" | "date" })
  | (Common & { readonly kind: "group"; readonly children: ReadonlyArray<ConfigNode> })
  | (Common & { readonly kind: "rows"; readonly columns: ReadonlyArray<ConfigNode> })
  | (Common & { readonly kind: "json" })

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)

/** A node with its `allOf` members' keywords merged in: the SDK's `configField` words land there. */
const flat = (node: Schema): Schema =>
  Array.isArray(node.allOf)
    ? Object.assign({}, node, ...node.allOf.filter(isObject).map((member) => flat(member)), { allOf: undefined })
    : node

const isBilingual = (value: unknown): value is Bilingual =>
  isObject(value) && typeof value.vi === "string" && typeof value.en === "string"

/** `reportWorkingDays` → "Report working days", when the plugin gave no label. */
const humanise = (key: string): string => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const wordsOf = (node: Schema, key: string): { label: Bilingual; help?: Bilingual } => {
  const label = isBilingual(node["x-label"])
    ? node["x-label"]
    : typeof node.title === "string"
      ? { vi: node.title, en: node.title }
      : { vi: humanise(key), en: humanise(key) }
  const help = isBilingual(node["x-help"])
    ? node["x-help"]
    : typeof node.description === "string"
      ? { vi: node.description, en: node.description }
      : undefined
  return help === undefined ? { label } : { label, help }
}

const scalarOf = (node: Schema): { kind: ScalarKind; options?: ReadonlyArray<ConfigOption> } | undefined => {
  if (Array.isArray(node.enum) && node.enum.every((value) => typeof value === "string")) {
    const words = isObject(node["x-options"]) ? node["x-options"] : {}
    const options = (node.enum as ReadonlyArray<string>).map((value) => {
      const label = words[value]
      return { value, label: isBilingual(label) ? label : { vi: value, en: value } }
    })
    return { kind: "choice", options }
  }
  switch (node.type) {
    case "string":
      return { kind: node.writeOnly === true ? "secret" : node.format === "date" ? "date" : "text" }
    case "integer":
      return { kind: "integer" }
    case "number":
      return { kind: "number" }
    case "boolean":
      return { kind: "boolean" }
    default:
      return undefined
  }
}

const nodeOf = (raw: Schema, key: string, name: string, required: boolean): ConfigNode => {
  const node = flat(raw)
  const common = { name, required, ...wordsOf(node, key) }
  const scalar = scalarOf(node)
  if (scalar !== undefined) return { ...common, ...scalar }
  if (node.type === "object" && isObject(node.properties)) {
    return { ...common, kind: "group", children: propertiesOf(node, name) }
  }
  if (node.type === "array" && isObject(node.items)) {
    const items = flat(node.items)
    const item = scalarOf(items)
    if (item?.kind === "text" || item?.kind === "date") return { ...common, kind: "list", item: item.kind }
    if (items.type === "object" && isObject(items.properties)) {
      const columns = propertiesOf(items, `${name}.#`)
      if (columns.every((column) => column.kind !== "group" && column.kind !== "rows")) {
        return { ...common, kind: "rows", columns }
      }
    }
  }
  return { ...common, kind: "json" }
}

const propertiesOf = (node: Schema, prefix: string): ReadonlyArray<ConfigNode> => {
  const required = Array.isArray(node.required) ? (node.required as ReadonlyArray<string>) : []
  return Object.entries(node.properties as Record<string, Schema>).map(([key, inner]) =>
    nodeOf(isObject(inner) ? inner : {}, key, `${prefix}.${key}`, required.includes(key)),
  )
}

/** The form of a config schema: its properties, in the schema's order. */
export const configForm = (schema: Schema): ReadonlyArray<ConfigNode> =>
  isObject(schema.properties) ? propertiesOf(flat(schema), CONFIG_PREFIX) : []

/** A row's control name: `config.periods.#.from` in row 2 is `config.periods.2.from`. */
export const cellName = (column: ConfigNode, row: number) => column.name.replace(".#.", `.${row}.`)

const keyOf = (node: ConfigNode) => node.name.slice(node.name.lastIndexOf(".") + 1)

// ---------------------------------------------------------------------------------------------
// The stored config → the form's values

const textOf = (node: ConfigNode, value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined
  switch (node.kind) {
    case "secret":
      return undefined
    case "date":
      return typeof value === "string" ? formatDay(value) : String(value)
    case "boolean":
      // A required boolean is a checkbox: present means ticked.
      return node.required ? (value === true ? "on" : undefined) : String(value)
    case "list":
      return Array.isArray(value)
        ? value
            .map((item) => (node.item === "date" && typeof item === "string" ? formatDay(item) : String(item)))
            .join("\n")
        : undefined
    case "json":
      return JSON.stringify(value, null, 2)
    default:
      return typeof value === "object" ? JSON.stringify(value) : String(value)
  }
}

/** What the form shows of a stored config (secrets never). */
export const formValuesOf = (nodes: ReadonlyArray<ConfigNode>, config: unknown): Record<string, string> => {
  const values: Record<string, string> = {}
  const fill = (list: ReadonlyArray<ConfigNode>, source: unknown, rename: (node: ConfigNode) => string) => {
    for (const node of list) {
      const value = isObject(source) ? source[keyOf(node)] : undefined
      if (node.kind === "group") fill(node.children, value, rename)
      else if (node.kind === "rows") {
        const rows = Array.isArray(value) ? value : []
        rows.forEach((row, index) => {
          fill(node.columns, row, (column) => cellName(column, index))
        })
      } else {
        const text = textOf(node, value)
        if (text !== undefined) values[rename(node)] = text
      }
    }
  }
  fill(nodes, config, (node) => node.name)
  return values
}

/** How many rows a table shows: those with a value, and the spare ones. */
export const rowCount = (node: ConfigNode & { kind: "rows" }, values: Readonly<Record<string, string>>): number => {
  const prefix = `${node.name}.`
  let count = 0
  for (const name of Object.keys(values)) {
    if (!name.startsWith(prefix)) continue
    const index = Number(name.slice(prefix.length).split(".")[0])
    if (Number.isInteger(index)) count = Math.max(count, index + 1)
  }
  return count + SPARE_ROWS
}

// ---------------------------------------------------------------------------------------------
// The posted form → the config

export type LocalError = "invalidDate" | "invalidNumber" | "invalidJson"

export interface ParsedConfig {
  readonly config: Record<string, unknown>
  /** The values as sent, with the rows renumbered as the config numbers them (empty rows left out). */
  readonly values: Record<string, string>
  /** What the web app refuses before asking the API: a day or number it cannot read. */
  readonly errors: Record<string, LocalError>
}

/**
 * The config a posted form describes. An empty optional control is left out; an empty secret is
 * left out too (the API keeps the stored one), and a ticked "clear" sends `null` (the API removes it).
 */
export const configFromForm = (
  nodes: ReadonlyArray<ConfigNode>,
  form: Readonly<Record<string, string>>,
): ParsedConfig => {
  const values: Record<string, string> = {}
  const errors: Record<string, LocalError> = {}

  /** One control's value; `name` is where it was posted, `as` the name it has in the config. */
  const scalar = (node: ConfigNode, name: string, as: string): { present: boolean; value?: unknown } => {
    const raw = form[name]
    if (node.kind === "secret") {
      if (form[`${name}.clear`] !== undefined) {
        values[`${as}.clear`] = "on"
        return { present: true, value: null }
      }
    }
    if (node.kind === "boolean" && node.required) {
      if (raw !== undefined) values[as] = raw
      return { present: true, value: raw !== undefined }
    }
    const text = (raw ?? "").trim()
    if (text === "") return { present: false }
    values[as] = raw ?? ""
    switch (node.kind) {
      case "date": {
        const day = parseDay(text)
        if (day === undefined) errors[as] = "invalidDate"
        return { present: true, value: day ?? text }
      }
      case "integer":
      case "number": {
        const number = Number(text.replace(",", "."))
        if (!Number.isFinite(number)) errors[as] = "invalidNumber"
        return { present: true, value: Number.isFinite(number) ? number : text }
      }
      case "boolean":
        return { present: true, value: text === "true" }
      case "list": {
        const lines = text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== "")
        if (node.item !== "date") return { present: true, value: lines }
        const days = lines.map((line) => parseDay(line))
        if (days.some((day) => day === undefined)) errors[as] = "invalidDate"
        return { present: true, value: days.map((day, index) => day ?? lines[index]) }
      }
      case "json":
        try {
          return { present: true, value: JSON.parse(text) }
        } catch {
          errors[as] = "invalidJson"
          return { present: true, value: text }
        }
      default:
        return { present: true, value: text }
    }
  }

  const object = (
    list: ReadonlyArray<ConfigNode>,
    nameOf: (node: ConfigNode) => string,
    asOf: (node: ConfigNode) => string,
  ): { present: boolean; value: Record<string, unknown> } => {
    const value: Record<string, unknown> = {}
    let present = false
    for (const node of list) {
      const part = field(node, nameOf(node), asOf(node))
      if (part.present) {
        value[keyOf(node)] = part.value
        present = present || node.kind !== "boolean" || part.value !== false
      } else if (node.kind === "list" && node.required) value[keyOf(node)] = []
    }
    return { present, value }
  }

  const field = (node: ConfigNode, name: string, as: string): { present: boolean; value?: unknown } => {
    if (node.kind === "group") {
      const group = object(
        node.children,
        (child) => name + child.name.slice(node.name.length),
        (child) => as + child.name.slice(node.name.length),
      )
      return group.present || node.required ? group : { present: false }
    }
    if (node.kind === "rows") {
      const rows: Array<Record<string, unknown>> = []
      const posted = rowCount(node, form) - SPARE_ROWS
      for (let index = 0; index < posted; index++) {
        const row = object(
          node.columns,
          (column) => cellName(column, index),
          (column) => cellName(column, rows.length),
        )
        if (row.present) rows.push(row.value)
      }
      return rows.length > 0 || node.required ? { present: true, value: rows } : { present: false }
    }
    return scalar(node, name, as)
  }

  const config = object(
    nodes,
    (node) => node.name,
    (node) => node.name,
  ).value
  return { config, values, errors }
}

// ---------------------------------------------------------------------------------------------
// The API's refusal → the field it is about

/** The control an API issue path (`["body", "config", "congressPeriods", 0, "from"]`) is about. */
export const fieldOfIssue = (nodes: ReadonlyArray<ConfigNode>, path: ReadonlyArray<string | number>): string => {
  const [where, ...rest] = path
  if (where !== "body" || rest[0] !== CONFIG_PREFIX) return "_form"
  let best = "_form"
  const visit = (list: ReadonlyArray<ConfigNode>, rename: (node: ConfigNode) => string) => {
    for (const node of list) {
      const name = rename(node)
      const parts = name.split(".")
      const matches = parts.every((part, index) => String(rest[index]) === part)
      if (!matches) continue
      if (node.kind === "group") {
        best = name
        visit(node.children, (child) => name + child.name.slice(node.name.length))
      } else if (node.kind === "rows") {
        best = name.replace(/\.#$/, "")
        const row = rest[parts.length]
        if (typeof row === "number") visit(node.columns, (column) => cellName(column, row))
      } else best = name
    }
  }
  visit(nodes, (node) => node.name)
  return best
}
