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
  const user = requireCapability(context, "bulletin.read")
  const feed = await apiData<{ bulletins: ReadonlyArray<FeedBulletin>; next: string | null }>(
    context,
    request,
    tenantApi(context, "/me/bulletins?limit=100"),
  )
  // Bulletins reach members (by their cell, or where they are abroad): an account tied to no
  // member's record has an empty feed, and is told why rather than shown a bare "none yet".
  return { ...feed, asMember: user.grants.some((grant) => grant.role === "member" && grant.memberId !== null) }
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
      {loaderData.bulletins.length > 0 ? null : loaderData.asMember ? (
        <p>{t("noBulletins")}</p>
      ) : (
        <p className="help">{t("bulletinsNeedMemberRecord")}</p>
      )}
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
