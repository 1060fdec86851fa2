import { type RouterContextProvider, redirect } from "react-router"
import { parseDay } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { translator } from "../i18n/messages.ts"
import { callApi, failureResponse, pageOf } from "./api.server.ts"
import { formValues, invalid, refused } from "./forms.server.ts"

/**
 * One step of the workflow from a form: `intent` names the API's step, the form's fields are
 * its body, dd/mm/yyyy dates become days, and the trip's `revision` as the page showed it goes
 * along (so a trip that moved on meanwhile answers 409 instead of being changed blindly).
 * `steps` lists the intents a page offers, with the names of their date fields.
 */
export const runTripStep = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
  tripPath: string,
  steps: Readonly<
    Record<string, { readonly dates?: ReadonlyArray<string>; readonly booleans?: ReadonlyArray<string> }>
  >,
) => {
  const t = translator(langFromCookie(request.headers.get("cookie")))
  const form = await request.formData()
  const values = formValues(form)
  const intent = values.intent ?? ""
  const step = steps[intent]
  if (step === undefined) throw Response.json({ error: { code: "unknown_step" } }, { status: 400 })
  const body: Record<string, unknown> = {}
  const errors: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) {
    if (name === "intent" || value.trim() === "") continue
    if (name === "revision") body.revision = Number(value)
    else if (step.dates?.includes(name)) {
      const day = parseDay(value)
      if (day === undefined) errors[name] = t("invalidDate")
      else body[name] = day
    } else if (!step.booleans?.includes(name)) body[name] = value.trim()
  }
  for (const name of step.booleans ?? []) body[name] = form.get(name) !== null
  for (const name of step.dates ?? [])
    if (values[name] === undefined || values[name] === "") errors[name] = t("required")
  if (Object.keys(errors).length > 0) return invalid(errors, values)
  const result = await callApi(context, request, "POST", `${tripPath}/${intent}`, body)
  if (result.ok) return redirect(pageOf(request).pathname)
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}
