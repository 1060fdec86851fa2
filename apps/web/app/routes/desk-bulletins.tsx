import { Form, redirect, useNavigation } from "react-router"
import { COUNTRY_LIST_ID } from "../i18n/countries.ts"
import { formatInstant } from "../i18n/dates.ts"
import { callApi, failureResponse, pageOf } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import { type BulletinSummary, loadListPage } from "../server/lists.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { CountryList } from "../ui/country-list.tsx"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { FormError, isFormFailure, TextArea, TextField } from "../ui/form.tsx"
import { useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/desk-bulletins"

/**
 * Thông tin chính thống: the bulletins within one's scope, how many members have read each, and
 * a new one — for the whole committee, or for members abroad in some countries.
 */

export const meta: Route.MetaFunction = () => [{ title: "Thông tin chính thống — Official information" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => ({
  page: await loadListPage<{ bulletins: ReadonlyArray<BulletinSummary>; next: string | null }>(
    context,
    request,
    "bulletins",
  ),
})

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "bulletin.publish")
  const values = formValues(await request.formData())
  const countries = (values["targets.countries"] ?? "")
    .split(/[\s,;]+/)
    .filter((code) => code !== "")
    .map((code) => code.toUpperCase())
  const result = await callApi(context, request, "POST", tenantApi(context, "/bulletins"), {
    title: (values.title ?? "").trim(),
    body: values.body ?? "",
    ...(countries.length === 0 ? {} : { targets: { countries } }),
  })
  if (result.ok) return redirect(pageOf(request).pathname)
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function DeskBulletins({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const { page } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("bulletins")}</h1>
        <ExportLink list="bulletins" />
      </div>
      <DataTable<BulletinSummary>
        caption={t("bulletins")}
        rows={page.bulletins}
        rowKey={(row) => row.id}
        columns={[
          { label: t("title"), cell: (row) => row.title },
          { label: t("published"), cell: (row) => formatInstant(row.publishedAt) },
          { label: t("reads"), cell: (row) => row.readCount },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
      <section className="step" aria-labelledby="publish-heading">
        <h2 id="publish-heading">{t("newBulletin")}</h2>
        <Form method="post" className="form" noValidate>
          <FormError failure={failure} />
          <TextField name="title" label={t("title")} failure={failure} required />
          <TextArea name="body" label={t("body")} failure={failure} rows={6} />
          <TextField
            name="targets.countries"
            label={t("targetCountries")}
            help={t("targetCountriesHelp")}
            failure={failure}
            list={COUNTRY_LIST_ID}
          />
          <CountryList />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("publish")}
          </button>
        </Form>
      </section>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
