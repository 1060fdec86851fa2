import { Link } from "react-router"
import { apiData } from "../server/api.server.ts"
import type { TenantPlugin } from "../server/plugins.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { DataTable } from "../ui/data-table.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { PluginStateBadge } from "../ui/plugin-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/admin-plugins"

/** Phần mở rộng: the platform's plugins, and which of them this tenant installed and enabled. */

export const meta: Route.MetaFunction = () => [{ title: "Phần mở rộng — Plugins" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "plugin.manage")
  return await apiData<{ plugins: ReadonlyArray<TenantPlugin> }>(context, request, tenantApi(context, "/plugins"))
}

export default function AdminPlugins({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  return (
    <>
      <div className="page-header">
        <h1>{t("adminPlugins")}</h1>
        <Link className="button" to="/admin/plugins/deliveries">
          {t("adminDeliveries")}
        </Link>
      </div>
      <DataTable<TenantPlugin>
        caption={t("pluginCatalogue")}
        rows={loaderData.plugins}
        rowKey={(plugin) => plugin.id}
        columns={[
          {
            label: t("plugin"),
            cell: (plugin) => <Link to={`/admin/plugins/${plugin.id}`}>{plugin.name[lang]}</Link>,
          },
          { label: t("description"), cell: (plugin) => plugin.description[lang] },
          { label: t("version"), cell: (plugin) => plugin.installation?.version ?? plugin.version },
          { label: t("pluginState"), cell: (plugin) => <PluginStateBadge plugin={plugin} /> },
        ]}
      />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
