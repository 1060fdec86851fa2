import { Form, Link } from "react-router"
import { COUNTRY_LIST_ID } from "../i18n/countries.ts"
import { formatDay } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { pageOf } from "../server/api.server.ts"
import { type ListName, loadListPage } from "../server/lists.server.ts"
import { TRIP_PURPOSES, type Trip, type TripPage } from "../trips.ts"
import { CountryList } from "../ui/country-list.tsx"
import { DataTable, NextPage } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { SelectField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText, StatusBadge } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/desk-trips"

/**
 * The desk's trip lists: every trip within one's scope (with filters), members abroad now, and
 * the overdue ones (no return after the planned date, or no report by its deadline).
 */

const LIST_OF: Record<string, ListName> = {
  "/desk/trips": "trips",
  "/desk/abroad": "abroad",
  "/desk/overdue": "overdue",
}

const STATUSES = [
  "submitted",
  "cell_reviewed",
  "approved",
  "departed",
  "returned",
  "reported",
  "closed",
  "rejected",
  "withdrawn",
  "draft",
  "overdue_return",
  "report_overdue",
]

export const meta: Route.MetaFunction = () => [{ title: "Chuyến đi — Trips" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const list = LIST_OF[pageOf(request).pathname] ?? "trips"
  const page = await loadListPage<TripPage>(context, request, list)
  const url = new URL(request.url)
  return {
    list,
    page,
    filters: Object.fromEntries(
      ["status", "country", "purpose"].map((name) => [name, url.searchParams.get(name) ?? ""]),
    ),
  }
}

export default function DeskTrips({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { list, page, filters } = loaderData
  const title = t(list === "abroad" ? "abroadNow" : list === "overdue" ? "overdue" : "allTrips")
  return (
    <>
      <div className="page-header">
        <h1>{title}</h1>
        <ExportLink list={list} />
      </div>
      {list === "trips" ? (
        <Form method="get" className="filters">
          <SelectField
            name="status"
            label={t("status")}
            defaultValue={filters.status ?? ""}
            options={[
              { value: "", label: "—" },
              ...STATUSES.map((value) => ({ value, label: labelOf(lang, "status", value) })),
            ]}
          />
          <SelectField
            name="purpose"
            label={t("purpose")}
            defaultValue={filters.purpose ?? ""}
            options={[
              { value: "", label: "—" },
              ...TRIP_PURPOSES.map((value) => ({ value, label: labelOf(lang, "purpose", value) })),
            ]}
          />
          <TextField name="country" label={t("country")} defaultValue={filters.country ?? ""} list={COUNTRY_LIST_ID} />
          <CountryList />
          <button type="submit">{t("search")}</button>
        </Form>
      ) : null}
      <DataTable<Trip>
        caption={title}
        rows={page.trips}
        rowKey={(trip) => trip.id}
        columns={[
          { label: t("member"), cell: (trip) => <Link to={`/desk/trips/${trip.id}`}>{trip.memberName}</Link> },
          { label: t("purpose"), cell: (trip) => labelOf(lang, "purpose", trip.purpose) },
          { label: t("countries"), cell: (trip) => countriesText(lang, trip.countries) },
          {
            label: t("dates"),
            cell: (trip) =>
              `${formatDay(trip.actualDeparture ?? trip.plannedDeparture)} – ${formatDay(trip.actualReturn ?? trip.plannedReturn)}`,
          },
          { label: t("status"), cell: (trip) => <StatusBadge trip={trip} /> },
        ]}
      />
      <NextPage next={page.next === null ? null : { after: page.next }} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
