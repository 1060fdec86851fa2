import { Form, Link } from "react-router"
import { formatDay, parseDay } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { translator } from "../i18n/messages.ts"
import { loadStatistics } from "../server/national.server.ts"
import { requireCapability } from "../server/session.server.ts"
import { loadTenantNames } from "../server/tenants.server.ts"
import { isMeasure, MEASURES } from "../statistics/national.ts"
import { isPeriod, PERIODS, shiftPeriod } from "../statistics/periods.ts"
import { DateField, SelectField } from "../ui/form.tsx"
import { useT } from "../ui/i18n.tsx"
import oversightStyles from "../ui/oversight.css?url"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { StatisticsCharts, StatisticsTable, SuppressionNote } from "../ui/statistics.tsx"
import type { Route } from "./+types/national"

/**
 * Thống kê toàn quốc: counts across tenants, without personal data — trips, members abroad now,
 * after-return reports, violations and their outcomes, by a dimension and over a period (six
 * months by month, a year by quarter, five years by year), as charts and as the table they draw.
 */

export const meta: Route.MetaFunction = () => [{ title: "Thống kê toàn quốc — National statistics" }]

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: oversightStyles }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "statistics.national")
  const url = new URL(request.url)
  const measureParam = url.searchParams.get("measure")
  const measure = isMeasure(measureParam) ? measureParam : "trips"
  const dimensions: ReadonlyArray<string> = MEASURES[measure]
  const byParam = url.searchParams.get("by") ?? ""
  const by = dimensions.includes(byParam) ? byParam : (dimensions[0] as string)
  const periodParam = url.searchParams.get("period")
  const period = isPeriod(periodParam) ? periodParam : "1y"
  const fromText = url.searchParams.get("from") ?? ""
  const from = fromText.trim() === "" ? undefined : parseDay(fromText)
  const fromError =
    from === undefined && fromText.trim() !== ""
      ? translator(langFromCookie(request.headers.get("cookie")))("invalidDate")
      : undefined
  const query = new URLSearchParams({ by })
  if (measure !== "abroad") {
    query.set("period", period)
    if (from !== undefined) query.set("from", from)
  }
  const [statistics, tenantNames] = await Promise.all([
    loadStatistics(context, request, measure, query),
    by === "tenant" ? loadTenantNames(context, request) : Promise.resolve({}),
  ])
  return { measure, by, period, fromText, fromError, statistics, tenantNames, exportQuery: `${query}` }
}

export default function National({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const { measure, by, period, fromText, fromError, statistics, tenantNames, exportQuery } = loaderData
  const periodic = measure !== "abroad"
  const shifted = (direction: -1 | 1) =>
    `?${new URLSearchParams({ measure, by, period, from: formatDay(shiftPeriod(period, statistics.from, direction)) })}`
  return (
    <>
      <div className="page-header">
        <h1>{t("national")}</h1>
        <a className="button" href={`/export/national-${measure}.xlsx?${exportQuery}`} download>
          {t("exportXlsx")}
        </a>
      </div>
      <p>
        <Link to="/national/review">{t("fiveYearReview")} →</Link>
      </p>
      <Form method="get" className="filters">
        <SelectField
          name="measure"
          label={t("measure")}
          defaultValue={measure}
          options={Object.keys(MEASURES).map((value) => ({ value, label: t(`measure_${value}` as "measure_trips") }))}
        />
        <SelectField
          name="by"
          label={t("groupedBy")}
          defaultValue={by}
          options={[...new Set(Object.values(MEASURES).flat())].map((value) => ({
            value,
            label: t(`dimension_${value}` as "dimension_purpose"),
          }))}
        />
        <SelectField
          name="period"
          label={t("period")}
          defaultValue={period}
          options={PERIODS.map((value) => ({ value, label: t(`period_${value}`) }))}
        />
        <DateField
          name="from"
          label={t("periodFrom")}
          defaultValue={fromText}
          failure={
            fromError === undefined ? undefined : { fieldErrors: { from: fromError }, values: { from: fromText } }
          }
        />
        <button type="submit">{t("show")}</button>
      </Form>
      <h2>
        {t(`measure_${measure}`)}
        {periodic
          ? ` · ${formatDay(statistics.from)} – ${formatDay(previousDay(statistics.to))}`
          : ` · ${formatDay(statistics.from)}`}
      </h2>
      {periodic ? (
        <nav className="period-nav" aria-label={t("period")}>
          <Link to={shifted(-1)}>{t("previousPeriod")}</Link>
          <Link to={shifted(1)}>{t("nextPeriod")}</Link>
        </nav>
      ) : null}
      <StatisticsCharts statistics={statistics} tenantNames={tenantNames} />
      <SuppressionNote threshold={statistics.threshold} />
      <StatisticsTable statistics={statistics} caption={t("dataTable")} tenantNames={tenantNames} />
    </>
  )
}

/** The API's periods end before their `to`; people read the last day in them. */
const previousDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)

export const ErrorBoundary = RouteErrorBoundary
