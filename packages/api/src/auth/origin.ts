/**
 * Cross-site request forgery: a browser attaches the session cookie to any request, even one
 * a foreign page makes. A request that changes something must therefore come from the
 * platform's own origin — the one the request was addressed to, or the configured public
 * URL behind a proxy. Scripts that present a bearer token carry no ambient credential, and
 * browsers always send `Origin` on such requests, so only cookie-borne requests need it.
 */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"])

export const isSameOrigin = (request: Request, publicOrigin: string | undefined, viaCookie: boolean): boolean => {
  if (SAFE_METHODS.has(request.method)) return true
  if (request.headers.get("sec-fetch-site") === "cross-site") return false
  const origin = request.headers.get("origin")
  if (origin === null) return !viaCookie
  return origin === new URL(request.url).origin || origin === publicOrigin
}
