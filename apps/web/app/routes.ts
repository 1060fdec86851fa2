import { index, layout, prefix, type RouteConfig, route } from "@react-router/dev/routes"

/**
 * The pages. Members' own under `/my`, the desks of cell secretaries, officers and approvers
 * under `/desk`, the tenant administrators' under `/admin`, the oversight body's under `/oversight`,
 * the national statistics under `/national`; `/export/*.xlsx` are the lists as spreadsheets.
 */
export default [
  route("sign-in", "routes/sign-in.tsx"),
  route("sign-out", "routes/sign-out.tsx"),
  route("set-password", "routes/set-password.tsx"),
  route("language", "routes/language.tsx"),
  route("export/:list", "routes/export.ts"),
  route("world-map.svg", "routes/world-map-svg.ts"),
  layout("routes/signed-in.tsx", [
    index("routes/home.tsx"),
    route("account", "routes/account.tsx"),
    route("handbook", "routes/handbook.tsx"),
    route("handbook/:slug", "routes/handbook-article.tsx"),
    ...prefix("my", [
      route("trips", "routes/my-trips.tsx"),
      route("trips/new", "routes/my-trip-new.tsx"),
      route("trips/:tripId", "routes/my-trip.tsx"),
      route("tasks", "routes/my-tasks.tsx"),
      route("bulletins", "routes/my-bulletins.tsx"),
    ]),
    ...prefix("desk", [
      route("inbox", "routes/desk-inbox.tsx"),
      route("trips", "routes/desk-trips.tsx", { id: "desk-trips" }),
      route("abroad", "routes/desk-trips.tsx", { id: "desk-abroad" }),
      route("overdue", "routes/desk-trips.tsx", { id: "desk-overdue" }),
      route("trips/:tripId", "routes/desk-trip.tsx"),
      route("members", "routes/desk-members.tsx"),
      route("members/:memberId", "routes/desk-member.tsx"),
      route("violations", "routes/desk-violations.tsx"),
      route("violations/new", "routes/desk-violation-new.tsx"),
      route("violations/:violationId", "routes/desk-violation.tsx"),
      route("tasks", "routes/desk-tasks.tsx"),
      route("bulletins", "routes/desk-bulletins.tsx"),
      route("notices", "routes/desk-notices.tsx"),
      route("transfers", "routes/desk-transfers.tsx"),
    ]),
    ...prefix("admin", [
      route("users", "routes/admin-users.tsx"),
      route("users/:userId", "routes/admin-user.tsx"),
      route("org", "routes/admin-org.tsx"),
      route("settings", "routes/admin-settings.tsx"),
      route("plugins", "routes/admin-plugins.tsx"),
      route("plugins/deliveries", "routes/admin-deliveries.tsx"),
      route("plugins/:pluginId", "routes/admin-plugin.tsx"),
      route("audit", "routes/admin-audit.tsx"),
    ]),
    route("oversight", "routes/oversight-map.tsx"),
    ...prefix("oversight", [
      route("abroad", "routes/oversight-abroad.tsx"),
      route("organisations", "routes/oversight-orgs.tsx"),
      route("organisations/:orgId", "routes/oversight-org.tsx"),
      route("transfers", "routes/oversight-transfers.tsx"),
      route("transfers/:transferId", "routes/oversight-transfer.tsx"),
      route("notices", "routes/oversight-notices.tsx"),
      route("notices/new", "routes/oversight-notice-new.tsx"),
    ]),
    route("national", "routes/national.tsx"),
    route("national/review", "routes/national-review.tsx"),
  ]),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig
