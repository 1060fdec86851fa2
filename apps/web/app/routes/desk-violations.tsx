import { Form, Link } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { loadListPage, type ViolationSummary } from "../server/lists.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { SelectField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/desk-violations"

/** Vi phạm: the violation cases about members within one's scope, newest first. */

export const meta: Route.MetaFunction = () => [{ title: "Vi phạm — Violations" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const page = await loadListPage<{ violations: ReadonlyArray<ViolationSummary>; next: string | null }>(
    context,
    request,
    "violations",
  )
  return { page, status: new URL(request.url).searchParams.get("status") ?? "" }
}

export default function DeskViolations({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, status } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("violations")}</h1>
        <ExportLink list="violations" />
      </div>
      <Form method="get" className="filters">
        <SelectField
          name="status"
          label={t("status")}
          defaultValue={status}
          options={[
            { value: "", label: "—" },
            ...["open", "under_review", "closed"].map((value) => ({
              value,
              label: labelOf(lang, "violationStatus", value),
            })),
          ]}
        />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<ViolationSummary>
        caption={t("violations")}
        rows={page.violations}
        rowKey={(row) => row.id}
        columns={[
          { label: t("member"), cell: (row) => <Link to={`/desk/violations/${row.id}`}>{row.memberName}</Link> },
          { label: t("kind"), cell: (row) => labelOf(lang, "violationKind", row.kind) },
          { label: t("status"), cell: (row) => labelOf(lang, "violationStatus", row.status) },
          { label: t("outcome"), cell: (row) => (row.outcome === null ? "" : labelOf(lang, "outcome", row.outcome)) },
          { label: t("opened"), cell: (row) => formatInstant(row.openedAt) },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
