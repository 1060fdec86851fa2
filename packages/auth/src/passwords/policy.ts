import { dictionary } from "@zxcvbn-ts/language-common"

/**
 * The password rules of NIST SP 800-63B: long enough, not absurdly long, not one of the
 * passwords attackers try first, not the account's own name. No composition rules (they
 * push people to `Matkhau@123`), no forced periodic change.
 */
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

export type PasswordProblem = "too_short" | "too_long" | "common" | "contains_username"

const COMMON = new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()))

// Vietnamese and local favourites the international list misses.
for (const local of [
  "matkhau",
  "matkhau123",
  "matkhau@123",
  "vietnam",
  "vietnam123",
  "hanoi123",
  "saigon123",
  "dangvien",
]) {
  COMMON.add(local)
}

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()

/** The problems of `password` for the account `username`; an empty list means it is acceptable. */
export const passwordProblems = (password: string, username: string): ReadonlyArray<PasswordProblem> => {
  const problems: Array<PasswordProblem> = []
  const length = [...password.normalize("NFC")].length
  if (length < MIN_PASSWORD_LENGTH) problems.push("too_short")
  if (length > MAX_PASSWORD_LENGTH) problems.push("too_long")
  const folded = fold(password)
  // A common password with a digit or symbol tacked on is still a common password.
  const stripped = folded.replace(/[^a-z]+$/, "").replace(/^[^a-z]+/, "")
  if (COMMON.has(folded) || (stripped.length >= 4 && COMMON.has(stripped))) problems.push("common")
  const local = fold(username.split("@")[0] ?? "")
  if (local.length >= 3 && folded.includes(local)) problems.push("contains_username")
  return problems
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, { readonly vi: string; readonly en: string }> = {
  too_short: {
    vi: `Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`,
    en: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
  },
  too_long: {
    vi: `Mật khẩu không được dài quá ${MAX_PASSWORD_LENGTH} ký tự.`,
    en: `The password must not exceed ${MAX_PASSWORD_LENGTH} characters.`,
  },
  common: {
    vi: "Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn một cụm từ khác.",
    en: "This password is too common and easily guessed. Choose another phrase.",
  },
  contains_username: {
    vi: "Mật khẩu không được chứa tên đăng nhập.",
    en: "The password must not contain the username.",
  },
}
