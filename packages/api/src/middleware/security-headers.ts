import type { MiddlewareHandler } from "hono"

/**
 * Headers every response carries. The content security policy allows only this origin:
 * the platform loads nothing from elsewhere (office intranets have no internet anyway),
 * and no other site may frame it.
 */
export const securityHeaders = (): MiddlewareHandler =>
  async function securityHeadersMiddleware(c, next) {
    await next()
    c.header(
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    )
    c.header("X-Content-Type-Options", "nosniff")
    c.header("Referrer-Policy", "no-referrer")
    c.header("X-Frame-Options", "DENY")
    c.header("Cross-Origin-Opener-Policy", "same-origin")
  }
