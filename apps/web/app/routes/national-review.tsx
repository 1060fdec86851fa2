import { Form, Link } from "react-router"
import { todayInVietnam } from "../i18n/dates.ts"
import { loadStatistics } from "../server/national.server.ts"
import { requireCapability } from "../server/session.server.ts"
import type { Measure } from "../statistics/national.ts"
import { bucketLabel } from "../statistics/periods.ts"
import { SelectField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import oversightStyles from "../ui/oversight.css?url"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { StatisticsCharts, StatisticsTable, SuppressionNote } from "../ui/statistics.tsx"
import type { Route } from "./+types/national-review"

/**
 * Tổng kết 5 năm: the five-year review the centre asks of every committee — five years, year by
 * year, of trips by purpose, after-return reports by state, violations by kind and their
 * outcomes — on one page, each with its chart, its table and its spreadsheet.
 */

export const meta: Route.MetaFunction = () => [{ title: "Tổng kết 5 năm — 5-year review" }]

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: oversightStyles }]

const SECTIONS: ReadonlyArray<readonly [Measure, string]> = [
  ["trips", "purpose"],
  ["reports", "state"],
  ["violations", "kind"],
  ["outcomes", "outcome"],
]

/** No section is by tenant, so no tenant needs a name. */
const NO_TENANT_NAMES: Readonly<Record<string, string>> = {}

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "statistics.national")
  const thisYear = Number(todayInVietnam().slice(0, 4))
  const yearParam = Number(new URL(request.url).searchParams.get("from"))
  const firstYear = Number.isInteger(yearParam) && yearParam > 1900 && yearParam <= thisYear ? yearParam : thisYear - 4
  const sections = await Promise.all(
    SECTIONS.map(async ([measure, by]) => {
      const query = new URLSearchParams({ by, period: "5y", from: `${firstYear}-01-01` })
      return { measure, query: `${query}`, statistics: await loadStatistics(context, request, measure, query) }
    }),
  )
  return { firstYear, years: Array.from({ length: 10 }, (_, i) => thisYear - 9 + i), sections }
}

export default function NationalReview({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { firstYear, years, sections } = loaderData
  return (
    <>
      <p>
        <Link to="/national">← {t("national")}</Link>
      </p>
      <h1>
        {t("fiveYearReview")} {firstYear}–{firstYear + 4}
      </h1>
      <p className="help">{t("fiveYearReviewHelp")}</p>
      <Form method="get" className="filters">
        <SelectField
          name="from"
          label={t("reviewFirstYear")}
          defaultValue={String(firstYear)}
          options={years.map((year) => ({ value: String(year), label: bucketLabel(lang, "5y", `${year}-01-01`) }))}
        />
        <button type="submit">{t("show")}</button>
      </Form>
      {sections.map(({ measure, query, statistics }) => (
        <section key={measure} className="review-section" aria-labelledby={`review-${measure}`}>
          <div className="page-header">
            <h2 id={`review-${measure}`}>{t(`measure_${measure}`)}</h2>
            <a className="button" href={`/export/national-${measure}.xlsx?${query}`} download>
              {t("exportXlsx")}
            </a>
          </div>
          <StatisticsCharts statistics={statistics} tenantNames={NO_TENANT_NAMES} />
          <StatisticsTable statistics={statistics} caption={t(`measure_${measure}`)} tenantNames={NO_TENANT_NAMES} />
        </section>
      ))}
      <SuppressionNote threshold={sections[0]?.statistics.threshold ?? 5} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
