import { describe, expect, it } from "vitest"
import { hashPassword, needsRehash, verifyPassword } from "../src/passwords/hashing.ts"
import { passwordProblems } from "../src/passwords/policy.ts"

describe("password hashing", () => {
  it("verifies the password a hash was made from, and nothing else", async () => {
    const stored = await hashPassword("một câu dài khó đoán 2026")
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(stored, "một câu dài khó đoán 2026")).toBe(true)
    expect(await verifyPassword(stored, "một câu dài khó đoán 2025")).toBe(false)
    expect(await verifyPassword("not a hash", "anything")).toBe(false)
  })

  it("salts every hash", async () => {
    expect(await hashPassword("cùng một mật khẩu")).not.toBe(await hashPassword("cùng một mật khẩu"))
  })

  it("treats composed and decomposed Vietnamese as the same password", async () => {
    const stored = await hashPassword("Trường Sa Hoàng Sa".normalize("NFC"))
    expect(await verifyPassword(stored, "Trường Sa Hoàng Sa".normalize("NFD"))).toBe(true)
  })

  it("asks for a new hash when the stored parameters are weaker than today's", () => {
    expect(needsRehash("$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g")).toBe(true)
    expect(needsRehash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g")).toBe(false)
  })
})

describe("the password policy", () => {
  it("accepts a long passphrase", () => {
    expect(passwordProblems("đi công tác Nhật Bản tháng mười", "officer@ho-chi-minh")).toEqual([])
  })

  it("refuses short, overlong, common and self-naming passwords", () => {
    expect(passwordProblems("ngắn quá", "a@b")).toContain("too_short")
    expect(passwordProblems("x".repeat(129), "a@b")).toContain("too_long")
    expect(passwordProblems("password1234", "a@b")).toContain("common")
    expect(passwordProblems("Matkhau@123", "a@b")).toContain("common")
    expect(passwordProblems("officer-is-me-2026!", "officer@ho-chi-minh")).toContain("contains_username")
  })
})
