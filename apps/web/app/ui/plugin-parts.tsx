import { Form, useNavigation } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import type { PluginDelivery, TenantPlugin } from "../server/plugins.server.ts"
import { DataTable } from "./data-table.tsx"
import { useLang, useT } from "./i18n.tsx"

/** Installed or not, enabled or not, an upgrade waiting. */
export const PluginStateBadge = ({ plugin }: { plugin: Pick<TenantPlugin, "installation" | "upgradeAvailable"> }) => {
  const t = useT()
  const installation = plugin.installation
  if (installation === null) return <span className="badge badge-muted">{t("notInstalled")}</span>
  return (
    <span>
      <span className={`badge ${installation.enabled ? "badge-info" : "badge-neutral"}`}>
        {installation.enabled ? t("pluginEnabled") : t("pluginDisabled")}
      </span>
      {plugin.upgradeAvailable ? <span className="badge badge-danger">{t("upgradeAvailable")}</span> : null}
    </span>
  )
}

/**
 * Deliveries of events to plugins, each parked one with its own retry button (a small form with
 * `intent=retry`, posted to the page that shows the table).
 */
export const DeliveryTable = ({ deliveries }: { deliveries: ReadonlyArray<PluginDelivery> }) => {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  return (
    <DataTable<PluginDelivery>
      caption={t("adminDeliveries")}
      rows={deliveries}
      rowKey={(row) => row.id}
      columns={[
        { label: t("plugin"), cell: (row) => row.pluginId },
        { label: t("event"), cell: (row) => row.eventType },
        { label: t("occurredAt"), cell: (row) => formatInstant(row.occurredAt) },
        { label: t("attempts"), cell: (row) => row.attempts },
        { label: t("lastError"), cell: (row) => row.lastError?.message[lang] ?? "" },
        { label: t("deliveryStatus"), cell: (row) => labelOf(lang, "deliveryStatus", row.status) },
        {
          label: t("retry"),
          cell: (row) =>
            row.status === "parked" ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="retry" />
                <input type="hidden" name="deliveryId" value={row.id} />
                <button type="submit" disabled={busy} aria-label={`${t("retry")}: ${row.eventType} (${row.pluginId})`}>
                  {t("retry")}
                </button>
              </Form>
            ) : null,
        },
      ]}
    />
  )
}
