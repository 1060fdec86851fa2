import { Form, redirect, useNavigation } from "react-router"
import { COUNTRY_LIST_ID } from "../i18n/countries.ts"
import { parseDay } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { labelOf, translator } from "../i18n/messages.ts"
import { callApi } from "../server/api.server.ts"
import { formValues, invalid, refused } from "../server/forms.server.ts"
import { loadPluginFields, pluginValues } from "../server/plugin-fields.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { TRIP_FUNDINGS, TRIP_PURPOSES, type TripDetail } from "../trips.ts"
import { CountryList } from "../ui/country-list.tsx"
import { CheckboxField, DateField, FormError, isFormFailure, SelectField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { PluginFields } from "../ui/plugin-fields.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/my-trip-new"

/** Đơn đề nghị đi nước ngoài (Annex I): a member's new request, saved as a draft or sent at once. */

const ROWS = [0, 1, 2] as const

export const meta: Route.MetaFunction = () => [{ title: "Đề nghị đi nước ngoài — New trip request" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "trip.request")
  return { pluginFields: await loadPluginFields(context, request, "tripRequest") }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "trip.request")
  const t = translator(langFromCookie(request.headers.get("cookie")))
  const form = await request.formData()
  const values = formValues(form)
  const text = (name: string) => (values[name] ?? "").trim()

  const dayErrors: Record<string, string> = {}
  const day = (name: string) => {
    const parsed = parseDay(text(name))
    if (parsed === undefined) dayErrors[name] = text(name) === "" ? t("required") : t("invalidDate")
    return parsed ?? ""
  }
  const plannedDeparture = day("plannedDeparture")
  const plannedReturn = day("plannedReturn")
  if (Object.keys(dayErrors).length > 0) return invalid(dayErrors, values)

  const companions = ROWS.map((i) => ({
    fullName: text(`companions.${i}.fullName`),
    relation: text(`companions.${i}.relation`),
    isPartyMember: form.get(`companions.${i}.isPartyMember`) !== null,
  })).filter((companion) => companion.fullName !== "")
  const relatives = ROWS.map((i) => ({
    fullName: text(`relativesUndertaking.relatives.${i}.fullName`),
    relation: text(`relativesUndertaking.relatives.${i}.relation`),
    country: text(`relativesUndertaking.relatives.${i}.country`).toUpperCase(),
    address: text(`relativesUndertaking.relatives.${i}.address`),
  })).filter((relative) => relative.fullName !== "")
  const pledged = form.get("relativesUndertaking.pledged") !== null
  const purpose = text("purpose")
  // A field meant for other purposes (shown before the member chose one) is not sent: the server would refuse it.
  const fields = (await loadPluginFields(context, request, "tripRequest")).filter(
    (field) => field.purposes === undefined || field.purposes.includes(purpose),
  )
  const extra = pluginValues(form, fields)
  const body = {
    purpose,
    funding: text("funding"),
    countries: text("countries")
      .split(/[\s,;]+/)
      .filter((code) => code !== "")
      .map((code) => code.toUpperCase()),
    plannedDeparture,
    plannedReturn,
    ...(text("companionsWhoAreMembers") === ""
      ? {}
      : { companionsWhoAreMembers: Number(text("companionsWhoAreMembers")) }),
    ...(companions.length === 0 ? {} : { companions }),
    ...(purpose === "private_family_visit" || relatives.length > 0 || pledged
      ? { relativesUndertaking: { relatives, pledged } }
      : {}),
    ...(extra === undefined ? {} : { extra }),
  }
  const created = await callApi<{ trip: TripDetail }>(context, request, "POST", tenantApi(context, "/me/trips"), body)
  if (!created.ok) return refused(request, created.error, created.status, values)
  const trip = created.data.trip
  if (form.get("intent") === "submit") {
    // A refused submission leaves the draft; its page offers to send it again and says why not.
    await callApi(context, request, "POST", tenantApi(context, `/me/trips/${trip.id}/submit`), {
      partyOrgAtDestination: form.get("partyOrgAtDestination") !== null,
      revision: trip.revision,
    })
  }
  return redirect(`/my/trips/${trip.id}`)
}

export default function NewTripRequest({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const failure = isFormFailure(actionData) ? actionData : undefined
  const busy = useNavigation().state === "submitting"
  return (
    <>
      <h1>{t("newRequest")}</h1>
      <FormError failure={failure} />
      <Form method="post" className="form" noValidate>
        <SelectField
          name="purpose"
          label={t("purpose")}
          failure={failure}
          required
          options={TRIP_PURPOSES.map((value) => ({ value, label: labelOf(lang, "purpose", value) }))}
        />
        <SelectField
          name="funding"
          label={t("funding")}
          failure={failure}
          required
          defaultValue="own"
          options={TRIP_FUNDINGS.map((value) => ({ value, label: labelOf(lang, "funding", value) }))}
        />
        <TextField
          name="countries"
          label={t("countries")}
          failure={failure}
          help={t("countriesHelp")}
          required
          list={COUNTRY_LIST_ID}
        />
        <CountryList />
        <div className="field-row">
          <DateField name="plannedDeparture" label={t("plannedDeparture")} failure={failure} required />
          <DateField name="plannedReturn" label={t("plannedReturn")} failure={failure} required />
        </div>
        <TextField
          name="companionsWhoAreMembers"
          label={t("companionsWhoAreMembers")}
          failure={failure}
          type="number"
          defaultValue="0"
        />
        <fieldset>
          <legend>{t("companions")}</legend>
          {ROWS.map((i) => (
            <div className="field-row" key={i}>
              <TextField name={`companions.${i}.fullName`} label={`${t("fullName")} ${i + 1}`} failure={failure} />
              <TextField name={`companions.${i}.relation`} label={t("relation")} failure={failure} />
              <CheckboxField name={`companions.${i}.isPartyMember`} label={t("isPartyMember")} failure={failure} />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("relatives")}</legend>
          <p className="help">{t("relativesHelp")}</p>
          {ROWS.map((i) => (
            <div className="field-row" key={i}>
              <TextField
                name={`relativesUndertaking.relatives.${i}.fullName`}
                label={`${t("fullName")} ${i + 1}`}
                failure={failure}
              />
              <TextField
                name={`relativesUndertaking.relatives.${i}.relation`}
                label={t("relation")}
                failure={failure}
              />
              <TextField
                name={`relativesUndertaking.relatives.${i}.country`}
                label={t("country")}
                failure={failure}
                list={COUNTRY_LIST_ID}
              />
              <TextField name={`relativesUndertaking.relatives.${i}.address`} label={t("address")} failure={failure} />
            </div>
          ))}
          <CheckboxField name={"relativesUndertaking.pledged"} label={t("pledge")} failure={failure} />
        </fieldset>
        {/* Các trường của plugin: the fields the tenant's enabled plugins add, from GET /api/t/{tenant}/plugins/fields. */}
        <PluginFields fields={loaderData.pluginFields} failure={failure} />
        <div className="actions">
          <button type="submit" name="intent" value="submit" className="button-primary" disabled={busy}>
            {t("saveAndSubmit")}
          </button>
          <button type="submit" name="intent" value="draft" disabled={busy}>
            {t("saveDraft")}
          </button>
        </div>
      </Form>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
