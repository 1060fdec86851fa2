import { Form, Link } from "react-router"
import { formatDay } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { loadListPage, type MemberSummary } from "../server/lists.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { SelectField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/desk-members"

/**
 * Đảng viên: the members within one's scope, in the API's Vietnamese name order, and a search
 * that needs no diacritics ("nguyen van a" finds "Nguyễn Văn A"), a CCCD or a party card number.
 */

export const meta: Route.MetaFunction = () => [{ title: "Đảng viên — Members" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const url = new URL(request.url)
  const page = await loadListPage<{
    members: ReadonlyArray<MemberSummary>
    next: { afterName: string; afterId: string } | null
  }>(context, request, "members")
  return { page, q: url.searchParams.get("q") ?? "", status: url.searchParams.get("status") ?? "" }
}

export default function DeskMembers({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { page, q, status } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("members")}</h1>
        <ExportLink list="members" />
      </div>
      <Form method="get" className="filters" role="search">
        <TextField name="q" label={t("search")} type="search" defaultValue={q} help={t("searchMembers")} />
        <SelectField
          name="status"
          label={t("status")}
          defaultValue={status}
          options={[
            { value: "", label: "—" },
            ...["active", "under_review", "under_investigation", "left"].map((value) => ({
              value,
              label: labelOf(lang, "memberStatus", value),
            })),
          ]}
        />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<MemberSummary>
        caption={t("members")}
        rows={page.members}
        rowKey={(member) => member.id}
        columns={[
          { label: t("fullName"), cell: (member) => <Link to={`/desk/members/${member.id}`}>{member.fullName}</Link> },
          { label: t("birthDate"), cell: (member) => formatDay(member.birthDate) },
          { label: t("orgUnit"), cell: (member) => member.orgUnitName },
          { label: t("status"), cell: (member) => labelOf(lang, "memberStatus", member.status) },
        ]}
      />
      <NextPage next={page.next} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
