import { Form, Link, redirect, useNavigation } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import type { Notice, NoticePage } from "../oversight.ts"
import { apiData, callApi, failureResponse, pageOf } from "../server/api.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { SelectField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/desk-notices"

/**
 * Thông báo của Đảng ủy Bộ Ngoại giao: what the oversight body sends back about the tenant's
 * members abroad (a self-assessment on return, a concern, a change of cell), newest first, and
 * the receipt the tenant gives each — reading one is audited. The unread ones can be listed alone.
 */

export const meta: Route.MetaFunction = () => [{ title: "Thông báo của Đảng ủy Bộ Ngoại giao — Notices" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const user = requireCapability(context, "notice.read")
  const url = new URL(request.url)
  const query = new URLSearchParams({ limit: "50" })
  const unread = url.searchParams.get("unread") === "true"
  if (unread) query.set("unread", "true")
  const after = url.searchParams.get("after")
  if (after !== null) query.set("after", after)
  const page = await apiData<NoticePage>(context, request, tenantApi(context, `/notices?${query}`))
  return {
    page,
    unread,
    canReadMembers: user.capabilities.includes("member.read"),
    canReadTrips: user.capabilities.includes("trip.read"),
  }
}

/** Đánh dấu đã đọc: the receipt, then back to the same list (its filter and page kept). */
export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "notice.read")
  const id = encodeURIComponent(String((await request.formData()).get("noticeId") ?? ""))
  const result = await callApi(context, request, "POST", tenantApi(context, `/notices/${id}/read`))
  if (!result.ok) throw failureResponse(request, result)
  const page = pageOf(request)
  return redirect(`${page.pathname}${page.search}`)
}

export default function DeskNotices({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const { page, unread, canReadMembers, canReadTrips } = loaderData
  return (
    <>
      <h1>{t("noticesFromOversight")}</h1>
      <Form method="get" className="filters">
        <SelectField
          name="unread"
          label={t("show")}
          defaultValue={unread ? "true" : ""}
          options={[
            { value: "", label: t("allNotices") },
            { value: "true", label: t("unread") },
          ]}
        />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<Notice>
        caption={t("noticesFromOversight")}
        rows={page.notices}
        rowKey={(row) => row.id}
        columns={[
          { label: t("sentAt"), cell: (row) => formatInstant(row.sentAt) },
          {
            label: t("member"),
            cell: (row) =>
              canReadMembers ? (
                <Link to={`/desk/members/${row.memberId}`}>{row.memberName ?? ""}</Link>
              ) : (
                (row.memberName ?? "")
              ),
          },
          { label: t("kind"), cell: (row) => labelOf(lang, "noticeKind", row.kind) },
          {
            label: t("body"),
            cell: (row) => (
              <>
                <span className="report-text">{row.body}</span>
                {row.overseasOrgName === null ? null : <div className="help">→ {row.overseasOrgName}</div>}
                {canReadTrips ? (
                  <div>
                    <Link to={`/desk/trips/${row.tripId}`}>{t("viewTrip")}</Link>
                  </div>
                ) : null}
              </>
            ),
          },
          { label: t("sentBy"), cell: (row) => row.sentByName },
          {
            label: t("readOn"),
            cell: (row) =>
              row.readAt === null ? (
                <Form method="post">
                  <input type="hidden" name="noticeId" value={row.id} />
                  <span className="badge badge-danger">{t("unread")}</span>{" "}
                  <button type="submit" disabled={busy}>
                    {t("markRead")}
                  </button>
                </Form>
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
