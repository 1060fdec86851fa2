import { Form, Link } from "react-router"
import { formatDay, formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { TRANSFER_STATUSES, type Transfer, type TransferPage } from "../oversight.ts"
import { apiData } from "../server/api.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { SelectField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/desk-transfers"

/**
 * Hồ sơ chuyển sinh hoạt đảng đã gửi: the transfers of party activity the tenant sent to the
 * oversight body (from a trip's page), newest first, and where each stands — awaiting intake,
 * accepted into which organisation abroad, or returned with the reason.
 */

export const meta: Route.MetaFunction = () => [{ title: "Chuyển sinh hoạt đảng — Transfers sent" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "trip.read")
  const url = new URL(request.url)
  const query = new URLSearchParams({ limit: "50" })
  const status = url.searchParams.get("status") ?? ""
  if ((TRANSFER_STATUSES as ReadonlyArray<string>).includes(status)) query.set("status", status)
  const after = url.searchParams.get("after")
  if (after !== null) query.set("after", after)
  const page = await apiData<TransferPage>(context, request, tenantApi(context, `/transfers?${query}`))
  return { page, status, sent: url.searchParams.get("sent") === "1" }
}

const TONE: Record<Transfer["status"], string> = { received: "neutral", accepted: "info", returned: "danger" }

export default function DeskTransfers({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, status, sent } = loaderData
  return (
    <>
      <h1>{t("transfersSent")}</h1>
      {sent ? (
        <p className="alert alert-ok" role="status">
          {t("transferSent")}
        </p>
      ) : null}
      <p className="help">{t("transferHowTo")}</p>
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
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<Transfer>
        caption={t("transfersSent")}
        rows={page.transfers}
        rowKey={(row) => row.id}
        columns={[
          { label: t("sentAt"), cell: (row) => formatInstant(row.createdAt) },
          { label: t("member"), cell: (row) => <Link to={`/desk/trips/${row.tripId}`}>{row.memberName}</Link> },
          {
            label: t("transferForm"),
            cell: (row) => `${row.form} — ${labelOf(lang, "transferKind", row.kind)}`,
          },
          {
            label: t("countries"),
            cell: (row) =>
              `${countriesText(lang, row.countries)} (${formatDay(row.plannedDeparture)} – ${formatDay(row.plannedReturn)})`,
          },
          {
            label: t("status"),
            cell: (row) => (
              <span className={`badge badge-${TONE[row.status]}`}>{labelOf(lang, "transferStatus", row.status)}</span>
            ),
          },
          {
            label: t("transferOutcome"),
            cell: (row) =>
              row.status === "accepted"
                ? (row.assignedOverseasOrgName ?? "")
                : row.status === "returned"
                  ? (row.returnReason ?? "")
                  : "",
          },
          { label: t("decidedAt"), cell: (row) => (row.decidedAt === null ? "" : formatInstant(row.decidedAt)) },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
