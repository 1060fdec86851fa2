import { randomBytes } from "node:crypto"
import type { MiddlewareHandler } from "hono"
import type { ApiEnv } from "./env.ts"

/**
 * Headers every response carries. The content security policy allows only this origin:
 * the platform loads nothing from elsewhere (office intranets have no internet anyway),
 * and no other site may frame it. The web app's server-rendered pages carry a few inline scripts
 * (the router's state for hydration): each response gets a fresh nonce that only they bear.
 */
export const securityHeaders = (): MiddlewareHandler<ApiEnv> =>
  async function securityHeadersMiddleware(c, next) {
    const nonce = randomBytes(16).toString("base64")
    c.set("cspNonce", nonce)
    await next()
    c.header(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " +
        `script-src 'self' 'nonce-${nonce}'; ` +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    c.header("X-Content-Type-Options", "nosniff")
    // Not `no-referrer`: under it a browser sends `Origin: null` with the platform's own form
    // posts, and the CSRF checks (the API's and React Router's) must then refuse them. Other
    // sites still learn nothing of the address a link was followed from.
    c.header("Referrer-Policy", "same-origin")
    c.header("X-Frame-Options", "DENY")
    c.header("Cross-Origin-Opener-Policy", "same-origin")
  }
