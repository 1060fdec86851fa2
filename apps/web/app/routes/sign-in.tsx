import { Form, Link, redirect, useNavigation } from "react-router"
import { callApi } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import { FormError, isFormFailure, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { SignedOutCard } from "../ui/signed-out-card.tsx"
import type { Route } from "./+types/sign-in"

/** Đăng nhập. One form for the API's two steps: the code is needed only by an account with a second factor. */

export const meta: Route.MetaFunction = () => [{ title: "Đăng nhập — Sign in" }]

/** Only a path of this site, so a crafted link cannot send someone elsewhere after signing in. */
const safeNext = (next: string | null) => (next?.startsWith("/") && !next.startsWith("//") ? next : "/")

export const loader = ({ request }: Route.LoaderArgs) => {
  const url = new URL(request.url)
  return {
    next: safeNext(url.searchParams.get("next")),
    expired: url.searchParams.get("expired") === "1",
    signedOut: url.searchParams.get("signed-out") === "1",
    // Back from setting a password with a code: its account is the one to sign in to.
    passwordSet: url.searchParams.get("password-set") === "1",
    username: url.searchParams.get("username") ?? "",
  }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  const form = await request.formData()
  const values = formValues(form)
  const totp = (values.totp ?? "").replace(/\s+/g, "")
  const result = await callApi(context, request, "POST", "/api/auth/login", {
    username: (values.username ?? "").trim(),
    password: values.password ?? "",
    ...(totp === "" ? {} : { totp }),
  })
  // The password is never sent back into the page.
  const kept = { username: values.username ?? "" }
  if (result.ok) return redirect(safeNext(values.next ?? null))
  if (result.error.code === "totp_required") {
    return refused(
      request,
      { ...result.error, details: { issues: [{ path: ["body", "totp"], message: "" }] } },
      401,
      kept,
    )
  }
  return refused(request, result.error, result.status, kept)
}

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const failure = isFormFailure(actionData) ? actionData : undefined
  const busy = useNavigation().state === "submitting"
  const totpMissing = failure?.fieldErrors.totp !== undefined
  const shown =
    failure === undefined ? undefined : totpMissing ? { ...failure, fieldErrors: { totp: t("totpRequired") } } : failure
  return (
    <SignedOutCard title={t("signIn")}>
      {loaderData.expired ? (
        <p className="alert alert-info" role="status">
          {t("sessionExpired")}
        </p>
      ) : null}
      {loaderData.signedOut ? (
        <p className="alert alert-info" role="status">
          {t("signedOut")}
        </p>
      ) : null}
      {loaderData.passwordSet ? (
        <p className="alert alert-ok" role="status">
          {t("passwordSet")}
        </p>
      ) : null}
      {totpMissing ? null : <FormError failure={shown} />}
      <Form method="post" lang={lang}>
        <input type="hidden" name="next" value={loaderData.next} />
        <TextField
          name="username"
          label={t("username")}
          failure={shown}
          defaultValue={loaderData.username}
          autoComplete="username"
          required
        />
        <TextField
          name="password"
          label={t("password")}
          failure={shown}
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          name="totp"
          label={t("totp")}
          failure={shown}
          help={t("totpHelp")}
          autoComplete="one-time-code"
          inputMode="numeric"
        />
        <button type="submit" className="button-primary" disabled={busy}>
          {t("signIn")}
        </button>
      </Form>
      <p>
        <Link to="/set-password">{t("setPassword")}</Link>
      </p>
    </SignedOutCard>
  )
}

export const ErrorBoundary = RouteErrorBoundary
