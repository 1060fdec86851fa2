import { randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import { matchingTotpStep, newTotpKey, totpCodeAt, totpEnrolmentUri, totpKeyring } from "../src/totp/totp.ts"

describe("TOTP", () => {
  const key = newTotpKey()
  const now = new Date("2026-11-23T08:00:10Z")

  it("accepts the current code and its neighbours, and tells which step it was", () => {
    const step = Math.floor(now.getTime() / 30_000)
    expect(matchingTotpStep(key, totpCodeAt(key, now), now)).toBe(step)
    expect(matchingTotpStep(key, totpCodeAt(key, new Date(now.getTime() - 30_000)), now)).toBe(step - 1)
    expect(matchingTotpStep(key, totpCodeAt(key, new Date(now.getTime() + 30_000)), now)).toBe(step + 1)
    expect(matchingTotpStep(key, totpCodeAt(key, new Date(now.getTime() - 90_000)), now)).toBeUndefined()
    expect(matchingTotpStep(key, "12345", now)).toBeUndefined()
  })

  it("seals keys so that only the server's secret opens them", () => {
    const keyring = totpKeyring(new Uint8Array(randomBytes(32)))
    const sealed = keyring.seal(key)
    expect(sealed).not.toContain(Buffer.from(key).toString("base64"))
    expect(keyring.unseal(sealed)).toEqual(key)
    expect(() => totpKeyring(new Uint8Array(randomBytes(32))).unseal(sealed)).toThrow()
  })

  it("offers an otpauth URI for the authenticator app", () => {
    expect(totpEnrolmentUri("officer@ho-chi-minh", key)).toMatch(/^otpauth:\/\/totp\/.*officer%40ho-chi-minh.*secret=/)
  })
})
