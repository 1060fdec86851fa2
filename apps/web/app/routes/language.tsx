import { redirect } from "react-router"
import { langCookie } from "../i18n/language.ts"
import type { Route } from "./+types/language"

/** Switches the language and goes back to the page the reader was on (only a path of this site). */
export const action = async ({ request }: Route.ActionArgs) => {
  const form = await request.formData()
  const lang = form.get("lang") === "en" ? "en" : "vi"
  const next = String(form.get("next") ?? "/")
  const safeNext = next.startsWith("/") && !next.startsWith("//") ? next : "/"
  return redirect(safeNext, { headers: { "Set-Cookie": langCookie(lang) } })
}

export const loader = () => redirect("/")
