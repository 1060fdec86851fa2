import { Form, Link, redirect, useNavigation } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { translator } from "../i18n/messages.ts"
import { configForm, configFromForm, fieldOfIssue, formValuesOf } from "../plugin-config.ts"
import { afterCall, withNotice } from "../server/admin.server.ts"
import { apiData, callApi, failureResponse } from "../server/api.server.ts"
import { formValues, issueText } from "../server/forms.server.ts"
import type { DeliveryPage, PluginIncident, TenantPlugin } from "../server/plugins.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { ConfigFields } from "../ui/config-form.tsx"
import { DataTable } from "../ui/data-table.tsx"
import { CheckboxField, FormError, type FormFailure, isFormFailure } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { DeliveryTable, PluginStateBadge } from "../ui/plugin-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-plugin"

/**
 * Một phần mở rộng: what it is and does, its configuration through a form generated from its
 * config's JSON Schema (install, or save a new config), enable, disable, upgrade, remove, and what
 * went wrong with it here: its incidents and its parked deliveries, each retried on a click.
 */

export const meta: Route.MetaFunction = () => [{ title: "Phần mở rộng — Plugin" }]

const pluginPath = (id: string, rest = "") => `/plugins/${encodeURIComponent(id)}${rest}`

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  requireCapability(context, "plugin.manage")
  const id = encodeURIComponent(params.pluginId)
  const [{ plugin }, { incidents }, parked] = await Promise.all([
    apiData<{ plugin: TenantPlugin }>(context, request, tenantApi(context, pluginPath(params.pluginId))),
    apiData<{ incidents: ReadonlyArray<PluginIncident> }>(
      context,
      request,
      tenantApi(context, `/plugins/incidents?pluginId=${id}&limit=20`),
    ),
    apiData<DeliveryPage>(
      context,
      request,
      tenantApi(context, `/plugins/deliveries?status=parked&pluginId=${id}&limit=50`),
    ),
  ])
  const nodes = configForm(plugin.configSchema)
  return {
    plugin,
    nodes,
    stored: formValuesOf(nodes, plugin.installation?.config ?? {}),
    incidents,
    parked: parked.deliveries,
    notice: new URL(request.url).searchParams.get("notice"),
  }
}

export const action = async ({ request, context, params }: Route.ActionArgs) => {
  requireCapability(context, "plugin.manage")
  const t = translator(langFromCookie(request.headers.get("cookie")))
  const form = formValues(await request.formData())
  const intent = form.intent ?? ""
  const path = tenantApi(context, pluginPath(params.pluginId))
  switch (intent) {
    case "configure": {
      const { plugin } = await apiData<{ plugin: TenantPlugin }>(context, request, path)
      const nodes = configForm(plugin.configSchema)
      const parsed = configFromForm(nodes, form)
      const values = { ...parsed.values, intent, ...(form.enabled === undefined ? {} : { enabled: "on" }) }
      if (Object.keys(parsed.errors).length > 0) {
        const fieldErrors = Object.fromEntries(Object.entries(parsed.errors).map(([name, key]) => [name, t(key)]))
        return { fieldErrors, values } satisfies FormFailure
      }
      const result = await callApi(context, request, "PUT", path, {
        config: parsed.config,
        ...(plugin.installation === null ? { enabled: form.enabled !== undefined } : {}),
      })
      if (result.ok) return redirect(withNotice(request, "configSaved"))
      if (result.status === 401) throw failureResponse(request, result)
      // The API names each wrong part of the config by its path: shown beside that control.
      const lang = langFromCookie(request.headers.get("cookie"))
      const fieldErrors: Record<string, string> = {}
      for (const issue of result.error.details?.issues ?? []) {
        fieldErrors[fieldOfIssue(nodes, issue.path)] ??= issueText(lang, issue.message)
      }
      const formError =
        fieldErrors._form === undefined && Object.keys(fieldErrors).length > 0 ? undefined : result.error.message
      delete fieldErrors._form
      return { ...(formError === undefined ? {} : { formError }), fieldErrors, values } satisfies FormFailure
    }
    case "enable":
    case "disable":
    case "upgrade":
      return afterCall(
        request,
        await callApi(context, request, "POST", `${path}/${intent}`, intent === "upgrade" ? {} : undefined),
        form,
        () => withNotice(request, "saved"),
      )
    case "remove":
      return afterCall(request, await callApi(context, request, "DELETE", path), form, () => "/admin/plugins")
    case "retry":
      return afterCall(
        request,
        await callApi(
          context,
          request,
          "POST",
          tenantApi(context, `/plugins/deliveries/${encodeURIComponent(form.deliveryId ?? "")}/retry`),
        ),
        form,
        () => withNotice(request, "retried"),
      )
    default:
      throw Response.json({ error: { code: "bad_request" } }, { status: 400 })
  }
}

export default function AdminPlugin({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const { plugin, nodes, stored, incidents, parked, notice } = loaderData
  const failure = isFormFailure(actionData) ? actionData : undefined
  const installation = plugin.installation
  const configFailure = failure?.values.intent === "configure" ? failure : undefined
  const shown: FormFailure = configFailure ?? { fieldErrors: {}, values: stored }
  const tripFields = plugin.fields.tripRequest
  return (
    <>
      <p>
        <Link to="/admin/plugins">← {t("pluginCatalogue")}</Link>
      </p>
      <div className="page-header">
        <h1>{plugin.name[lang]}</h1>
        <PluginStateBadge plugin={plugin} />
      </div>
      <Notice notice={notice} />
      <p>{plugin.description[lang]}</p>
      <dl className="summary">
        <dt>{t("version")}</dt>
        <dd>
          {installation === null || installation.version === plugin.version
            ? plugin.version
            : `${installation.version} → ${plugin.version}`}
        </dd>
        <dt>{t("pluginCapabilities")}</dt>
        <dd>{plugin.capabilities.length === 0 ? t("noCapabilities") : plugin.capabilities.join(", ")}</dd>
        {tripFields.length === 0 ? null : (
          <>
            <dt>{t("formFields")}</dt>
            <dd>{tripFields.map((field) => field.label[lang]).join(", ")}</dd>
          </>
        )}
      </dl>

      <section className="step" aria-labelledby="config-heading">
        <h2 id="config-heading">{t("pluginConfig")}</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="configure" />
          <FormError failure={configFailure} />
          <ConfigFields nodes={nodes} shown={shown} secretsSet={installation?.secretsSet ?? []} />
          {installation === null ? (
            <CheckboxField name="enabled" label={t("enableOnInstall")} failure={configFailure} />
          ) : null}
          <button type="submit" className="button-primary" disabled={busy}>
            {installation === null ? t("install") : t("saveConfig")}
          </button>
        </Form>
      </section>

      {installation === null ? null : (
        <section className="step" aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t("pluginActions")}</h2>
          {failure !== undefined && failure.values.intent !== "configure" ? <FormError failure={failure} /> : null}
          <div className="button-row">
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value={installation.enabled ? "disable" : "enable"} />
              <button type="submit" disabled={busy}>
                {installation.enabled ? t("disable") : t("enable")}
              </button>
            </Form>
            {plugin.upgradeAvailable ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="upgrade" />
                <button type="submit" disabled={busy}>
                  {`${t("upgrade")} ${plugin.version}`}
                </button>
              </Form>
            ) : null}
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="remove" />
              <button type="submit" className="button-danger" disabled={busy} aria-describedby="remove-help">
                {t("remove")}
              </button>
            </Form>
          </div>
          <p className="help" id="remove-help">
            {t("removeHelp")}
          </p>
        </section>
      )}

      <h2>{t("adminDeliveries")}</h2>
      <DeliveryTable deliveries={parked} />

      <h2>{t("incidents")}</h2>
      <DataTable<PluginIncident>
        caption={t("incidents")}
        rows={incidents}
        rowKey={(row) => row.id}
        columns={[
          { label: t("at"), cell: (row) => formatInstant(row.at) },
          { label: t("hook"), cell: (row) => row.hook },
          { label: t("kind"), cell: (row) => row.kind },
          { label: t("description"), cell: (row) => row.message },
        ]}
      />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
