import { data, Form, useNavigation } from "react-router"
import { langFromCookie } from "../i18n/language.ts"
import { messages, translator } from "../i18n/messages.ts"
import { type ApiErrorBody, callApi, failureResponse } from "../server/api.server.ts"
import { formValues, invalid, refused } from "../server/forms.server.ts"
import { passwordRefused, passwordsDiffer } from "../server/passwords.server.ts"
import { qrPath } from "../server/qr-code.server.ts"
import { requireUser } from "../server/session.server.ts"
import { FormError, isFormFailure, TextField } from "../ui/form.tsx"
import { useT } from "../ui/i18n.tsx"
import { NewPasswordFields } from "../ui/new-password-fields.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/account"

/**
 * Tài khoản: one's own password, the second factor (enrolment with a QR code drawn on the server,
 * then a code to confirm it) and signing out on every device.
 */

export const meta: Route.MetaFunction = () => [{ title: "Tài khoản — Account" }]

export const loader = ({ context }: Route.LoaderArgs) => {
  const user = requireUser(context)
  return {
    displayName: user.displayName,
    username: user.username,
    totpEnrolled: user.totpEnrolled,
    totpEnrolmentRequired: user.totpEnrolmentRequired,
  }
}

type Enrolment = {
  readonly step: "confirm"
  readonly secret: string
  readonly uri: string
  readonly qr: { size: number; path: string }
}

/**
 * The API answers 401 when the session ended, and also when the current password asked for
 * again is wrong: then the session goes on, and the page says so beside the field.
 */
const sessionEnded = (result: { status: number; error: ApiErrorBody }) =>
  result.status === 401 && result.error.code !== "invalid_credentials"

export const action = async ({ request, context }: Route.ActionArgs) => {
  const lang = langFromCookie(request.headers.get("cookie"))
  const t = translator(lang)
  const form = await request.formData()
  const values = formValues(form)
  if (values.intent === "password") {
    // Tells the page which form the refusal belongs to.
    const kept = { intent: "password" }
    const differ = passwordsDiffer(request, values, kept)
    if (differ !== undefined) return differ
    const result = await callApi(context, request, "POST", "/api/auth/password", {
      currentPassword: values.currentPassword ?? "",
      newPassword: values.newPassword ?? "",
    })
    if (!result.ok && sessionEnded(result)) throw failureResponse(request, result)
    if (!result.ok && result.error.code === "invalid_credentials")
      return invalid({ currentPassword: result.error.message[lang] }, kept)
    if (!result.ok) return passwordRefused(request, result.error, result.status, kept)
    return { step: "password-changed" as const }
  }
  if (values.intent === "start") {
    const result = await callApi<{ uri: string; secret: string }>(
      context,
      request,
      "POST",
      "/api/auth/totp/enrolment",
      values.currentPassword ? { currentPassword: values.currentPassword } : {},
    )
    if (!result.ok && sessionEnded(result)) throw failureResponse(request, result)
    if (!result.ok && result.error.code === "invalid_credentials")
      return invalid({ currentPassword: result.error.message[lang] }, {})
    if (!result.ok) return refused(request, result.error, result.status, {})
    return {
      step: "confirm",
      secret: result.data.secret,
      uri: result.data.uri,
      qr: qrPath(result.data.uri),
    } satisfies Enrolment
  }
  if (values.intent === "confirm") {
    const code = (values.code ?? "").replace(/\s+/g, "")
    // The same key stays on the page, so a mistyped code can be typed again.
    const again = (message: { vi: string; en: string }, status: number) =>
      data(
        {
          step: "confirm" as const,
          secret: values.secret ?? "",
          uri: values.uri ?? "",
          qr: (values.uri ?? "") === "" ? { size: 0, path: "" } : qrPath(values.uri ?? ""),
          failure: { fieldErrors: { code: message[lang] }, formError: message, values: {} },
        },
        { status },
      )
    // A code that is not six digits is said so here: the API's answer would only say "not valid".
    if (!/^\d{6}$/.test(code)) return again(messages.totpRequired, 400)
    const result = await callApi(context, request, "POST", "/api/auth/totp/confirm", { code })
    if (!result.ok && result.status === 401) throw failureResponse(request, result)
    if (!result.ok) return again(result.error.message, result.status)
    return { step: "done" as const, message: t("enrolmentDone") }
  }
  throw Response.json({ error: { code: "unknown_step" } }, { status: 400 })
}

export default function Account({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const busy = useNavigation().state === "submitting"
  // The password form's refusal shows on the password form, the rest on the second factor's.
  const passwordFailure = isFormFailure(actionData) && actionData.values.intent === "password" ? actionData : undefined
  const failure = isFormFailure(actionData)
    ? passwordFailure === undefined
      ? actionData
      : undefined
    : actionData !== undefined && "failure" in actionData
      ? actionData.failure
      : undefined
  const enrolment =
    actionData !== undefined && "step" in actionData && actionData.step === "confirm" ? actionData : null
  const done = actionData !== undefined && "step" in actionData && actionData.step === "done"
  const passwordChanged = actionData !== undefined && "step" in actionData && actionData.step === "password-changed"
  return (
    <>
      <h1>{t("account")}</h1>
      <dl className="summary">
        <dt>{t("fullName")}</dt>
        <dd>{loaderData.displayName}</dd>
        <dt>{t("username")}</dt>
        <dd>{loaderData.username}</dd>
        <dt>{t("secondFactor")}</dt>
        <dd>{loaderData.totpEnrolled || done ? t("enrolled") : t("notEnrolled")}</dd>
      </dl>
      {loaderData.totpEnrolmentRequired && !done ? (
        <p className="alert alert-info" role="status">
          {t("enrolmentRequired")}
        </p>
      ) : null}
      {done ? (
        <p className="alert alert-ok" role="status">
          {t("enrolmentDone")}
        </p>
      ) : null}
      <section className="step" aria-labelledby="password-heading">
        <h2 id="password-heading">{t("changePassword")}</h2>
        {passwordChanged ? (
          <p className="alert alert-ok" role="status">
            {t("passwordChanged")}
          </p>
        ) : null}
        <FormError failure={passwordFailure} />
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="password" />
          <TextField
            name="currentPassword"
            id="password-current"
            label={t("currentPassword")}
            type="password"
            autoComplete="current-password"
            failure={passwordFailure}
            required
          />
          <NewPasswordFields failure={passwordFailure} />
          <button type="submit" className="button-primary" disabled={busy}>
            {t("changePassword")}
          </button>
        </Form>
      </section>
      <section className="step" aria-labelledby="totp-heading">
        <h2 id="totp-heading">{t("secondFactor")}</h2>
        <FormError failure={failure} />
        {enrolment === null ? (
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="start" />
            {loaderData.totpEnrolled ? (
              <TextField
                name="currentPassword"
                label={t("currentPassword")}
                type="password"
                autoComplete="current-password"
                failure={failure}
              />
            ) : null}
            <button type="submit" className="button-primary" disabled={busy}>
              {loaderData.totpEnrolled ? t("replaceEnrolment") : t("startEnrolment")}
            </button>
          </Form>
        ) : (
          <Form method="post" className="form">
            <p>{t("scanQr")}</p>
            {enrolment.qr.size === 0 ? null : (
              <svg
                className="qr"
                viewBox={`0 0 ${enrolment.qr.size} ${enrolment.qr.size}`}
                role="img"
                aria-label={t("qrCode")}
                shapeRendering="crispEdges"
                width="224"
                height="224"
              >
                <rect width="100%" height="100%" fill="#fff" />
                <path d={enrolment.qr.path} fill="#000" />
              </svg>
            )}
            <p>
              {t("secretKey")}: <code className="secret">{enrolment.secret}</code>
            </p>
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="secret" value={enrolment.secret} />
            <input type="hidden" name="uri" value={enrolment.uri} />
            <TextField
              name="code"
              label={t("code")}
              failure={failure}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
            />
            <button type="submit" className="button-primary" disabled={busy}>
              {t("confirm")}
            </button>
          </Form>
        )}
      </section>
      <section className="step" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("signOutEverywhere")}</h2>
        <Form method="post" action="/sign-out">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit">{t("signOutEverywhere")}</button>
        </Form>
      </section>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
