import { Form, Link, redirect, useNavigation } from "react-router"
import { labelOf } from "../i18n/messages.ts"
import { NOTICE_KINDS, type OverseasOrg, registerOrder } from "../oversight.ts"
import { apiData, callApi, failureResponse } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import { requireCapability } from "../server/session.server.ts"
import { loadTenantNames } from "../server/tenants.server.ts"
import { FormError, isFormFailure, SelectField, TextArea } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { tenantName } from "../ui/oversight-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/oversight-notice-new"

/**
 * A notice to a member's home tenant about a member abroad (or one whose party activity was
 * transferred abroad): which member and trip come from the row it was started on; the API
 * refuses (404) a member the oversight body does not see.
 */

export const meta: Route.MetaFunction = () => [{ title: "Gửi thông báo — Send a notice" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "oversight.manage")
  const url = new URL(request.url)
  const { overseasOrgs } = await apiData<{ overseasOrgs: ReadonlyArray<OverseasOrg> }>(
    context,
    request,
    "/api/oversight/overseas-orgs",
  )
  const tenantNames = await loadTenantNames(context, request)
  return {
    tenantName: tenantName(tenantNames, url.searchParams.get("tenant") ?? ""),
    about: Object.fromEntries(
      ["tenant", "memberId", "tripId", "member"].map((name) => [name, url.searchParams.get(name) ?? ""]),
    ),
    // A change of cell names the cell the member attends now.
    orgs: registerOrder(overseasOrgs).filter((org) => org.active && org.kind === "cell"),
  }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "oversight.manage")
  const values = formValues(await request.formData())
  const result = await callApi(context, request, "POST", "/api/oversight/notices", {
    tenant: values.tenant ?? "",
    memberId: values.memberId ?? "",
    tripId: values.tripId ?? "",
    kind: values.kind ?? "",
    body: values.body ?? "",
    overseasOrgId: values.overseasOrgId === "" || values.overseasOrgId === undefined ? null : values.overseasOrgId,
  })
  if (result.ok) return redirect("/oversight/notices?sent=1")
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function OversightNoticeNew({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const { about, tenantName: tenant, orgs } = loaderData
  return (
    <>
      <p>
        <Link to="/oversight/notices">← {t("notices")}</Link>
      </p>
      <h1>{t("newNotice")}</h1>
      <dl className="summary">
        <dt>{t("member")}</dt>
        <dd>{about.member}</dd>
        <dt>{t("tenant")}</dt>
        <dd>{tenant}</dd>
      </dl>
      <Form method="post" className="form" noValidate>
        <FormError failure={failure} />
        {["tenant", "memberId", "tripId"].map((name) => (
          <input key={name} type="hidden" name={name} value={about[name] ?? ""} />
        ))}
        <SelectField
          name="kind"
          label={t("noticeKind")}
          failure={failure}
          options={NOTICE_KINDS.map((kind) => ({ value: kind, label: labelOf(lang, "noticeKind", kind) }))}
        />
        <TextArea name="body" label={t("body")} failure={failure} rows={6} required />
        <SelectField
          name="overseasOrgId"
          label={t("cellAbroad")}
          failure={failure}
          options={[
            { value: "", label: "—" },
            ...orgs.map((org) => ({ value: org.id, label: `${org.name} (${org.country})` })),
          ]}
        />
        <p className="help">{t("noticeOrgHelp")}</p>
        <button type="submit" className="button-primary" disabled={busy}>
          {t("sendNotice")}
        </button>
      </Form>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
