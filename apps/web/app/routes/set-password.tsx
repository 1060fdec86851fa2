import { Form, Link, redirect, useNavigation } from "react-router"
import { langFromCookie } from "../i18n/language.ts"
import { messages } from "../i18n/messages.ts"
import { callApi } from "../server/api.server.ts"
import { formValues, invalid } from "../server/forms.server.ts"
import { passwordRefused, passwordsDiffer } from "../server/passwords.server.ts"
import { FormError, isFormFailure, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { NewPasswordFields } from "../ui/new-password-fields.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { SignedOutCard } from "../ui/signed-out-card.tsx"
import type { Route } from "./+types/set-password"

/**
 * Đặt mật khẩu bằng mã: a new account, or one whose password was forgotten, gets a one-time
 * code from its administrator in person and sets its password here, before signing in. The
 * code alone names the account; the sign-in page then opens with its username filled in.
 */

export const meta: Route.MetaFunction = () => [{ title: "Đặt mật khẩu — Set a password" }]

export const action = async ({ request, context }: Route.ActionArgs) => {
  const values = formValues(await request.formData())
  // The code is kept, so a refused password need not mean typing 52 characters again.
  const kept = { token: values.token ?? "" }
  // An empty code is said beside its field (the browser's `required` stops it first where it can).
  if ((values.token ?? "").trim() === "") {
    return invalid({ token: messages.required[langFromCookie(request.headers.get("cookie"))] }, kept)
  }
  const differ = passwordsDiffer(request, values, kept)
  if (differ !== undefined) return differ
  const result = await callApi<{ username: string }>(context, request, "POST", "/api/auth/password-reset", {
    token: (values.token ?? "").trim(),
    newPassword: values.newPassword ?? "",
  })
  if (!result.ok) return passwordRefused(request, result.error, result.status, kept)
  return redirect(`/sign-in?${new URLSearchParams({ "password-set": "1", username: result.data.username })}`)
}

export default function SetPassword({ actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const failure = isFormFailure(actionData) ? actionData : undefined
  const busy = useNavigation().state === "submitting"
  return (
    <SignedOutCard title={t("setPassword")}>
      <p>{t("setPasswordIntro")}</p>
      <FormError failure={failure} />
      <Form method="post" lang={lang}>
        <TextField name="token" label={t("resetCode")} failure={failure} autoComplete="one-time-code" required />
        <NewPasswordFields failure={failure} />
        <button type="submit" className="button-primary" disabled={busy}>
          {t("setPassword")}
        </button>
      </Form>
      <p>
        <Link to="/sign-in">{t("backToSignIn")}</Link>
      </p>
    </SignedOutCard>
  )
}

export const ErrorBoundary = RouteErrorBoundary
