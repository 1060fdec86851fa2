import { Link } from "react-router"
import { formatDay } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { apiData } from "../server/api.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import type { InboxPage } from "../trips.ts"
import { ExportLink } from "../ui/export-link.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText, StatusBadge } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/desk-inbox"

/** Việc cần xử lý: what waits for this cell secretary, officer or approver, newest first. */

export const meta: Route.MetaFunction = () => [{ title: "Việc cần xử lý — Awaiting me" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "trip.read")
  const after = new URL(request.url).searchParams.get("after")
  const query = new URLSearchParams({ limit: "50", ...(after === null ? {} : { after }) })
  return apiData<InboxPage>(context, request, tenantApi(context, `/trips/inbox?${query}`))
}

export default function DeskInbox({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  return (
    <>
      <div className="page-header">
        <h1>{t("inbox")}</h1>
        <ExportLink list="inbox" />
      </div>
      {loaderData.items.length === 0 ? (
        <p>{t("nothingAwaits")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("member")}</th>
                <th scope="col">{t("awaiting")}</th>
                <th scope="col">{t("purpose")}</th>
                <th scope="col">{t("countries")}</th>
                <th scope="col">{t("dates")}</th>
                <th scope="col">{t("status")}</th>
              </tr>
            </thead>
            <tbody>
              {loaderData.items.map(({ trip, awaiting }) => (
                <tr key={trip.id}>
                  <td>
                    <Link to={`/desk/trips/${trip.id}`}>{trip.memberName}</Link>
                  </td>
                  <td>{awaiting.map((reason) => labelOf(lang, "awaiting", reason)).join(", ")}</td>
                  <td>{labelOf(lang, "purpose", trip.purpose)}</td>
                  <td>{countriesText(lang, trip.countries)}</td>
                  <td>
                    {formatDay(trip.plannedDeparture)} – {formatDay(trip.plannedReturn)}
                  </td>
                  <td>
                    <StatusBadge trip={trip} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {loaderData.next === null ? null : (
        <p>
          <Link to={`?after=${encodeURIComponent(loaderData.next)}`}>{t("more")}</Link>
        </p>
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
