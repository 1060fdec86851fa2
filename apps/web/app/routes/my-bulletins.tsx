import { Form, redirect } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { apiData, callApi, failureResponse, pageOf } from "../server/api.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/my-bulletins"

/**
 * Thông tin chính thống: the bulletins that reach this member (by their cell's place in the
 * tree, or the country of a trip under way), and the read receipt a member gives each.
 */

export const meta: Route.MetaFunction = () => [{ title: "Thông tin chính thống — Official information" }]

interface FeedBulletin {
  readonly id: string
  readonly title: string
  readonly body: string
  readonly publishedAt: string
  readonly readAt: string | null
}

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "bulletin.read")
  return apiData<{ bulletins: ReadonlyArray<FeedBulletin>; next: string | null }>(
    context,
    request,
    tenantApi(context, "/me/bulletins?limit=100"),
  )
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "bulletin.read")
  const id = encodeURIComponent(String((await request.formData()).get("bulletinId") ?? ""))
  const result = await callApi(context, request, "POST", tenantApi(context, `/me/bulletins/${id}/read`))
  if (!result.ok) throw failureResponse(request, result)
  return redirect(pageOf(request).pathname)
}

export default function MyBulletins({ loaderData }: Route.ComponentProps) {
  const t = useT()
  return (
    <>
      <h1>{t("bulletins")}</h1>
      {loaderData.bulletins.length === 0 ? <p>{t("noBulletins")}</p> : null}
      <ul className="cards">
        {loaderData.bulletins.map((bulletin) => (
          <li key={bulletin.id} className={bulletin.readAt === null ? "card card-column unread" : "card card-column"}>
            <h2>{bulletin.title}</h2>
            <p className="help">{formatInstant(bulletin.publishedAt)}</p>
            <p className="article-body">{bulletin.body}</p>
            {bulletin.readAt === null ? (
              <Form method="post">
                <input type="hidden" name="bulletinId" value={bulletin.id} />
                <button type="submit">{t("markRead")}</button>
              </Form>
            ) : (
              <p className="help">
                {t("readOn")} {formatInstant(bulletin.readAt)}
              </p>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
