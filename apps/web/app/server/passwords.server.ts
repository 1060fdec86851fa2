import { data } from "react-router"
import { langFromCookie } from "../i18n/language.ts"
import { translator } from "../i18n/messages.ts"
import type { FormFailure } from "../ui/form.tsx"
import type { ApiErrorBody } from "./api.server.ts"
import { invalid, refused } from "./forms.server.ts"

/**
 * The two password forms (setting one with a code, changing one's own): the new password typed
 * twice, and the API's policy refusal shown beside it. Passwords are never sent back into the page.
 */

/** The repeated password differs: refused here, before the API is asked. */
export const passwordsDiffer = (request: Request, values: Record<string, string>, kept: Record<string, string>) => {
  if ((values.newPassword ?? "") === (values.repeatPassword ?? "")) return undefined
  const t = translator(langFromCookie(request.headers.get("cookie")))
  return invalid({ repeatPassword: t("passwordsDiffer") }, kept)
}

/**
 * The API's refusal. A weak password's issues name the broken rules by code (`too_short`, …);
 * its message says them in both languages, so the page's half goes beside the new password.
 */
export const passwordRefused = (
  request: Request,
  error: ApiErrorBody,
  status: number,
  kept: Record<string, string>,
) => {
  if (error.code !== "weak_password") return refused(request, error, status, kept)
  const lang = langFromCookie(request.headers.get("cookie"))
  return data({ fieldErrors: { newPassword: error.message[lang] }, values: kept } satisfies FormFailure, { status })
}
