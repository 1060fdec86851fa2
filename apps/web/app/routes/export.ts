import { todayInVietnam } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { isListName, loadListSheet } from "../server/lists.server.ts"
import { currentUser, loadUser } from "../server/session.server.ts"
import { writeXlsx, XLSX_TYPE } from "../server/xlsx.server.ts"
import type { Route } from "./+types/export"

/** `/export/<list>.xlsx`: a desk list, with the filters of its page, as an Excel file. */
export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  const name = params.list.replace(/\.xlsx$/, "")
  if (!isListName(name)) throw Response.json({ error: { code: "not_found" } }, { status: 404 })
  context.set(currentUser, await loadUser(context, request))
  const sheet = await loadListSheet(context, request, name, langFromCookie(request.headers.get("cookie")))
  return new Response(new Uint8Array(writeXlsx(sheet)), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${name}-${todayInVietnam()}.xlsx"`,
      "Cache-Control": "no-store",
    },
  })
}
