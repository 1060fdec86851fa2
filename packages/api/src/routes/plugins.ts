import {
  enabledPlugins,
  enabledTarget,
  installPlugin,
  PLUGIN_FORMS,
  PluginFailed,
  PluginHost,
  PluginNotFound,
  pluginIncidents,
  redactSecrets,
  removePlugin,
  setPluginEnabled,
  type TenantPlugin,
  tenantPlugin,
  tenantPlugins,
  upgradePlugin,
} from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Instant, PageLimit, TenantCode } from "./schemas.ts"

/**
 * The tenant's plugins: the workspace catalogue with this tenant's installation state, and the
 * installation's lifecycle — install or configure (PUT, config validated by the plugin's own
 * schema), enable, disable, upgrade, remove — each audited. The fields a form gets from the
 * tenant's enabled plugins, the incidents of plugins that failed here, and the plugins' reports.
 */

const Bilingual = Schema.Struct({ vi: Schema.String, en: Schema.String })
const JsonObject = Schema.Record(Schema.String, Schema.Unknown)
const PluginId = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)).annotate({
  description: "The plugin's id (kebab-case)",
})

const FieldDescription = Schema.Struct({
  name: Schema.String,
  label: Bilingual,
  help: Schema.optionalKey(Bilingual),
  required: Schema.Boolean,
  widget: Schema.String.annotate({
    description: "text, textarea, date, select, checkbox, number, country, phone, email",
  }),
  options: Schema.optionalKey(Schema.Array(Schema.Struct({ value: Schema.String, label: Bilingual }))),
  purposes: Schema.optionalKey(
    Schema.Array(Schema.String).annotate({ description: "Shown and required only for these trip purposes" }),
  ),
  jsonSchema: JsonObject.annotate({ description: "What the server accepts, as JSON Schema" }),
}).annotate({ identifier: "PluginField" })

const Installation = Schema.Struct({
  version: Schema.String,
  enabled: Schema.Boolean,
  config: JsonObject.annotate({
    description: "The config without its secrets (what the schema marks `writeOnly`): those are never answered",
  }),
  secretsSet: Schema.Array(Schema.String).annotate({
    description:
      "The secrets that hold a value (`mail.auth.pass`); a config sent without one keeps it, `null` removes it",
  }),
  installedAt: Instant,
  updatedAt: Instant,
})

const PluginSchema = Schema.Struct({
  id: Schema.String,
  version: Schema.String.annotate({ description: "The version the platform has" }),
  name: Bilingual,
  description: Bilingual,
  capabilities: Schema.Array(Schema.String),
  configSchema: JsonObject.annotate({ description: "The config's JSON Schema" }),
  rules: Schema.Array(Schema.String),
  fields: Schema.Struct({
    tripRequest: Schema.Array(FieldDescription),
    tripReport: Schema.Array(FieldDescription),
    member: Schema.Array(FieldDescription),
  }),
  events: Schema.Array(Schema.String),
  routes: Schema.Array(
    Schema.Struct({ method: Schema.String, path: Schema.String, access: Schema.String, summary: Schema.String }),
  ),
  jobs: Schema.Array(Schema.Struct({ id: Schema.String, schedule: JsonObject })),
  reports: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      title: Bilingual,
      columns: Schema.Array(Schema.Struct({ key: Schema.String, label: Bilingual })),
    }),
  ),
  installation: Schema.NullOr(Installation).annotate({
    description: "This tenant's installation; null: not installed",
  }),
  upgradeAvailable: Schema.Boolean,
}).annotate({ identifier: "TenantPlugin" })

/** The plugin as the API shows it: the installation's secrets never leave the server. */
const answer = (plugin: TenantPlugin) => ({
  ...plugin.manifest,
  installation:
    plugin.installation === null
      ? null
      : { ...plugin.installation, ...redactSecrets(plugin.installation.config, plugin.manifest.configSchema) },
  upgradeAvailable: plugin.upgradeAvailable,
})

const PluginAnswer = Schema.Struct({ plugin: PluginSchema })
const TENANT = Schema.Struct({ tenantCode: TenantCode })
const ONE = Schema.Struct({ tenantCode: TenantCode, pluginId: PluginId })

/** What the audit log keeps: the version, the state and the names of the config's keys — never their values (secrets). */
const auditPlugin = (context: RequestContext, action: string, plugin: TenantPlugin) =>
  auditByActor(context, {
    action,
    entityType: "plugin",
    entityId: plugin.manifest.id,
    details: {
      version: plugin.installation?.version ?? plugin.manifest.version,
      enabled: plugin.installation?.enabled ?? false,
      configKeys: Object.keys(plugin.installation?.config ?? {}),
    },
  })

/** After a change the tenant's worker of the plugin is ended; the next call loads the new state. */
const resetWorker = (context: RequestContext, pluginId: string) =>
  Effect.flatMap(PluginHost, (host) => host.reset(context.tenant?.id ?? "", pluginId))

export const listPluginsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/plugins",
  operationId: "listPlugins",
  summary: "Phần mở rộng — the plugins, and which this tenant installed",
  description:
    "Every workspace plugin the platform has, with what it declares (capabilities, config schema, rules, fields, " +
    "routes, jobs, reports) and this tenant's installation: its version, config and whether it is enabled.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: TENANT,
  success: {
    status: 200,
    description: "The catalogue",
    schema: Schema.Struct({ plugins: Schema.Array(PluginSchema) }),
  },
  errors: [404, 503],
  handler: ({ context }) =>
    inTenant(context, tenantPlugins).pipe(Effect.map((plugins) => ({ plugins: plugins.map(answer) }))),
})

export const pluginFieldsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/plugins/fields",
  operationId: "listPluginFields",
  summary: "Trường biểu mẫu của phần mở rộng — the extra fields of a form",
  description:
    "The fields the tenant's enabled plugins add to a form, as the web app renders them: send their values under " +
    "`extra.<pluginId>.<name>`. With `purpose`, only the fields that apply to a trip of that purpose.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.fields" },
  params: TENANT,
  query: Schema.Struct({
    form: Schema.Literals(PLUGIN_FORMS),
    purpose: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(50))),
  }),
  success: {
    status: 200,
    description: "The fields, by plugin",
    schema: Schema.Struct({
      plugins: Schema.Array(
        Schema.Struct({ pluginId: Schema.String, name: Bilingual, fields: Schema.Array(FieldDescription) }),
      ),
    }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, enabledPlugins).pipe(
      Effect.map((plugins) => ({
        plugins: plugins
          .map((plugin) => ({
            pluginId: plugin.manifest.id,
            name: plugin.manifest.name,
            fields: plugin.manifest.fields[query.form].filter(
              (field) =>
                query.purpose === undefined || field.purposes === undefined || field.purposes.includes(query.purpose),
            ),
          }))
          .filter((plugin) => plugin.fields.length > 0),
      })),
    ),
})

export const pluginIncidentsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/plugins/incidents",
  operationId: "listPluginIncidents",
  summary: "Sự cố của phần mở rộng — plugins that failed in this tenant",
  description:
    "Newest first: the plugin, its version, the hook (`trip.validate`, `event:trip.approved`, `route:POST /records`), " +
    "how it failed (throw, timeout, crash, capability, invalid) and the detail.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: TENANT,
  query: Schema.Struct({ pluginId: Schema.optionalKey(PluginId), limit: PageLimit }),
  success: {
    status: 200,
    description: "The incidents",
    schema: Schema.Struct({
      incidents: Schema.Array(
        Schema.Struct({
          id: Schema.String,
          pluginId: Schema.String,
          pluginVersion: Schema.String,
          hook: Schema.String,
          kind: Schema.String,
          message: Schema.String,
          at: Instant,
        }).annotate({ identifier: "PluginIncident" }),
      ),
    }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, pluginIncidents({ pluginId: query.pluginId, limit: query.limit ?? 50 })).pipe(
      Effect.map((incidents) => ({ incidents })),
    ),
})

export const pluginReportsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/plugins/reports",
  operationId: "listPluginReports",
  summary: "Báo cáo của phần mở rộng — the reports the tenant's plugins define",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.use" },
  params: TENANT,
  success: {
    status: 200,
    description: "The reports",
    schema: Schema.Struct({
      reports: Schema.Array(
        Schema.Struct({
          pluginId: Schema.String,
          id: Schema.String,
          title: Bilingual,
          columns: Schema.Array(Schema.Struct({ key: Schema.String, label: Bilingual })),
        }),
      ),
    }),
  },
  errors: [404, 503],
  handler: ({ context }) =>
    inTenant(context, enabledPlugins).pipe(
      Effect.map((plugins) => ({
        reports: plugins.flatMap((plugin) =>
          plugin.manifest.reports.map((report) => ({ pluginId: plugin.manifest.id, ...report })),
        ),
      })),
    ),
})

export const getPluginRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/plugins/{pluginId}",
  operationId: "getPlugin",
  summary: "Một phần mở rộng — one plugin and this tenant's installation",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: ONE,
  success: { status: 200, description: "The plugin", schema: PluginAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, tenantPlugin(params.pluginId)).pipe(Effect.map((plugin) => ({ plugin: answer(plugin) }))),
})

export const installPluginRoute = defineRoute({
  method: "put",
  path: "/api/t/{tenantCode}/plugins/{pluginId}",
  operationId: "installPlugin",
  summary: "Cài đặt hoặc cấu hình phần mở rộng — install or configure a plugin",
  description:
    "Installs the plugin in this tenant (disabled unless `enabled: true`), or replaces its config. A secret " +
    "(`writeOnly` in the config schema) left out keeps its stored value; `null` removes it. The config is " +
    "validated by the plugin's own schema: refused with 400 and the path of each wrong field (`body.config.…`). " +
    "Audited as `plugin.installed` or `plugin.configured` (the config's keys, never its values).",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: ONE,
  body: Schema.Struct({ config: JsonObject, enabled: Schema.optionalKey(Schema.Boolean) }).annotate({
    identifier: "PluginInstallation",
  }),
  success: { status: 200, description: "The plugin", schema: PluginAnswer },
  errors: [404, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const { action, before, after } = yield* installPlugin({
          pluginId: params.pluginId,
          config: body.config,
          enabled: body.enabled,
          userId: actorOf(context).userId,
        })
        yield* auditPlugin(context, `plugin.${action}`, after)
        if (before !== undefined && body.enabled !== undefined && before.enabled !== body.enabled) {
          yield* auditPlugin(context, body.enabled ? "plugin.enabled" : "plugin.disabled", after)
        }
        yield* resetWorker(context, params.pluginId)
        return { plugin: answer(after) }
      }),
    ),
})

const toggle = (enabled: boolean) =>
  defineRoute({
    method: "post",
    path: `/api/t/{tenantCode}/plugins/{pluginId}/${enabled ? "enable" : "disable"}`,
    operationId: enabled ? "enablePlugin" : "disablePlugin",
    summary: enabled
      ? "Bật phần mở rộng — enable a plugin in this tenant"
      : "Tắt phần mở rộng — disable a plugin in this tenant",
    description: enabled
      ? "From now on its rules, fields, events, routes, jobs and reports run for this tenant. Audited."
      : "None of its hooks runs for this tenant any more; its fields are refused on new forms. Audited.",
    tags: ["plugins"],
    access: { kind: "tenant", capability: "plugin.manage" },
    params: ONE,
    success: { status: 200, description: "The plugin", schema: PluginAnswer },
    errors: [404, 503],
    handler: ({ params, context }) =>
      inTenant(
        context,
        Effect.gen(function* () {
          const plugin = yield* setPluginEnabled(params.pluginId, enabled, actorOf(context).userId)
          yield* auditPlugin(context, enabled ? "plugin.enabled" : "plugin.disabled", plugin)
          yield* resetWorker(context, params.pluginId)
          return { plugin: answer(plugin) }
        }),
      ),
  })

export const upgradePluginRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/plugins/{pluginId}/upgrade",
  operationId: "upgradePlugin",
  summary: "Nâng cấp phần mở rộng — move to the platform's version of a plugin",
  description:
    "Re-validates the config (the stored one, or `config` when sent) against the new version's schema: 400 with " +
    "the path of each field that no longer fits. 409 when already at that version. Audited as `plugin.upgraded`.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: ONE,
  body: Schema.Struct({ config: Schema.optionalKey(JsonObject) }),
  success: { status: 200, description: "The plugin", schema: PluginAnswer },
  errors: [404, 409, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const { before, after } = yield* upgradePlugin({
          pluginId: params.pluginId,
          config: body.config,
          userId: actorOf(context).userId,
        })
        yield* auditByActor(context, {
          action: "plugin.upgraded",
          entityType: "plugin",
          entityId: params.pluginId,
          details: {
            from: before.version,
            to: after.manifest.version,
            configKeys: Object.keys(after.installation?.config ?? {}),
          },
        })
        yield* resetWorker(context, params.pluginId)
        return { plugin: answer(after) }
      }),
    ),
})

export const removePluginRoute = defineRoute({
  method: "delete",
  path: "/api/t/{tenantCode}/plugins/{pluginId}",
  operationId: "removePlugin",
  summary: "Gỡ phần mở rộng — remove a plugin from this tenant",
  description:
    "With the plugin's own records (`ctx.store`); the fields it stored on trips and members stay in `extra`, and its " +
    "incidents stay in the list. Audited as `plugin.removed`.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: ONE,
  success: { status: 200, description: "Removed", schema: Schema.Struct({ removed: Schema.String }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const before = yield* removePlugin(params.pluginId)
        yield* auditByActor(context, {
          action: "plugin.removed",
          entityType: "plugin",
          entityId: params.pluginId,
          details: { version: before.version },
        })
        yield* resetWorker(context, params.pluginId)
        return { removed: params.pluginId }
      }),
    ),
})

export const runPluginReportRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/plugins/{pluginId}/reports/{reportId}",
  operationId: "runPluginReport",
  summary: "Chạy báo cáo của phần mở rộng — run a plugin's report",
  description:
    "Runs the report with `params` (strings), within its time budget, over this tenant's data only. 404 when the " +
    "plugin is not enabled here; 503 `plugin_failed` when the report fails.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.use" },
  params: Schema.Struct({ tenantCode: TenantCode, pluginId: PluginId, reportId: Schema.String }),
  body: Schema.Struct({ params: Schema.optionalKey(Schema.Record(Schema.String, Schema.String)) }),
  success: {
    status: 200,
    description: "The rows",
    schema: Schema.Struct({
      columns: Schema.Array(Schema.Struct({ key: Schema.String, label: Bilingual })),
      rows: Schema.Array(JsonObject),
    }),
  },
  errors: [404, 503],
  handler: ({ params, body, context }) =>
    Effect.gen(function* () {
      const host = yield* PluginHost
      const plugin = yield* inTenant(context, enabledTarget(params.pluginId))
      const report = plugin?.manifest.reports.find((known) => known.id === params.reportId)
      if (plugin === undefined || report === undefined) return yield* PluginNotFound.of(params.pluginId)
      const rows = yield* host.run(plugin.target, {
        hook: `report:${report.id}`,
        call: { kind: "report", reportId: report.id, params: body.params ?? {} },
        budgetMs: host.budgets.report,
        scope: { kind: "own" },
      })
      if (!Array.isArray(rows) || !rows.every((row) => row !== null && typeof row === "object")) {
        return yield* new PluginFailed({
          pluginId: params.pluginId,
          hook: `report:${report.id}`,
          kind: "invalid",
          retryable: false,
          message: {
            vi: `Báo cáo của phần mở rộng "${params.pluginId}" trả về dữ liệu không đúng định dạng.`,
            en: `The report of the plugin "${params.pluginId}" answered rows of the wrong shape.`,
          },
        })
      }
      return { columns: report.columns, rows: rows as Array<Record<string, unknown>> }
    }),
})

/** The static paths come before `{pluginId}`. */
export const pluginRoutes = [
  listPluginsRoute,
  pluginFieldsRoute,
  pluginIncidentsRoute,
  pluginReportsRoute,
  getPluginRoute,
  installPluginRoute,
  toggle(true),
  toggle(false),
  upgradePluginRoute,
  removePluginRoute,
  runPluginReportRoute,
]
