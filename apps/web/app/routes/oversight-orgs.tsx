import { Form, Link, redirect, useNavigation } from "react-router"
import { COUNTRY_LIST_ID } from "../i18n/countries.ts"
import { countryName, labelOf } from "../i18n/messages.ts"
import { type OverseasOrg, registerOrder } from "../oversight.ts"
import { callApi, failureResponse, pageOf } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import { loadListPage } from "../server/lists.server.ts"
import { requireCapability } from "../server/session.server.ts"
import { CountryList } from "../ui/country-list.tsx"
import { DataTable } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { FormError, isFormFailure, SelectField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import oversightStyles from "../ui/oversight.css?url"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/oversight-orgs"

/**
 * Danh bạ tổ chức đảng ở nước ngoài: the register of party organisations abroad — committees at
 * the missions and their cells — and a new one. Each opens for editing or closing.
 */

export const meta: Route.MetaFunction = () => [{ title: "Tổ chức đảng ở nước ngoài — Party organisations abroad" }]

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: oversightStyles }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const { overseasOrgs } = await loadListPage<{ overseasOrgs: ReadonlyArray<OverseasOrg> }>(
    context,
    request,
    "overseasOrgs",
  )
  const url = new URL(request.url)
  return {
    orgs: registerOrder(overseasOrgs),
    country: url.searchParams.get("country") ?? "",
    includeInactive: url.searchParams.get("includeInactive") === "true",
    canManage: requireCapability(context, "oversight.read").capabilities.includes("oversight.manage"),
  }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "oversight.manage")
  const values = formValues(await request.formData())
  const mission = (values.mission ?? "").trim()
  const result = await callApi<{ overseasOrg: OverseasOrg }>(context, request, "POST", "/api/oversight/overseas-orgs", {
    kind: values.kind,
    name: (values.name ?? "").trim(),
    country: (values.country ?? "").trim().toUpperCase(),
    parentId: values.parentId === "" || values.parentId === undefined ? null : values.parentId,
    mission: mission === "" ? null : mission,
  })
  if (result.ok) return redirect(`${pageOf(request).pathname}?country=${result.data.overseasOrg.country}`)
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function OversightOrgs({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const { orgs, country, includeInactive, canManage } = loaderData
  const committees = orgs.filter((org) => org.kind === "committee" && org.active)
  return (
    <>
      <div className="page-header">
        <h1>{t("overseasOrgs")}</h1>
        <ExportLink list="overseasOrgs" />
      </div>
      <Form method="get" className="filters">
        {/* Its own id: the form below has a `country` field too. */}
        <div className="field">
          <label htmlFor="filter-country">{t("countryCode")}</label>
          <input id="filter-country" name="country" type="text" defaultValue={country} list={COUNTRY_LIST_ID} />
          <CountryList />
        </div>
        <div className="field field-checkbox">
          <label>
            <input type="checkbox" name="includeInactive" value="true" defaultChecked={includeInactive} />{" "}
            {t("includeInactive")}
          </label>
        </div>
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<OverseasOrg>
        caption={t("overseasOrgs")}
        rows={orgs}
        rowKey={(org) => org.id}
        columns={[
          {
            label: t("name"),
            cell: (org) => (
              <span className={org.kind === "cell" ? "register-cell" : undefined}>
                <Link to={`/oversight/organisations/${org.id}`}>{org.name}</Link>
              </span>
            ),
          },
          { label: t("kind"), cell: (org) => labelOf(lang, "overseasOrgKind", org.kind) },
          { label: t("country"), cell: (org) => countryName(lang, org.country) },
          { label: t("mission"), cell: (org) => org.mission ?? "" },
          {
            label: t("status"),
            cell: (org) => (
              <span className={org.active ? "badge badge-info" : "badge badge-muted"}>
                {t(org.active ? "orgActive" : "orgClosed")}
              </span>
            ),
          },
        ]}
      />
      {canManage ? (
        <section className="step" aria-labelledby="add-org-heading">
          <h2 id="add-org-heading">{t("addOverseasOrg")}</h2>
          <Form method="post" className="form" noValidate>
            <FormError failure={failure} />
            <SelectField
              name="kind"
              label={t("kind")}
              failure={failure}
              defaultValue="cell"
              options={["committee", "cell"].map((kind) => ({
                value: kind,
                label: labelOf(lang, "overseasOrgKind", kind),
              }))}
            />
            <SelectField
              name="parentId"
              label={t("parentOrg")}
              failure={failure}
              options={[
                { value: "", label: t("noParent") },
                ...committees.map((org) => ({ value: org.id, label: `${org.name} (${org.country})` })),
              ]}
            />
            <TextField name="name" label={t("name")} failure={failure} required />
            <TextField name="country" label={t("countryCode")} failure={failure} required list={COUNTRY_LIST_ID} />
            <TextField name="mission" label={t("mission")} failure={failure} />
            <button type="submit" className="button-primary" disabled={busy}>
              {t("addOverseasOrg")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
