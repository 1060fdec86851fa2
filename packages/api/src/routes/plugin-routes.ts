import { enabledTarget, PluginFailed, PluginHost, type PluginManifest } from "@abroad/core"
import { Database, forRequest } from "@abroad/db"
import { Cause, Effect, Exit } from "effect"
import type { Context, Hono } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"
import { authorize } from "../auth/authorize.ts"
import { NotFound } from "../errors/api-error.ts"
import { toErrorResponse, withRequestId } from "../errors/response.ts"
import type { ApiEnv } from "../middleware/env.ts"
import type { RegisterOptions, Runner } from "./register.ts"

/**
 * The routes plugins declare, at `/api/t/{tenantCode}/plugins/{pluginId}{path}`: answered only in a
 * tenant that enabled the plugin (404 elsewhere, as for anything of another tenant). `signed` routes
 * take no session — the plugin checks the request's signature over the raw body; `session` routes
 * need an account of the tenant holding `plugin.use`. The handler runs in the tenant's worker of the
 * plugin, within the route budget; it never sees the caller's cookie or bearer token.
 */

const NOT_HERE = new NotFound({
  message: { vi: "Không tìm thấy địa chỉ này.", en: "There is nothing at this address." },
})

/** Headers a plugin never receives: the caller's session. */
const PRIVATE_HEADERS = new Set(["cookie", "authorization", "proxy-authorization"])

const clientAddress = (c: Context<ApiEnv>): string => {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? "unknown"
}

export const mountPluginRoutes = (app: Hono<ApiEnv>, run: Runner<Database>, options: RegisterOptions): void => {
  app.on(["GET", "POST", "PUT", "DELETE"], "/api/t/:tenantCode/plugins/:pluginId/*", async function pluginRoute(c) {
    c.set("route", "/api/t/{tenantCode}/plugins/{pluginId}/*")
    c.header("Cache-Control", "no-store")
    const tenantCode = c.req.param("tenantCode")
    const pluginId = c.req.param("pluginId")
    const prefix = `/api/t/${tenantCode}/plugins/${pluginId}`
    const path = new URL(c.req.url).pathname.slice(prefix.length) || "/"
    const method = c.req.method.toLowerCase()
    const program = Effect.gen(function* () {
      const host = yield* PluginHost
      const route = host.manifest(pluginId)?.routes.find((known) => known.method === method && known.path === path)
      if (route === undefined) return yield* NOT_HERE
      const { actor, tenant } = yield* authorize({
        access: route.access === "session" ? { kind: "tenant", capability: "plugin.use" } : { kind: "public" },
        request: c.req.raw,
        tenantCode,
        route: `/api/t/{tenantCode}/plugins/${pluginId}${route.path}`,
        ip: clientAddress(c),
        publicOrigin: options.publicOrigin,
        now: options.now(),
        tenants: options.tenants,
      })
      const database = yield* Database
      const tenantId =
        tenant?.id ??
        (yield* options.tenants.find(tenantCode).pipe(
          Effect.map((found) => found.id),
          Effect.catchTag("TenantNotFound", () => Effect.fail(NOT_HERE)),
        ))
      const plugin = yield* database.withTenant(tenantId, enabledTarget(pluginId))
      if (plugin === undefined) return yield* NOT_HERE
      const headers: Record<string, string> = {}
      for (const [name, value] of c.req.raw.headers) if (!PRIVATE_HEADERS.has(name)) headers[name] = value
      const body = yield* Effect.promise(() => c.req.text())
      const hook = `route:${route.method.toUpperCase()} ${route.path}`
      const answer = (yield* host.run(plugin.target, {
        hook,
        call: {
          kind: "route",
          method: route.method,
          path: route.path,
          request: {
            method: route.method.toUpperCase(),
            path: route.path,
            query: c.req.query(),
            headers,
            body,
            ...(actor === undefined ? {} : { user: { id: actor.userId, username: actor.username } }),
          },
        },
        budgetMs: host.budgets.route,
        scope: { kind: "own" },
      })) as { status?: unknown; body?: unknown } | undefined
      const status = answer?.status
      if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599) {
        host.recordIncident(tenantId, {
          pluginId,
          pluginVersion: plugin.manifest.version,
          hook,
          kind: "invalid",
          message: "a route must answer { status: 200–599, body }",
        })
        return yield* new PluginFailed({
          pluginId,
          hook,
          kind: "invalid",
          retryable: false,
          message: {
            vi: `Phần mở rộng "${pluginId}" trả lời không đúng định dạng (${hook}).`,
            en: `The plugin "${pluginId}" answered something the platform cannot use (${hook}).`,
          },
        })
      }
      return { status, body: answer?.body ?? null }
    })
    const exit = await run(forRequest(program))
    if (Exit.isSuccess(exit)) return c.json(exit.value.body as object, exit.value.status as ContentfulStatusCode)
    const failure = Cause.findErrorOption(exit.cause)
    const error = failure._tag === "Some" ? failure.value : Cause.squash(exit.cause)
    const response = withRequestId(toErrorResponse(error), c.get("requestId"))
    if (response.status >= 500) c.set("failure", Cause.pretty(exit.cause))
    return c.json(response.body, response.status)
  })
}

/**
 * The OpenAPI document with the plugins the platform has: each plugin's fields as properties of the
 * forms' `extra` (accepted where the tenant enabled the plugin), and each plugin's routes as paths.
 */
export const withPlugins = <
  D extends { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } },
>(
  document: D,
  plugins: ReadonlyArray<PluginManifest>,
): D => {
  if (plugins.length === 0) return document
  const forms: ReadonlyArray<{ readonly schema: string; readonly form: "tripRequest" | "tripReport" | "member" }> = [
    { schema: "TripRequest", form: "tripRequest" },
    { schema: "MyTripRequest", form: "tripRequest" },
    { schema: "TripReport", form: "tripReport" },
    { schema: "MemberForm", form: "member" },
  ]
  const schemas = { ...document.components.schemas }
  for (const { schema, form } of forms) {
    const target = schemas[schema] as { properties?: Record<string, unknown> } | undefined
    if (target?.properties?.extra === undefined) continue
    const existing = target.properties.extra as { description?: string }
    const properties = Object.fromEntries(
      plugins
        .filter((plugin) => plugin.fields[form].length > 0)
        .map((plugin) => [
          plugin.id,
          {
            type: "object",
            title: plugin.name.en,
            description:
              `${plugin.name.vi} — ${plugin.name.en} (${plugin.id} ${plugin.version}). Accepted only where the tenant ` +
              "enabled this plugin; required fields apply to the purposes they name.",
            properties: Object.fromEntries(
              plugin.fields[form].map((field) => [
                field.name,
                {
                  ...field.jsonSchema,
                  title: field.label.en,
                  description:
                    `${field.label.vi} — ${field.label.en}` +
                    (field.required ? " (required" : " (optional") +
                    (field.purposes === undefined ? ")" : ` for ${field.purposes.join(", ")})`),
                },
              ]),
            ),
            additionalProperties: false,
          },
        ]),
    )
    schemas[schema] = {
      ...target,
      properties: {
        ...target.properties,
        extra: { ...existing, type: "object", properties, additionalProperties: false },
      },
    }
  }
  const paths = { ...document.paths }
  for (const plugin of plugins) {
    for (const route of plugin.routes) {
      const path = `/api/t/{tenantCode}/plugins/${plugin.id}${route.path}`
      const methods = (paths[path] ?? {}) as Record<string, unknown>
      methods[route.method] = {
        operationId: `plugin_${plugin.id}_${route.method}_${route.path.replace(/[^A-Za-z0-9]+/g, "_")}`,
        summary: `${plugin.name.en}: ${route.summary}`,
        description:
          route.access === "signed"
            ? "Declared by a plugin; no session — the plugin checks the request's signature. 404 where the tenant did not enable the plugin."
            : "Declared by a plugin; needs a session of the tenant with `plugin.use`. 404 where the tenant did not enable the plugin.",
        tags: ["plugins"],
        parameters: [{ name: "tenantCode", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": { description: "The plugin's answer", content: { "application/json": { schema: {} } } },
          "404": { description: "Not found (the plugin is not enabled in this tenant)" },
          "503": { description: "The plugin failed (plugin_failed)" },
        },
      }
      paths[path] = methods
    }
  }
  return { ...document, paths, components: { ...document.components, schemas } }
}
