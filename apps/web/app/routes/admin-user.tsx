import { Form, Link, useNavigation } from "react-router"
import { type Account, accountState, type Grant, type PasswordReset } from "../accounts.ts"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { afterCall, withNotice } from "../server/admin.server.ts"
import { apiData, callApi, failureResponse } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import { loadOrgUnits } from "../server/org-tree.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { DataTable } from "../ui/data-table.tsx"
import { FormError, type FormFailure, isFormFailure, SelectField, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { unitOptions } from "../ui/org-units.tsx"
import { ResetTokenNotice } from "../ui/reset-token.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-user"

/**
 * Một tài khoản: its grants (a role over the whole tenant or a unit's subtree; the member role
 * names the member's record), a new grant, a revoke, and what an administrator does for a person
 * who cannot sign in: unlock, a password reset code, disable or enable.
 */

export const meta: Route.MetaFunction = () => [{ title: "Tài khoản — Account" }]

const ROLES = ["admin", "officer", "approver", "cell_secretary", "member"] as const

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  const user = requireCapability(context, "user.read")
  const path = tenantApi(context, `/users/${encodeURIComponent(params.userId)}`)
  const [{ account, grants }, units] = await Promise.all([
    apiData<{ account: Account; grants: ReadonlyArray<Grant> }>(context, request, path),
    user.capabilities.includes("org.read") ? loadOrgUnits(context, request) : Promise.resolve([]),
  ])
  return {
    account,
    grants,
    units,
    canManage: user.capabilities.includes("user.manage"),
    self: user.id === account.id,
    notice: new URL(request.url).searchParams.get("notice"),
  }
}

export const action = async ({ request, context, params }: Route.ActionArgs) => {
  requireCapability(context, "user.manage")
  const values = formValues(await request.formData())
  const path = tenantApi(context, `/users/${encodeURIComponent(params.userId)}`)
  switch (values.intent) {
    case "grant": {
      const memberId = (values.memberId ?? "").trim()
      const result = await callApi(context, request, "POST", `${path}/grants`, {
        role: values.role,
        ...(values.orgUnitId ? { orgUnitId: values.orgUnitId } : {}),
        ...(memberId === "" ? {} : { memberId }),
      })
      return afterCall(request, result, values, () => withNotice(request, "saved"))
    }
    case "revoke":
      return afterCall(
        request,
        await callApi(context, request, "DELETE", `${path}/grants/${encodeURIComponent(values.grantId ?? "")}`),
        values,
        () => withNotice(request, "saved"),
      )
    case "unlock":
      return afterCall(request, await callApi(context, request, "POST", `${path}/unlock`, {}), values, () =>
        withNotice(request, "saved"),
      )
    case "disable":
    case "enable":
      return afterCall(
        request,
        await callApi(context, request, "PATCH", path, { disabled: values.intent === "disable" }),
        values,
        () => withNotice(request, "saved"),
      )
    case "reset": {
      const result = await callApi<{ passwordReset: PasswordReset }>(
        context,
        request,
        "POST",
        `${path}/password-reset`,
        {},
      )
      if (result.ok) return { reset: result.data.passwordReset }
      if (result.status === 401) throw failureResponse(request, result)
      return refused(request, result.error, result.status, values)
    }
    default:
      throw Response.json({ error: { code: "bad_request" } }, { status: 400 })
  }
}

/** One button that posts one intent; the refusal of that intent shows above the buttons. */
const IntentButton = ({
  intent,
  label,
  busy,
  extra,
}: {
  intent: string
  label: string
  busy: boolean
  extra?: Record<string, string>
}) => (
  <Form method="post" className="inline-form">
    <input type="hidden" name="intent" value={intent} />
    {Object.entries(extra ?? {}).map(([name, value]) => (
      <input key={name} type="hidden" name={name} value={value} />
    ))}
    <button type="submit" disabled={busy}>
      {label}
    </button>
  </Form>
)

export default function AdminUser({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure: FormFailure | undefined = isFormFailure(actionData) ? actionData : undefined
  const reset = actionData !== undefined && "reset" in actionData ? actionData.reset : undefined
  const { account, grants, units, canManage, self, notice } = loaderData
  const unitName = (id: string | null) =>
    id === null ? t("wholeTenant") : (units.find((unit) => unit.id === id)?.name ?? id)
  const grantFailure = failure?.values.intent === "grant" ? failure : undefined
  const state = accountState(account)
  return (
    <>
      <p>
        <Link to="/admin/users">← {t("adminUsers")}</Link>
      </p>
      <h1>{account.displayName}</h1>
      <Notice notice={notice} />
      {reset === undefined ? null : <ResetTokenNotice title={account.username} reset={reset} />}
      <dl className="summary">
        <dt>{t("username")}</dt>
        <dd>{account.username}</dd>
        <dt>{t("accountState")}</dt>
        <dd>
          {t(state)}
          {state === "accountLocked" && account.lockedUntil !== null
            ? ` — ${t("lockedUntil")} ${formatInstant(account.lockedUntil)}`
            : ""}
        </dd>
        <dt>{t("secondFactor")}</dt>
        <dd>{account.totpEnrolled ? t("enrolled") : t("notEnrolled")}</dd>
        <dt>{t("createdOn")}</dt>
        <dd>{formatInstant(account.createdAt)}</dd>
      </dl>

      <h2>{t("grants")}</h2>
      <DataTable<Grant>
        caption={t("grants")}
        rows={grants}
        rowKey={(grant) => grant.id}
        columns={[
          { label: t("role"), cell: (grant) => labelOf(lang, "role", grant.role) },
          { label: t("scope"), cell: (grant) => unitName(grant.orgUnitId) },
          { label: t("grantedOn"), cell: (grant) => formatInstant(grant.createdAt) },
          ...(canManage
            ? [
                {
                  label: t("revoke"),
                  cell: (grant: Grant) => (
                    <IntentButton
                      intent="revoke"
                      label={`${t("revoke")}: ${labelOf(lang, "role", grant.role)}`}
                      busy={busy}
                      extra={{ grantId: grant.id }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage ? (
        <>
          {failure !== undefined && grantFailure === undefined ? <FormError failure={failure} /> : null}
          <section className="step" aria-labelledby="grant-heading">
            <h2 id="grant-heading">{t("addGrant")}</h2>
            <p className="help">{t("grantsNote")}</p>
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="grant" />
              <FormError failure={grantFailure} />
              <SelectField
                name="role"
                label={t("role")}
                failure={grantFailure}
                options={ROLES.map((role) => ({ value: role, label: labelOf(lang, "role", role) }))}
              />
              <SelectField
                name="orgUnitId"
                label={t("scope")}
                failure={grantFailure}
                options={[{ value: "", label: t("wholeTenant") }, ...unitOptions(units)]}
              />
              <TextField
                name="memberId"
                label={t("memberRecordId")}
                help={t("memberRecordIdHelp")}
                failure={grantFailure}
              />
              <button type="submit" className="button-primary" disabled={busy}>
                {t("grant")}
              </button>
            </Form>
          </section>
          <section className="step" aria-labelledby="account-actions-heading">
            <h2 id="account-actions-heading">{t("accountActions")}</h2>
            <div className="button-row">
              {state === "accountLocked" ? <IntentButton intent="unlock" label={t("unlock")} busy={busy} /> : null}
              <IntentButton intent="reset" label={t("issueReset")} busy={busy} />
              {self ? null : account.disabledAt === null ? (
                <IntentButton intent="disable" label={t("disableAccount")} busy={busy} />
              ) : (
                <IntentButton intent="enable" label={t("enableAccount")} busy={busy} />
              )}
            </div>
          </section>
        </>
      ) : null}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
