import { Schema } from "effect"

type Node = { readonly [key: string]: unknown }

const isNode = (value: unknown): value is Node => value !== null && typeof value === "object" && !Array.isArray(value)

/**
 * Where a plugin's config form would fall back to raw words: each property without a `configField`
 * label (`mail.host`), and each value of a choice without its own words (`language=vi_en`). A
 * plugin's test expects none, so a field added without words in both languages is caught:
 * `expect(configWordsMissing(plugin.configSchema)).toEqual([])`.
 */
export const configWordsMissing = (schema: Schema.Top): ReadonlyArray<string> => {
  const document = Schema.toJsonSchemaDocument(schema)
  const definitions = (document.definitions ?? {}) as Record<string, unknown>
  // A `$ref` stands for its definition, and `allOf` members carry `configField`'s words: merge both in.
  const flat = (raw: unknown, depth = 0): Node => {
    if (!isNode(raw)) return {}
    const ref =
      typeof raw.$ref === "string" && depth < 8 ? flat(definitions[raw.$ref.replace("#/$defs/", "")], depth + 1) : {}
    const members = Array.isArray(raw.allOf) ? raw.allOf.map((member) => flat(member, depth + 1)) : []
    return Object.assign({}, ref, raw, ...members)
  }
  const missing: Array<string> = []
  const visit = (raw: unknown, path: string) => {
    const node = flat(raw)
    if (Array.isArray(node.enum)) {
      const words = isNode(node["x-options"]) ? node["x-options"] : {}
      for (const value of node.enum) if (words[String(value)] === undefined) missing.push(`${path}=${String(value)}`)
    }
    if (isNode(node.properties)) {
      for (const [key, inner] of Object.entries(node.properties)) {
        const name = path === "" ? key : `${path}.${key}`
        if (flat(inner)["x-label"] === undefined) missing.push(name)
        visit(inner, name)
      }
    }
    if (node.items !== undefined) visit(node.items, `${path}.#`)
    for (const option of [
      ...(Array.isArray(node.anyOf) ? node.anyOf : []),
      ...(Array.isArray(node.oneOf) ? node.oneOf : []),
    ]) {
      visit(option, path)
    }
  }
  visit(document.schema, "")
  return missing
}
