import { Form, Link, redirect, useNavigation } from "react-router"
import { countryName, labelOf } from "../i18n/messages.ts"
import type { OverseasOrg } from "../oversight.ts"
import { apiData, callApi, failureResponse } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import { requireCapability } from "../server/session.server.ts"
import { CheckboxField, FormError, isFormFailure, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/oversight-org"

/**
 * One organisation of the register: rename it, change its mission, close or reopen it, or
 * remove it while nothing refers to it (the API answers 409 otherwise, shown above the form).
 * Its kind, country and place in the tree stay as created.
 */

export const meta: Route.MetaFunction = () => [{ title: "Tổ chức đảng ở nước ngoài — Party organisation abroad" }]

const orgPath = (orgId: string) => `/api/oversight/overseas-orgs/${encodeURIComponent(orgId)}`

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  const user = requireCapability(context, "oversight.read")
  const { overseasOrg } = await apiData<{ overseasOrg: OverseasOrg }>(context, request, orgPath(params.orgId))
  return { org: overseasOrg, canManage: user.capabilities.includes("oversight.manage") }
}

export const action = async ({ request, context, params }: Route.ActionArgs) => {
  requireCapability(context, "oversight.manage")
  const values = formValues(await request.formData())
  if (values.intent === "remove") {
    const result = await callApi(context, request, "DELETE", orgPath(params.orgId))
    if (result.ok) return redirect("/oversight/organisations")
    if (result.status === 401) throw failureResponse(request, result)
    return refused(request, result.error, result.status, values)
  }
  const mission = (values.mission ?? "").trim()
  const result = await callApi(context, request, "PATCH", orgPath(params.orgId), {
    name: (values.name ?? "").trim(),
    mission: mission === "" ? null : mission,
    active: values.active !== undefined,
  })
  if (result.ok) return redirect("/oversight/organisations?includeInactive=true")
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function OversightOrg({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const sent = isFormFailure(actionData) ? actionData : undefined
  // Each form shows its own refusal: a removal refused (409, in use) beside the remove button.
  const failure = sent?.values.intent === "remove" ? undefined : sent
  const removeFailure = sent?.values.intent === "remove" ? sent : undefined
  const { org, canManage } = loaderData
  return (
    <>
      <p>
        <Link to="/oversight/organisations">← {t("overseasOrgs")}</Link>
      </p>
      <h1>{org.name}</h1>
      <dl className="summary">
        <dt>{t("kind")}</dt>
        <dd>{labelOf(lang, "overseasOrgKind", org.kind)}</dd>
        <dt>{t("country")}</dt>
        <dd>{countryName(lang, org.country)}</dd>
        <dt>{t("mission")}</dt>
        <dd>{org.mission ?? "—"}</dd>
        <dt>{t("status")}</dt>
        <dd>{t(org.active ? "orgActive" : "orgClosed")}</dd>
      </dl>
      {canManage ? (
        <>
          <section className="step" aria-labelledby="edit-org-heading">
            <h2 id="edit-org-heading">{t("editOverseasOrg")}</h2>
            <Form method="post" className="form" noValidate>
              <FormError failure={failure} />
              <input type="hidden" name="intent" value="save" />
              <TextField name="name" label={t("name")} failure={failure} defaultValue={org.name} required />
              <TextField name="mission" label={t("mission")} failure={failure} defaultValue={org.mission ?? ""} />
              <CheckboxField name="active" label={t("orgIsActive")} failure={failure} defaultChecked={org.active} />
              <button type="submit" className="button-primary" disabled={busy}>
                {t("save")}
              </button>
            </Form>
          </section>
          <section className="step" aria-labelledby="remove-org-heading">
            <h2 id="remove-org-heading">{t("remove")}</h2>
            <p className="help">{t("removeHelp")}</p>
            <FormError failure={removeFailure} />
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <button type="submit" disabled={busy}>
                {t("remove")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
