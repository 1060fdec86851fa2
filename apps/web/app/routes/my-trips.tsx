import { Link } from "react-router"
import { formatDay } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { apiData } from "../server/api.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import type { TripPage } from "../trips.ts"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText, StatusBadge } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/my-trips"

/** Chuyến đi của tôi: a member's own requests and trips, newest first, with their state. */
export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "member.self")
  const after = new URL(request.url).searchParams.get("after")
  const query = new URLSearchParams({ limit: "50", ...(after === null ? {} : { after }) })
  return apiData<TripPage>(context, request, tenantApi(context, `/me/trips?${query}`))
}

export const meta: Route.MetaFunction = () => [{ title: "Chuyến đi của tôi — My trips" }]

export default function MyTrips({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  return (
    <>
      <div className="page-header">
        <h1>{t("myTrips")}</h1>
        <Link to="/my/trips/new" className="button button-primary">
          {t("newRequest")}
        </Link>
      </div>
      {loaderData.trips.length === 0 ? (
        <p>{t("noTrips")}</p>
      ) : (
        <ul className="cards">
          {loaderData.trips.map((trip) => (
            <li key={trip.id} className="card">
              <Link to={`/my/trips/${trip.id}`} className="card-link">
                <span className="card-title">
                  {labelOf(lang, "purpose", trip.purpose)} — {countriesText(lang, trip.countries)}
                </span>
                <span>
                  {formatDay(trip.plannedDeparture)} – {formatDay(trip.plannedReturn)}
                </span>
              </Link>
              <StatusBadge trip={trip} />
            </li>
          ))}
        </ul>
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
