import { Database, type DatabaseError, type TenantTx } from "@abroad/db"
import { Effect } from "effect"
import { findTenantByCode } from "../tenants/directory.ts"
import { PluginHost } from "./host.ts"
import { installationOf, installPlugin } from "./installations.ts"

/**
 * What demo mode installs and enables, where the plugin exists in the workspace: a province's own
 * plugin in that province. Add a line here to show another plugin in the demo.
 */
export const DEMO_PLUGINS: ReadonlyArray<{
  readonly tenant: string
  readonly pluginId: string
  readonly config: Readonly<Record<string, unknown>>
}> = [
  {
    tenant: "ho-chi-minh",
    pluginId: "ho-chi-minh",
    config: {
      congressPeriods: [{ name: "Đại hội đại biểu Đảng bộ Thành phố lần thứ I", from: "2025-10-01", to: "2025-10-20" }],
      reportWorkingDays: 7,
    },
  },
]

export interface DemoPluginReport {
  readonly tenant: string
  readonly pluginId: string
  readonly outcome: "installed" | "already_installed" | "not_in_workspace" | "config_refused"
}

/**
 * Installs and enables the demo plugins that are not installed yet; `audit` writes each installation
 * to the tenant's log (as `system`). A plugin missing from the workspace or refusing the demo config
 * is skipped and reported.
 */
export const installDemoPlugins = <E>(
  audit: (pluginId: string, version: string) => Effect.Effect<void, E, TenantTx>,
): Effect.Effect<ReadonlyArray<DemoPluginReport>, DatabaseError | E, Database> =>
  Effect.gen(function* () {
    const host = yield* PluginHost
    const database = yield* Database
    const reports: Array<DemoPluginReport> = []
    for (const demo of DEMO_PLUGINS) {
      const manifest = host.manifest(demo.pluginId)
      if (manifest === undefined) {
        reports.push({ tenant: demo.tenant, pluginId: demo.pluginId, outcome: "not_in_workspace" })
        continue
      }
      const tenant = yield* database.withGlobal(findTenantByCode(demo.tenant)).pipe(Effect.orDie)
      const outcome = yield* database.withTenant(
        tenant.id,
        Effect.gen(function* () {
          if ((yield* installationOf(demo.pluginId)) !== undefined) return "already_installed" as const
          const installed = yield* installPlugin({ ...demo, enabled: true, userId: null }).pipe(
            Effect.map(() => true),
            Effect.catchTag("PluginInputInvalid", () => Effect.succeed(false)),
            Effect.catchTag("PluginFailed", () => Effect.succeed(false)),
            Effect.catchTag("PluginNotFound", () => Effect.succeed(false)),
          )
          if (!installed) return "config_refused" as const
          yield* audit(demo.pluginId, manifest.version)
          return "installed" as const
        }),
      )
      reports.push({ tenant: demo.tenant, pluginId: demo.pluginId, outcome })
    }
    return reports
  })
