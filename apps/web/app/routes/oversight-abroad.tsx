import { Form, Link } from "react-router"
import { COUNTRY_LIST_ID } from "../i18n/countries.ts"
import { formatDay } from "../i18n/dates.ts"
import { countryName, labelOf } from "../i18n/messages.ts"
import type { AbroadPage, MemberAbroad } from "../oversight.ts"
import { loadListPage } from "../server/lists.server.ts"
import { loadTenantNames } from "../server/tenants.server.ts"
import { CountryList } from "../ui/country-list.tsx"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { noticeHref, TenantFilter } from "../ui/oversight-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/oversight-abroad"

/**
 * Đảng viên đang ở nước ngoài: the members abroad now of every tenant — of one country when
 * reached from the map — with their home tenant, the trip, and the organisation abroad they
 * attend; a notice to the home tenant starts from a member's row. The API audits each read.
 */

export const meta: Route.MetaFunction = () => [{ title: "Đảng viên đang ở nước ngoài — Members abroad" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const [page, tenantNames] = await Promise.all([
    loadListPage<AbroadPage>(context, request, "oversightAbroad"),
    loadTenantNames(context, request),
  ])
  const url = new URL(request.url)
  return {
    page,
    tenantNames,
    country: (url.searchParams.get("country") ?? "").toUpperCase(),
    tenant: url.searchParams.get("tenant") ?? "",
  }
}

export default function OversightAbroad({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, country, tenant, tenantNames } = loaderData
  const title = country === "" ? t("membersAbroad") : `${t("membersAbroad")} — ${countryName(lang, country)}`
  return (
    <>
      <p>
        <Link to="/oversight">← {t("oversightMap")}</Link>
      </p>
      <div className="page-header">
        <h1>{title}</h1>
        <ExportLink list="oversightAbroad" />
      </div>
      <Form method="get" className="filters">
        <TextField name="country" label={t("countryCode")} defaultValue={country} list={COUNTRY_LIST_ID} />
        <CountryList />
        <TenantFilter tenantNames={tenantNames} defaultValue={tenant} />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<MemberAbroad>
        caption={title}
        rows={page.members}
        rowKey={(row) => row.tripId}
        columns={[
          {
            label: t("fullName"),
            cell: (row) => (
              <>
                <strong>{row.fullName}</strong>
                {row.birthDate === null ? null : <div className="help">{formatDay(row.birthDate)}</div>}
              </>
            ),
          },
          {
            label: t("tenant"),
            cell: (row) => (
              <>
                {row.tenantName}
                {row.homeUnitName === null ? null : <div className="help">{row.homeUnitName}</div>}
              </>
            ),
          },
          { label: t("purpose"), cell: (row) => labelOf(lang, "purpose", row.purpose) },
          { label: t("countries"), cell: (row) => countriesText(lang, row.countries) },
          {
            label: t("dates"),
            cell: (row) => (
              <>
                {formatDay(row.actualDeparture ?? row.plannedDeparture)} – {formatDay(row.plannedReturn)}
                {row.overdueReturnSince === null ? null : (
                  <div>
                    <span className="badge badge-danger">
                      {t("overdueSince")} {formatDay(row.overdueReturnSince)}
                    </span>
                  </div>
                )}
              </>
            ),
          },
          {
            label: t("overseasOrg"),
            cell: (row) => (
              <>
                {row.overseasOrgName ?? "—"}
                {row.arrangement === null || row.arrangement === "none" ? null : (
                  <div className="help">{labelOf(lang, "arrangement", row.arrangement)}</div>
                )}
              </>
            ),
          },
          {
            label: t("sendNotice"),
            cell: (row) => <Link to={noticeHref({ ...row, memberName: row.fullName })}>{t("sendNotice")}</Link>,
          },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
