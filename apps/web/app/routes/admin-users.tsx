import { Form, Link, useNavigation } from "react-router"
import { type Account, accountState, type PasswordReset } from "../accounts.ts"
import { formatInstant } from "../i18n/dates.ts"
import { callApi, failureResponse } from "../server/api.server.ts"
import { formValues, refused } from "../server/forms.server.ts"
import { loadListPage } from "../server/lists.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { DataTable } from "../ui/data-table.tsx"
import { ExportLink } from "../ui/export-link.tsx"
import { FormError, isFormFailure, TextField } from "../ui/form.tsx"
import { useT } from "../ui/i18n.tsx"
import { ResetTokenNotice } from "../ui/reset-token.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-users"

/**
 * Tài khoản: the tenant's accounts, found by a part of the username or the name (no diacritics
 * needed), and a new one — which has no password until its holder sets one with the one-time code
 * shown here once.
 */

export const meta: Route.MetaFunction = () => [{ title: "Tài khoản — Users" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  const user = requireCapability(context, "user.read")
  const { accounts } = await loadListPage<{ accounts: ReadonlyArray<Account> }>(context, request, "users")
  return {
    accounts,
    q: new URL(request.url).searchParams.get("q") ?? "",
    canManage: user.capabilities.includes("user.manage"),
    tenant: user.homeTenant?.code ?? "",
  }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "user.manage")
  const values = formValues(await request.formData())
  const result = await callApi<{ account: Account; passwordReset: PasswordReset }>(
    context,
    request,
    "POST",
    tenantApi(context, "/users"),
    { localName: (values.localName ?? "").trim().toLowerCase(), displayName: (values.displayName ?? "").trim() },
  )
  if (result.ok) return { created: result.data }
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const created = actionData !== undefined && "created" in actionData ? actionData.created : undefined
  const { accounts, q, canManage, tenant } = loaderData
  return (
    <>
      <div className="page-header">
        <h1>{t("adminUsers")}</h1>
        <ExportLink list="users" />
      </div>
      {created === undefined ? null : (
        <ResetTokenNotice
          title={`${t("accountCreated")}: ${created.account.username}`}
          reset={created.passwordReset}
          link={`/admin/users/${created.account.id}`}
        />
      )}
      <Form method="get" className="filters" role="search">
        <TextField name="q" label={t("search")} type="search" defaultValue={q} help={t("searchUsers")} />
        <button type="submit">{t("search")}</button>
      </Form>
      <DataTable<Account>
        caption={t("adminUsers")}
        rows={accounts}
        rowKey={(account) => account.id}
        columns={[
          {
            label: t("username"),
            cell: (account) => <Link to={`/admin/users/${account.id}`}>{account.username}</Link>,
          },
          { label: t("displayName"), cell: (account) => account.displayName },
          { label: t("accountState"), cell: (account) => t(accountState(account)) },
          { label: t("secondFactor"), cell: (account) => (account.totpEnrolled ? t("yes") : t("no")) },
          { label: t("createdOn"), cell: (account) => formatInstant(account.createdAt) },
        ]}
      />
      {canManage ? (
        <section className="step" aria-labelledby="new-account-heading">
          <h2 id="new-account-heading">{t("newAccount")}</h2>
          <Form method="post" className="form" noValidate>
            <FormError failure={failure} />
            <TextField
              name="localName"
              label={t("localName")}
              help={`${t("localNameHelp")} (@${tenant})`}
              failure={failure}
              autoComplete="off"
              required
            />
            <TextField name="displayName" label={t("displayName")} failure={failure} required />
            <button type="submit" className="button-primary" disabled={busy}>
              {t("create")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
