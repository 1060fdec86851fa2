import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from "node:crypto"
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding"
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp"
import { Context } from "effect"

export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6

/**
 * Seals TOTP keys at rest with AES-256-GCM under the server's secret: the database alone
 * does not give anyone's second factor. Sealed form: base64(iv ‖ tag ‖ ciphertext).
 */
export interface TotpKeyring {
  readonly seal: (key: Uint8Array) => string
  readonly unseal: (sealed: string) => Uint8Array
}

export const totpKeyring = (secret: Uint8Array): TotpKeyring => {
  if (secret.length !== 32) throw new Error("the TOTP sealing key must be 32 bytes")
  return {
    seal: (key) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv("aes-256-gcm", secret, iv)
      const body = Buffer.concat([cipher.update(key), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")
    },
    unseal: (sealed) => {
      const bytes = Buffer.from(sealed, "base64")
      const decipher = createDecipheriv("aes-256-gcm", secret, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]))
    },
  }
}

/** The process's keyring, built once from the server's secret (APP_SECRET). */
export class TotpSealing extends Context.Service<TotpSealing, TotpKeyring>()("@abroad/auth/TotpSealing") {}

export const newTotpKey = (): Uint8Array => new Uint8Array(randomBytes(20))

/** What an authenticator app scans: `otpauth://totp/…`, also shown as text for typing in. */
export const totpEnrolmentUri = (username: string, key: Uint8Array): string =>
  createTOTPKeyURI("Dang vien ra nuoc ngoai", username, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS)

export const totpKeyBase32 = (key: Uint8Array): string => encodeBase32UpperCaseNoPadding(key)

/** The key of a base32 secret as people type it (any case, spaces allowed); throws on other characters. */
export const totpKeyFromBase32 = (secret: string): Uint8Array =>
  decodeBase32IgnorePadding(secret.toUpperCase().replace(/\s+/g, ""))

/**
 * The time step `code` is valid for — the current one or its neighbour on either side, for
 * clocks a little apart — or undefined. The caller refuses a step at or before the last one
 * accepted, so a code seen over a shoulder cannot be used again.
 */
export const matchingTotpStep = (key: Uint8Array, code: string, now: Date): number | undefined => {
  if (!/^\d{6}$/.test(code)) return undefined
  const current = Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS)
  for (const step of [current, current - 1, current + 1]) {
    const expected = Buffer.from(generateHOTP(key, BigInt(step), TOTP_DIGITS))
    if (timingSafeEqual(expected, Buffer.from(code))) return step
  }
  return undefined
}

/** The code an authenticator shows at `now` (for tests and the demo guide). */
export const totpCodeAt = (key: Uint8Array, now: Date): string =>
  generateHOTP(key, BigInt(Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS)), TOTP_DIGITS)
