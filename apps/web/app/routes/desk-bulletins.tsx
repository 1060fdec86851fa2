import { formatInstant } from "../i18n/dates.ts"
import { type BulletinSummary, loadListPage } from "../server/lists.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/desk-bulletins"

/** Thông tin chính thống: the bulletins within one's scope and how many members have read each. */

export const meta: Route.MetaFunction = () => [{ title: "Thông tin chính thống — Official information" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => ({
  page: await loadListPage<{ bulletins: ReadonlyArray<BulletinSummary>; next: string | null }>(
    context,
    request,
    "bulletins",
  ),
})

export default function DeskBulletins({ loaderData }: Route.ComponentProps) {
  const t = useT()
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
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
