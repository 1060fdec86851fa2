import { data } from "react-router"
import { type Bilingual, type Lang, langFromCookie } from "../i18n/language.ts"
import type { FormFailure } from "../ui/form.tsx"
import type { ApiErrorBody } from "./api.server.ts"

/** A form's fields as text; files are not taken by any form here. */
export const formValues = (form: FormData): Record<string, string> => {
  const values: Record<string, string> = {}
  for (const [name, value] of form) if (typeof value === "string" && !(name in values)) values[name] = value
  return values
}

/**
 * The field an API issue names: its path after `body` (`["body", "countries", 0]` is the
 * `countries` field; `["body", "companions", 1, "fullName"]` is `companions.1.fullName`) —
 * the forms name their inputs by the API's paths.
 */
const fieldOf = (path: ReadonlyArray<string | number>): string => {
  const [where, ...rest] = path
  if (where !== "body" || rest.length === 0) return "_form"
  const full = rest.join(".")
  // A list of scalars is one field in the form (countries: "JP, KR").
  return typeof rest[1] === "number" && rest.length === 2 ? String(rest[0]) : full
}

/** Effect's words for a number out of range, most specific first ("greater than or equal" before "greater than"). */
const BOUNDS: ReadonlyArray<readonly [RegExp, (a: string, b: string) => string]> = [
  [/^Expected a value between (\S+) and (\S+?),?(?:\s|$)/, (a, b) => `Cần từ ${a} đến ${b}.`],
  [/^Expected a value greater than or equal to (\S+?),?(?:\s|$)/, (a) => `Cần lớn hơn hoặc bằng ${a}.`],
  [/^Expected a value less than or equal to (\S+?),?(?:\s|$)/, (a) => `Cần nhỏ hơn hoặc bằng ${a}.`],
  [/^Expected a value greater than (\S+?),?(?:\s|$)/, (a) => `Cần lớn hơn ${a}.`],
  [/^Expected a value less than (\S+?),?(?:\s|$)/, (a) => `Cần nhỏ hơn ${a}.`],
]

/**
 * A rule's issue the API words in both languages, `<rule>: <Vietnamese> / <English>`
 * (`country.unknown: Mã quốc gia … / Not a country of ISO 3166-1: XX.`): the page shows its own half.
 */
const BILINGUAL = /^[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+: (.+?) \/ (.+)$/s

/**
 * An issue of the API's validation in the page's language: a bilingual one by its half; Schema's
 * (in English, as Effect words it) with the common ones translated, the rest as "not valid" with
 * the original beside it.
 */
export const issueText = (lang: Lang, message: string): string => {
  const bilingual = BILINGUAL.exec(message)
  if (bilingual !== null) return (lang === "vi" ? bilingual[1] : bilingual[2]) ?? message
  if (lang === "en") return message
  if (/^(Missing key|Required\b)/.test(message)) return "Bắt buộc."
  const atLeast = /length of at least (\d+)/.exec(message)
  if (atLeast !== null) return atLeast[1] === "1" ? "Bắt buộc." : `Cần ít nhất ${atLeast[1]} ký tự.`
  const atMost = /length of at most (\d+)/.exec(message)
  if (atMost !== null) return `Nhiều nhất ${atMost[1]} ký tự.`
  for (const [pattern, text] of BOUNDS) {
    const bound = pattern.exec(message)
    if (bound !== null) return text(bound[1] ?? "", bound[2] ?? "")
  }
  if (/^Expected an integer/.test(message)) return "Cần một số nguyên."
  if (/^Expected (number|a finite number)\b/.test(message)) return "Cần một con số."
  if (/^Expected a string matching/.test(message)) return "Không đúng định dạng."
  return `Giá trị không hợp lệ (${message}).`
}

/** The action's answer for a form the API refused, with a status the browser sees too. */
export const refused = (request: Request, error: ApiErrorBody, status: number, values: Record<string, string>) => {
  const lang = langFromCookie(request.headers.get("cookie"))
  const fieldErrors: Record<string, string> = {}
  for (const issue of error.details?.issues ?? []) {
    const field = fieldOf(issue.path)
    fieldErrors[field] ??= issueText(lang, issue.message)
  }
  const formError = fieldErrors._form === undefined && Object.keys(fieldErrors).length > 0 ? undefined : error.message
  delete fieldErrors._form
  const failure: FormFailure = { ...(formError === undefined ? {} : { formError }), fieldErrors, values }
  return data(failure, { status })
}

/** A form the web app itself refuses before asking the API (a date it cannot read, …). */
export const invalid = (fieldErrors: Record<string, string>, values: Record<string, string>, formError?: Bilingual) =>
  data({ ...(formError === undefined ? {} : { formError }), fieldErrors, values } satisfies FormFailure, {
    status: 400,
  })
