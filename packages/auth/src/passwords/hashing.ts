import { argon2, randomBytes, timingSafeEqual } from "node:crypto"
import { promisify } from "node:util"

const argon2Async = promisify(argon2)

/**
 * Argon2id with OWASP's recommended minimum: 19 MiB of memory, 2 passes, 1 lane. Stored in the
 * PHC string format, so the parameters travel with each hash and can be raised later: a hash
 * made with weaker ones still verifies, and `needsRehash` says when to replace it.
 */
export const ARGON2_PARAMETERS = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const

const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64").replace(/=+$/, "")

export const hashPassword = async (password: string): Promise<string> => {
  const nonce = randomBytes(16)
  const tag = await argon2Async("argon2id", { message: password.normalize("NFC"), nonce, ...ARGON2_PARAMETERS })
  const { memory, passes, parallelism } = ARGON2_PARAMETERS
  return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${encode(nonce)}$${encode(tag)}`
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

/** True when `password` is the one `stored` was made from; a malformed hash verifies nothing. */
export const verifyPassword = async (stored: string, password: string): Promise<boolean> => {
  const match = PHC.exec(stored)
  if (match === null) return false
  const [, memory, passes, parallelism, nonce, tag] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const expected = Buffer.from(tag, "base64")
  const actual = await argon2Async("argon2id", {
    message: password.normalize("NFC"),
    nonce: Buffer.from(nonce, "base64"),
    memory: Number(memory),
    passes: Number(passes),
    parallelism: Number(parallelism),
    tagLength: expected.length,
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

export const needsRehash = (stored: string): boolean => {
  const match = PHC.exec(stored)
  return match === null || Number(match[1]) < ARGON2_PARAMETERS.memory || Number(match[2]) < ARGON2_PARAMETERS.passes
}

/**
 * A hash nobody's password matches, checked when the account does not exist so that a
 * failed sign-in takes the same time either way and does not reveal which accounts exist.
 */
export const DECOY_HASH = await hashPassword(randomBytes(24).toString("base64"))
