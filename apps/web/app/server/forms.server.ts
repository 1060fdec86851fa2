import { data } from "react-router"
import type { Bilingual } from "../i18n/language.ts"
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
 * `countries` field; `["body", "companions", 1, "fullName"]` is `companions.1.fullName`).
 * `rename` maps API names to the form's where they differ.
 */
const fieldOf = (path: ReadonlyArray<string | number>, rename: Readonly<Record<string, string>>): string => {
  const [where, ...rest] = path
  if (where !== "body" || rest.length === 0) return "_form"
  const full = rest.join(".")
  for (const [apiName, fieldName] of Object.entries(rename)) {
    if (full === apiName || full.startsWith(`${apiName}.`)) return fieldName
  }
  // A list of scalars is one field in the form (countries: "JP, KR").
  return typeof rest[1] === "number" && rest.length === 2 ? String(rest[0]) : full
}

/** The action's answer for a form the API refused, with a status the browser sees too. */
export const refused = (
  error: ApiErrorBody,
  status: number,
  values: Record<string, string>,
  rename: Readonly<Record<string, string>> = {},
) => {
  const fieldErrors: Record<string, string> = {}
  for (const issue of error.details?.issues ?? []) {
    const field = fieldOf(issue.path, rename)
    fieldErrors[field] ??= issue.message
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
