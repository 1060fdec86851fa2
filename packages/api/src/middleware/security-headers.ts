import { randomBytes } from "node:crypto"
import type { Context, MiddlewareHandler } from "hono"
import type { ApiEnv } from "./env.ts"

const POLICY_HEAD = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
const POLICY_TAIL = "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

/** The content security policy; `nonce` lets the page's own inline scripts run, and only them. */
const contentSecurityPolicy = (nonce: string | undefined) =>
  `${POLICY_HEAD}script-src 'self'${nonce === undefined ? "" : ` 'nonce-${nonce}'`}; ${POLICY_TAIL}`

const FIXED_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["X-Content-Type-Options", "nosniff"],
  // Not `no-referrer`: under it a browser sends `Origin: null` with the platform's own form
  // posts, and the CSRF checks (the API's and React Router's) must then refuse them. Other
  // sites still learn nothing of the address a link was followed from.
  ["Referrer-Policy", "same-origin"],
  ["X-Frame-Options", "DENY"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
]

/** The API's answers are JSON or the script-free reference page: none runs an inline script. */
const API_POLICY = contentSecurityPolicy(undefined)

const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/")

const setAll = (c: Context<ApiEnv>, policy: string) => {
  c.header("Content-Security-Policy", policy)
  for (const [name, value] of FIXED_HEADERS) c.header(name, value)
}

/**
 * Headers every response carries. The content security policy allows only this origin:
 * the platform loads nothing from elsewhere (office intranets have no internet anyway),
 * and no other site may frame it. The web app's server-rendered pages carry a few inline scripts
 * (the router's state for hydration): each page gets a fresh nonce that only they bear; an
 * API answer, which has no script, gets none (and costs no random bytes).
 *
 * The headers are set BEFORE the answer is made, so that `c.json` builds it with them. Set
 * after, on an answer already made, Hono copies the whole answer into a new Response and the
 * server then streams its body: a tenth of the CPU of a 50-trip inbox page (README,
 * Performance, finding 15). An answer a handler made as a Response of its own (the web app's
 * pages and files) did not take them, and gets them afterwards.
 */
export const securityHeaders = (): MiddlewareHandler<ApiEnv> =>
  async function securityHeadersMiddleware(c, next) {
    let policy = API_POLICY
    if (!isApiPath(c.req.path)) {
      const nonce = randomBytes(16).toString("base64")
      c.set("cspNonce", nonce)
      policy = contentSecurityPolicy(nonce)
    }
    setAll(c, policy)
    await next()
    if (c.res.headers.get("Content-Security-Policy") !== policy) setAll(c, policy)
  }
