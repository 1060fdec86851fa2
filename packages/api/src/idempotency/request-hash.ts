import { createHash } from "node:crypto"

/** JSON with every object's keys in order, so that `{a,b}` and `{b,a}` are the same request. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    )
  }
  return value
}

/**
 * What makes two requests "the same" under one Idempotency-Key: the method, the address
 * (path and query) and the body as JSON — whitespace and key order aside. SHA-256, hex.
 */
export const requestHash = (method: string, url: URL, body: unknown): string =>
  createHash("sha256")
    .update(JSON.stringify([method.toUpperCase(), `${url.pathname}${url.search}`, canonical(body ?? null)]))
    .digest("hex")
