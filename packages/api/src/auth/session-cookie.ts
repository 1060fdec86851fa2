/**
 * The session travels in a cookie for the browser and as a bearer token for scripts. The
 * cookie is `HttpOnly` (no script reads it), `SameSite=Lax` (not sent on cross-site
 * posts) and `Secure` whenever the platform is reached over TLS; over TLS it also takes the
 * `__Host-` prefix, which pins it to this host and path `/`.
 */
export const SESSION_COOKIE = "abroad_session"
export const SECURE_SESSION_COOKIE = "__Host-abroad_session"

const readCookie = (header: string | undefined, name: string): string | undefined => {
  if (header === undefined) return undefined
  for (const part of header.split(";")) {
    const index = part.indexOf("=")
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim()
  }
  return undefined
}

export interface PresentedToken {
  readonly token: string
  /** A cookie rides along with any request the browser makes, so it needs the Origin check. */
  readonly viaCookie: boolean
}

export const presentedToken = (request: Request): PresentedToken | undefined => {
  const authorization = request.headers.get("authorization")
  if (authorization?.startsWith("Bearer ")) return { token: authorization.slice(7).trim(), viaCookie: false }
  const cookies = request.headers.get("cookie") ?? undefined
  const token = readCookie(cookies, SECURE_SESSION_COOKIE) ?? readCookie(cookies, SESSION_COOKIE)
  return token === undefined || token === "" ? undefined : { token, viaCookie: true }
}

/** The `Set-Cookie` value that stores `token` until `expiresAt`, or clears the cookie. */
export const sessionCookie = (secure: boolean, token: string | undefined, expiresAt?: Date): string => {
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])]
  if (token === undefined) return [`${name}=`, ...attributes, "Max-Age=0"].join("; ")
  const expires = expiresAt === undefined ? [] : [`Expires=${expiresAt.toUTCString()}`]
  return [`${name}=${token}`, ...attributes, ...expires].join("; ")
}
