import { Link } from "react-router"
import { vietnameseCollator } from "../i18n/language.ts"
import type { AbroadSummary } from "../oversight.ts"
import { apiData } from "../server/api.server.ts"
import { requireCapability } from "../server/session.server.ts"
import { useLang, useT } from "../ui/i18n.tsx"
import oversightStyles from "../ui/oversight.css?url"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { WorldMap } from "../ui/world-map.tsx"
import { choroplethClasses } from "../world-map/choropleth.ts"
import { MAP_HEIGHT, MAP_WIDTH, outlinesOf } from "../world-map/world-map.server.ts"
import type { Route } from "./+types/oversight-map"

/**
 * Bản đồ: members abroad now, of every tenant, by country — a choropleth drawn on the server,
 * each country a link to its members, and beside it the same counts as a table (which also
 * reaches countries too small to click, such as Singapore).
 */

export const meta: Route.MetaFunction = () => [{ title: "Bản đồ đảng viên ở nước ngoài — Map of members abroad" }]

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: oversightStyles }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "oversight.read")
  const summary = await apiData<AbroadSummary>(context, request, "/api/oversight/abroad/summary?by=country")
  const groups = summary.groups.flatMap((group) =>
    group.key === null ? [] : [{ code: group.key, vi: group.label, en: group.labelEn, count: group.count }],
  )
  return {
    total: summary.total,
    groups,
    outlines: outlinesOf(groups.map((group) => group.code)),
    frame: { width: MAP_WIDTH, height: MAP_HEIGHT },
  }
}

const countryListHref = (code: string) => `/oversight/abroad?country=${encodeURIComponent(code)}`

export default function OversightMap({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { total, groups, outlines, frame } = loaderData
  const countries = groups
    .map((group) => ({ code: group.code, name: group[lang], count: group.count }))
    .sort((a, b) => b.count - a.count || vietnameseCollator.compare(a.name, b.name))
  const classes = choroplethClasses(countries.map((country) => country.count))
  return (
    <>
      <div className="page-header">
        <h1>{t("oversightMap")}</h1>
        <a className="button" href="/export/oversightAbroad.xlsx" download>
          {t("exportXlsx")}
        </a>
      </div>
      <p className="map-total">
        {t("membersAbroadTotal")}: <strong>{total}</strong>
      </p>
      {countries.length === 0 ? (
        <p>{t("nobodyAbroad")}</p>
      ) : (
        <>
          <p className="help">{t("mapHelp")}</p>
          <div className="map-layout">
            <WorldMap
              width={frame.width}
              height={frame.height}
              countries={countries}
              outlines={outlines}
              classes={classes}
              hrefOf={countryListHref}
            />
            <div className="table-wrap country-table">
              <table>
                <caption>{t("byCountry")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("country")}</th>
                    <th scope="col" className="number">
                      {t("memberCount")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {countries.map((country) => (
                    <tr key={country.code}>
                      <td>
                        <Link to={countryListHref(country.code)}>{country.name}</Link>
                      </td>
                      <td className="number">{country.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
