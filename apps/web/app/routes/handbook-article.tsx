import { Link } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { apiData } from "../server/api.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { useT } from "../ui/i18n.tsx"
import { Markdown } from "../ui/markdown.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/handbook-article"

/** One article of the handbook, its newest version. */

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData?.article.title ?? "Cẩm nang — Handbook" },
]

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  requireCapability(context, "handbook.read")
  return apiData<{ article: { slug: string; version: number; title: string; body: string; publishedAt: string } }>(
    context,
    request,
    tenantApi(context, `/handbook/${encodeURIComponent(params.slug)}`),
  )
}

export default function HandbookArticle({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const { article } = loaderData
  return (
    <article>
      <p>
        <Link to="/handbook">← {t("handbook")}</Link>
      </p>
      <h1>{article.title}</h1>
      <p className="help">
        {t("version")} {article.version} · {formatInstant(article.publishedAt)}
      </p>
      <Markdown text={article.body} />
    </article>
  )
}

export const ErrorBoundary = RouteErrorBoundary
