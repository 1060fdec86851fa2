import { Form } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import type { Notice, NoticePage } from "../oversight.ts"
import { loadListPage } from "../server/lists.server.ts"
import { loadTenantNames } from "../server/tenants.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { TenantFilter } from "../ui/oversight-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/oversight-notices"

/**
 * Thông báo: the notices the oversight body sent back to members' home tenants (a
 * self-assessment on return, a concern, a change of cell), newest first, and whether the
 * tenant has read each. A new one starts from a member's row (members abroad, a transfer).
 */

export const meta: Route.MetaFunction = () => [{ title: "Thông báo gửi đơn vị — Notices" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => ({
  page: await loadListPage<NoticePage>(context, request, "notices"),
  tenantNames: await loadTenantNames(context, request),
  tenant: new URL(request.url).searchParams.get("tenant") ?? "",
  sent: new URL(request.url).searchParams.get("sent") === "1",
})

export default function OversightNotices({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, tenantNames, tenant, sent } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("notices")}</h1>
        <ExportLink list="notices" />
      </div>
      {sent ? (
        <p className="alert alert-ok" role="status">
          {t("noticeSent")}
        </p>
      ) : null}
      <p className="help">{t("noticeHowTo")}</p>
      <Form method="get" className="filters">
        <TenantFilter tenantNames={tenantNames} defaultValue={tenant} />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<Notice>
        caption={t("notices")}
        rows={page.notices}
        rowKey={(row) => row.id}
        columns={[
          { label: t("sentAt"), cell: (row) => formatInstant(row.sentAt) },
          { label: t("member"), cell: (row) => row.memberName ?? "" },
          { label: t("kind"), cell: (row) => labelOf(lang, "noticeKind", row.kind) },
          {
            label: t("body"),
            cell: (row) => (
              <>
                {row.body}
                {row.overseasOrgName === null ? null : <div className="help">→ {row.overseasOrgName}</div>}
              </>
            ),
          },
          { label: t("sentBy"), cell: (row) => row.sentByName },
          {
            label: t("readAt"),
            cell: (row) =>
              row.readAt === null ? (
                <span className="badge badge-muted">{t("unread")}</span>
              ) : (
                formatInstant(row.readAt)
              ),
          },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
