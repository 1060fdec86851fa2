import { Link } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { sortByName } from "../i18n/language.ts"
import { apiData } from "../server/api.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/handbook"

/** Cẩm nang: the handbook for members travelling privately, in Vietnamese alphabetical order of titles. */

export const meta: Route.MetaFunction = () => [{ title: "Cẩm nang — Handbook" }]

interface HandbookEntry {
  readonly slug: string
  readonly version: number
  readonly title: string
  readonly publishedAt: string
}

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "handbook.read")
  const { articles } = await apiData<{ articles: ReadonlyArray<HandbookEntry> }>(
    context,
    request,
    tenantApi(context, "/handbook?limit=200"),
  )
  return { articles: sortByName(articles, (article) => article.title) }
}

export default function Handbook({ loaderData }: Route.ComponentProps) {
  const t = useT()
  return (
    <>
      <h1>{t("handbook")}</h1>
      <ul className="cards">
        {loaderData.articles.map((article) => (
          <li key={article.slug} className="card">
            <Link to={`/handbook/${article.slug}`} className="card-link">
              <span className="card-title">{article.title}</span>
              <span className="help">
                {t("version")} {article.version} · {formatInstant(article.publishedAt)}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
