import { createHash, randomBytes } from "node:crypto"
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding"

/**
 * Session tokens in the Lucia design: `<id>.<secret>`, each part 120 random bits written
 * in 24 lower-case base32 characters. The id finds the row; the secret proves possession
 * and is stored only as its SHA-256, which the lookup (`abroad_session_actor`, migration 0016)
 * must be given with the id.
 */
export interface SessionToken {
  readonly id: string
  readonly secret: string
  readonly token: string
  readonly secretHash: Uint8Array
}

const part = () => encodeBase32LowerCaseNoPadding(randomBytes(15))

export const hashSecret = (secret: string): Uint8Array => new Uint8Array(createHash("sha256").update(secret).digest())

export const newSessionToken = (): SessionToken => {
  const id = part()
  const secret = part()
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) }
}

const TOKEN = /^([a-z2-7]{24})\.([a-z2-7]{24})$/

/** Splits a presented token; anything not shaped like one is refused before any lookup. */
export const parseSessionToken = (token: string): { readonly id: string; readonly secret: string } | undefined => {
  const match = TOKEN.exec(token)
  return match === null ? undefined : { id: match[1] as string, secret: match[2] as string }
}
