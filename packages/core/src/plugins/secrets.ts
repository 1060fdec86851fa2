/**
 * Bí mật trong cấu hình: the parts of a plugin's config its schema marks `writeOnly` (a shared
 * secret, a password, an access token). They are written by the tenant's administrator and read
 * by the plugin only: the API never answers them back, and a config sent without one keeps the
 * stored value — so a form that cannot show the secret does not erase it by being saved.
 *
 * A secret is found by walking the JSON Schema's `properties` (nested objects included); secrets
 * inside arrays are not supported — no plugin needs one, and an item has no stable identity to
 * keep a value by.
 */

type JsonSchemaNode = { readonly [key: string]: unknown }
type Config = Readonly<Record<string, unknown>>

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value)

/** A node with the keywords of its `allOf` members merged in (where annotations on checks land). */
const merged = (node: Record<string, unknown>): Record<string, unknown> =>
  Array.isArray(node.allOf)
    ? Object.assign({}, node, ...node.allOf.filter(isObject).map((member) => merged(member)))
    : node

/** The paths (`["mail", "auth", "pass"]`) of the config's secrets, as the schema marks them. */
export const secretPaths = (schema: JsonSchemaNode): ReadonlyArray<ReadonlyArray<string>> => {
  const found: Array<ReadonlyArray<string>> = []
  const walk = (raw: unknown, path: ReadonlyArray<string>) => {
    if (!isObject(raw)) return
    const node = merged(raw)
    if (node.writeOnly === true && path.length > 0) {
      found.push(path)
      return
    }
    for (const variant of [node, ...(Array.isArray(node.anyOf) ? node.anyOf : [])]) {
      if (!isObject(variant) || !isObject(variant.properties)) continue
      for (const [name, inner] of Object.entries(variant.properties)) walk(inner, [...path, name])
    }
  }
  walk(schema, [])
  return found
}

const valueAt = (config: unknown, path: ReadonlyArray<string>): unknown =>
  path.reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), config)

/** A deep copy of `config` with the value at `path` set (parents must exist) or removed. */
const withValueAt = (config: Config, path: ReadonlyArray<string>, value: unknown): Config => {
  const [head, ...rest] = path
  if (head === undefined) return config
  const copy: Record<string, unknown> = { ...config }
  if (rest.length === 0) {
    if (value === undefined) delete copy[head]
    else copy[head] = value
    return copy
  }
  const inner = copy[head]
  if (!isObject(inner)) return config
  copy[head] = withValueAt(inner, rest, value)
  return copy
}

/**
 * The config as it may be shown: every secret taken out, and the paths (`mail.auth.pass`) of those
 * that hold a value, so a form can say "set — leave empty to keep".
 */
export const redactSecrets = (
  config: Config,
  schema: JsonSchemaNode,
): { readonly config: Config; readonly secretsSet: ReadonlyArray<string> } => {
  let shown = config
  const secretsSet: Array<string> = []
  for (const path of secretPaths(schema)) {
    if (valueAt(config, path) === undefined) continue
    secretsSet.push(path.join("."))
    shown = withValueAt(shown, path, undefined)
  }
  return { config: shown, secretsSet }
}

/**
 * The config to store when `next` is sent over `stored`: a secret `next` leaves out keeps its
 * stored value (when its parent object is still there); a secret sent as `null` is removed.
 */
export const keepStoredSecrets = (next: Config, stored: Config | undefined, schema: JsonSchemaNode): Config => {
  let result = next
  for (const path of secretPaths(schema)) {
    const sent = valueAt(next, path)
    if (sent === null) result = withValueAt(result, path, undefined)
    else if (sent === undefined && stored !== undefined) {
      const kept = valueAt(stored, path)
      if (kept !== undefined && isObject(valueAt(result, path.slice(0, -1)))) result = withValueAt(result, path, kept)
    }
  }
  return result
}
