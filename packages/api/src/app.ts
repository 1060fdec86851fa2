import type { TotpSealing } from "@abroad/auth"
import type { PluginManifest } from "@abroad/core"
import type { Database, DatabaseOwner } from "@abroad/db"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { tenantCodes } from "./auth/tenant-codes.ts"
import { NotFound } from "./errors/api-error.ts"
import { toErrorResponse, withRequestId } from "./errors/response.ts"
import { drain } from "./middleware/drain.ts"
import type { ApiEnv } from "./middleware/env.ts"
import { type RequestLogEntry, requestLog } from "./middleware/request-log.ts"
import { securityHeaders } from "./middleware/security-headers.ts"
import { renderDocsPage } from "./openapi/docs-page.ts"
import { openApiDocument } from "./openapi/document.ts"
import { accountRoutes } from "./routes/accounts.ts"
import { listAuditRoute } from "./routes/audit.ts"
import { breakGlassRoutes } from "./routes/break-glass.ts"
import { bulletinRoutes } from "./routes/bulletins.ts"
import { handbookRoutes } from "./routes/handbook.ts"
import { memberRoutes } from "./routes/members.ts"
import { myTripRoutes } from "./routes/my-trips.ts"
import { nationalRoutes } from "./routes/national.ts"
import { orgUnitRoutes } from "./routes/org-units.ts"
import { oversightRoutes } from "./routes/oversight.ts"
import { pluginDeliveryRoutes } from "./routes/plugin-deliveries.ts"
import { mountPluginRoutes, withPlugins } from "./routes/plugin-routes.ts"
import { pluginRoutes } from "./routes/plugins.ts"
import { type Runner, registerRoutes } from "./routes/register.ts"
import { reorganisationRoutes } from "./routes/reorganisation.ts"
import { defineRoute, type Route } from "./routes/route.ts"
import { logoutEverywhereRoute, logoutRoute, meRoute } from "./routes/session.ts"
import { settingsRoutes } from "./routes/settings.ts"
import { signInRoutes } from "./routes/sign-in.ts"
import { healthRoute, readinessRoute } from "./routes/system.ts"
import { taskRoutes } from "./routes/tasks.ts"
import { listTenantsRoute } from "./routes/tenants.ts"
import { tenantOversightRoutes } from "./routes/transfers.ts"
import { tripRoutes } from "./routes/trips.ts"
import { violationRoutes } from "./routes/violations.ts"

/** The services the routes' programs need; the server's runtime provides them. */
export type ApiServices = Database | DatabaseOwner | TotpSealing

export interface ApiOptions {
  readonly run: Runner<ApiServices>
  readonly version: string
  readonly log: (entry: RequestLogEntry) => void
  /** True once the process is shutting down; the API then drains (see middleware/drain.ts). */
  readonly draining?: () => boolean
  /** Where users reach the platform (PUBLIC_URL): its origin passes the Origin check, https makes cookies Secure. */
  readonly publicUrl?: URL
  /** The clock sessions and grants are judged by; tests move it. */
  readonly now?: () => Date
  /** The workspace plugins (the plugin host's catalogue): their fields and routes go into the OpenAPI document. */
  readonly plugins?: ReadonlyArray<PluginManifest>
  /** The web app, answering every path outside `/api/` (apps/server mounts it; absent, `/` opens the API reference). */
  readonly web?: WebHandler
}

/**
 * Hands a page request to the web app. `env` is the HTTP server's binding for this request (the
 * web app passes it on when it calls the API in-process, so the caller's address still counts);
 * `nonce` is the one the content security policy of this response allows.
 */
export type WebHandler = (
  request: Request,
  host: { readonly env: unknown; readonly nonce: string },
) => Promise<Response>

/** Every route of the platform's API, in the order of the reference page. */
export const apiRoutes: ReadonlyArray<Route<ApiServices>> = [
  healthRoute,
  readinessRoute,
  listTenantsRoute,
  ...signInRoutes,
  meRoute,
  logoutRoute,
  logoutEverywhereRoute,
  ...accountRoutes,
  ...orgUnitRoutes,
  ...memberRoutes,
  ...tripRoutes,
  ...myTripRoutes,
  ...violationRoutes,
  ...taskRoutes,
  ...bulletinRoutes,
  ...handbookRoutes,
  ...settingsRoutes,
  // Before the plugin host's `/plugins/{pluginId}` routes: Hono answers with the first route that matches.
  ...pluginDeliveryRoutes,
  listAuditRoute,
  ...breakGlassRoutes,
  ...pluginRoutes,
  ...tenantOversightRoutes,
  ...oversightRoutes,
  ...nationalRoutes,
  ...reorganisationRoutes,
]

const DOCUMENT_INFO = {
  title: "Quản lý đảng viên ra nước ngoài — Party members abroad",
  description:
    "API of the platform with which provincial party committees and central ministries manage party members " +
    "who go or live abroad (Regulation 86-QĐ/TW). Errors: { error: { code, message: { vi, en }, details } }.",
  tags: [
    { name: "system", description: "Health and readiness" },
    { name: "tenants", description: "Đơn vị — provinces, cities and central ministries" },
    { name: "auth", description: "Đăng nhập — sign-in, sessions, second factor, passwords" },
    { name: "accounts", description: "Tài khoản — a tenant's accounts and grants (tenant administrators)" },
    { name: "organisation", description: "Cây tổ chức — the organisation tree" },
    { name: "members", description: "Đảng viên — party members, within one's scope" },
    { name: "trips", description: "Chuyến đi — travel requests, decisions, departures, returns, reports, overdue" },
    { name: "violations", description: "Vi phạm — violation cases, their evidence, history and outcome" },
    { name: "tasks", description: "Nhiệm vụ — tasks assigned to members, their completion and evaluation" },
    {
      name: "information",
      description: "Thông tin chính thống, cẩm nang — official bulletins with read receipts, and the handbook",
    },
    { name: "settings", description: "Cài đặt — the tenant's settings (report deadline, …)" },
    { name: "audit", description: "Nhật ký — the tenant's audit log and break-glass grants" },
    {
      name: "plugins",
      description:
        "Phần mở rộng — the tenant's plugins: installation, fields, incidents, reports, routes, events handed to them, their scheduled jobs",
    },
    {
      name: "oversight",
      description:
        "Giám sát — Đảng ủy Bộ Ngoại giao: members abroad across tenants, organisations abroad, transfers, notices",
    },
    { name: "national", description: "Thống kê toàn quốc — national statistics, aggregates only" },
    { name: "platform", description: "Nền tảng — platform operators" },
    { name: "reference", description: "This document" },
  ],
}

/** The largest request body the API reads. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024

const NOT_FOUND = new NotFound({
  message: { vi: "Không tìm thấy địa chỉ này.", en: "There is nothing at this address." },
})

/** The HTTP application: middleware, the routes, the OpenAPI document and its reference page. */
export const makeApi = (options: ApiOptions): Hono<ApiEnv> => {
  const document = withPlugins(
    openApiDocument(
      [
        ...apiRoutes,
        defineRoute({
          method: "get",
          path: "/api/openapi.json",
          operationId: "openApiDocument",
          summary: "This OpenAPI 3.1 document",
          tags: ["reference"],
          access: { kind: "public" },
          success: { status: 200, description: "The document", schema: Schema.Unknown },
          handler: () => Effect.void,
        }),
        defineRoute({
          method: "get",
          path: "/api/docs",
          operationId: "apiReference",
          summary: "The API reference, readable in a browser",
          tags: ["reference"],
          access: { kind: "public" },
          success: { status: 200, description: "HTML page", schema: Schema.String, mediaType: "text/html" },
          handler: () => Effect.succeed(""),
        }),
      ],
      { ...DOCUMENT_INFO, version: options.version },
    ),
    options.plugins ?? [],
  )
  const docsPage = renderDocsPage(document)

  const app = new Hono<ApiEnv>()
  app.use(requestLog({ write: options.log }))
  app.use(securityHeaders())
  app.use(drain({ draining: options.draining ?? (() => false) }))
  // JSON forms are small; a bigger body is refused before it is read (413), so nobody can make
  // the server buffer hundreds of megabytes without even signing in. A GET or HEAD has no body
  // (the Fetch API gives it none), and asking for it builds the whole Fetch Request that the Node
  // adapter otherwise never makes: 2 % of the server's CPU on a read (README, finding 17).
  const limitBody = bodyLimit({ maxSize: MAX_BODY_BYTES })
  app.use("/api/*", function limitRequestBody(c, next) {
    return c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)
  })
  const registration = {
    publicOrigin: options.publicUrl?.origin,
    now: options.now ?? (() => new Date()),
    tenants: tenantCodes(),
  }
  registerRoutes<ApiServices>(app, apiRoutes, options.run, registration)
  // After the platform's own routes, so that `/plugins/{pluginId}/enable` and the like are never a plugin's.
  mountPluginRoutes(app, options.run, registration)
  app.get("/api/openapi.json", function openApi(c) {
    c.set("route", "/api/openapi.json")
    return c.json(document)
  })
  app.get("/api/docs", function docs(c) {
    c.set("route", "/api/docs")
    return c.html(docsPage)
  })
  app.get("/favicon.ico", function favicon(c) {
    c.set("route", "/favicon.ico")
    return c.body(null, 204)
  })
  const web = options.web
  if (web === undefined) {
    // Without the web app, the address the start banner prints opens the API reference.
    app.get("/", function root(c) {
      c.set("route", "/")
      return c.redirect("/api/docs", 302)
    })
  } else {
    app.all("*", async function webApp(c, next) {
      if (c.req.path === "/api" || c.req.path.startsWith("/api/")) return next()
      // Page paths may hold ids and names, so the log names only which side answered.
      c.set("route", c.req.path.startsWith("/assets/") ? "(web asset)" : "(web page)")
      return web(c.req.raw, { env: c.env, nonce: c.get("cspNonce") })
    })
  }
  app.notFound(function notFound(c) {
    const response = toErrorResponse(NOT_FOUND)
    return c.json(response.body, response.status)
  })
  app.onError(function onError(error, c) {
    // Reached only by what fails outside the route programs (those answer for themselves):
    // a defect in middleware, or Hono refusing a request.
    const response = withRequestId(toErrorResponse(error), c.get("requestId"))
    if (response.status >= 500)
      c.set("failure", error instanceof Error ? (error.stack ?? error.message) : String(error))
    return c.json(response.body, response.status)
  })
  return app
}
