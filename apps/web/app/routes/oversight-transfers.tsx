import { Form, Link } from "react-router"
import { formatDay, formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { TRANSFER_STATUSES, type Transfer, type TransferPage } from "../oversight.ts"
import { loadListPage } from "../server/lists.server.ts"
import { loadTenantNames } from "../server/tenants.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { SelectField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { TenantFilter, TransferStatusBadge, tenantName } from "../ui/oversight-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/oversight-transfers"

/**
 * Tiếp nhận chuyển sinh hoạt đảng: the transfers of party activity the tenants sent (3-SHĐ,
 * 3A-SHĐ, several at once as a 3C-SHĐ list), newest first; each opens to be accepted into an
 * organisation abroad or returned with a reason.
 */

export const meta: Route.MetaFunction = () => [{ title: "Tiếp nhận chuyển sinh hoạt đảng — Transfer intake" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const [page, tenantNames] = await Promise.all([
    loadListPage<TransferPage>(context, request, "transferIntake"),
    loadTenantNames(context, request),
  ])
  const url = new URL(request.url)
  return {
    page,
    tenantNames,
    status: url.searchParams.get("status") ?? "",
    tenant: url.searchParams.get("tenant") ?? "",
  }
}

export default function OversightTransfers({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, tenantNames, status, tenant } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("transferIntake")}</h1>
        <ExportLink list="transferIntake" />
      </div>
      <Form method="get" className="filters">
        <SelectField
          name="status"
          label={t("status")}
          defaultValue={status}
          options={[
            { value: "", label: "—" },
            ...TRANSFER_STATUSES.map((value) => ({ value, label: labelOf(lang, "transferStatus", value) })),
          ]}
        />
        <TenantFilter tenantNames={tenantNames} defaultValue={tenant} />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<Transfer>
        caption={t("transferIntake")}
        rows={page.transfers}
        rowKey={(row) => row.id}
        columns={[
          { label: t("received"), cell: (row) => formatInstant(row.createdAt) },
          {
            label: t("member"),
            cell: (row) => <Link to={`/oversight/transfers/${row.id}`}>{row.memberName}</Link>,
          },
          { label: t("tenant"), cell: (row) => tenantName(tenantNames, row.tenantCode) },
          {
            label: t("transferForm"),
            cell: (row) => `${row.form} · ${labelOf(lang, "transferKind", row.kind)}`,
          },
          { label: t("purpose"), cell: (row) => labelOf(lang, "purpose", row.purpose) },
          { label: t("countries"), cell: (row) => countriesText(lang, row.countries) },
          {
            label: t("dates"),
            cell: (row) => `${formatDay(row.plannedDeparture)} – ${formatDay(row.plannedReturn)}`,
          },
          { label: t("status"), cell: (row) => <TransferStatusBadge status={row.status} /> },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
