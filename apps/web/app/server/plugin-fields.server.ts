import type { RouterContextProvider } from "react-router"
import { parseDay } from "../i18n/dates.ts"
import type { PluginField, PluginForm } from "../plugin-fields.ts"
import { callApi } from "./api.server.ts"
import { tenantApi } from "./session.server.ts"

/** What `GET /api/t/{tenant}/plugins/fields` answers: each enabled plugin with its fields of the form. */
interface PluginFieldsAnswer {
  readonly plugins: ReadonlyArray<{
    readonly pluginId: string
    readonly fields: ReadonlyArray<Omit<PluginField, "pluginId">>
  }>
}

/**
 * The plugin fields of one form, for the tenant of the signed-in account, in the order the plugins
 * declare them. Where the API cannot answer (a role without `plugin.fields`), a form simply has none.
 */
export const loadPluginFields = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
  form: PluginForm,
): Promise<ReadonlyArray<PluginField>> => {
  const result = await callApi<PluginFieldsAnswer>(
    context,
    request,
    "GET",
    tenantApi(context, `/plugins/fields?form=${form}`),
  )
  if (!result.ok) return []
  return result.data.plugins.flatMap((plugin) =>
    plugin.fields.map((field) => ({ ...field, pluginId: plugin.pluginId })),
  )
}

/**
 * `extra.<pluginId>.<name>` inputs of a submitted form, as the API's `extra` object. The server
 * decodes each value by the plugin's Schema; here they are only given their JSON type.
 */
export const pluginValues = (
  form: FormData,
  fields: ReadonlyArray<PluginField>,
): Record<string, Record<string, unknown>> | undefined => {
  const extra: Record<string, Record<string, unknown>> = {}
  for (const field of fields) {
    const raw = form.get(`extra.${field.pluginId}.${field.name}`)
    const text = typeof raw === "string" ? raw.trim() : ""
    let value: unknown
    if (field.widget === "checkbox") value = raw !== null
    else if (text === "") continue
    else if (field.widget === "number") value = Number(text)
    else if (field.widget === "date") value = parseDay(text) ?? text
    else value = text
    extra[field.pluginId] = { ...extra[field.pluginId], [field.name]: value }
  }
  return Object.keys(extra).length === 0 ? undefined : extra
}

/**
 * Every field a trip can hold a value of (its request's and its report's), to label the values
 * the trip's `extra` keeps when the trip is shown.
 */
export const loadTripPluginFields = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
): Promise<ReadonlyArray<PluginField>> => {
  const [requestFields, reportFields] = await Promise.all([
    loadPluginFields(context, request, "tripRequest"),
    loadPluginFields(context, request, "tripReport"),
  ])
  return [...requestFields, ...reportFields]
}
