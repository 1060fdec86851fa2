import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import { PluginInputInvalid, PluginNotFound, PluginStateConflict } from "./errors.ts"
import { PluginHost, type PluginHostService } from "./host.ts"
import type { PluginManifest } from "./manifest.ts"
import { keepStoredSecrets } from "./secrets.ts"

/** A plugin installed in the current tenant. */
export interface Installation {
  readonly pluginId: string
  readonly version: string
  readonly config: Readonly<Record<string, unknown>>
  readonly enabled: boolean
  readonly installedAt: Date
  readonly updatedAt: Date
}

/** A workspace plugin as a tenant's administrator sees it: what it is, and whether it is installed here. */
export interface TenantPlugin {
  readonly manifest: PluginManifest
  readonly installation: Installation | null
  /** Installed at an older version than the workspace's: `upgrade` re-validates the config and moves to it. */
  readonly upgradeAvailable: boolean
}

const toInstallation = (row: {
  plugin_id: string
  version: string
  config: unknown
  enabled: boolean
  installed_at: Date
  updated_at: Date
}): Installation => ({
  pluginId: row.plugin_id,
  version: row.version,
  config: (row.config ?? {}) as Record<string, unknown>,
  enabled: row.enabled,
  installedAt: row.installed_at,
  updatedAt: row.updated_at,
})

const COLUMNS = ["plugin_id", "version", "config", "enabled", "installed_at", "updated_at"] as const

/** Every installation of the current tenant. */
export const installations: Effect.Effect<ReadonlyArray<Installation>, DatabaseError, TenantTx> = tenantQuery((db) =>
  db.selectFrom("plugin_installation").select(COLUMNS).orderBy("plugin_id").execute(),
).pipe(Effect.map((rows) => rows.map(toInstallation)))

export const installationOf = (pluginId: string): Effect.Effect<Installation | undefined, DatabaseError, TenantTx> =>
  tenantQuery((db) =>
    db.selectFrom("plugin_installation").select(COLUMNS).where("plugin_id", "=", pluginId).executeTakeFirst(),
  ).pipe(Effect.map((row) => (row === undefined ? undefined : toInstallation(row))))

const viewOf = (manifest: PluginManifest, installation: Installation | undefined): TenantPlugin => ({
  manifest,
  installation: installation ?? null,
  upgradeAvailable: installation !== undefined && installation.version !== manifest.version,
})

/** The catalogue with this tenant's installation state. */
export const tenantPlugins: Effect.Effect<ReadonlyArray<TenantPlugin>, DatabaseError, TenantTx> = Effect.gen(
  function* () {
    const host = yield* PluginHost
    const installed = yield* installations
    return host.catalogue.map((manifest) =>
      viewOf(
        manifest,
        installed.find((item) => item.pluginId === manifest.id),
      ),
    )
  },
)

const knownPlugin = (host: PluginHostService, pluginId: string) => {
  const manifest = host.manifest(pluginId)
  return manifest === undefined ? Effect.fail(PluginNotFound.of(pluginId)) : Effect.succeed(manifest)
}

export const tenantPlugin = (pluginId: string) =>
  Effect.gen(function* () {
    const manifest = yield* knownPlugin(yield* PluginHost, pluginId)
    return viewOf(manifest, yield* installationOf(pluginId))
  })

const configIssues = (pluginId: string, config: unknown) =>
  Effect.gen(function* () {
    const host = yield* PluginHost
    const issues = yield* host.validateConfig(pluginId, config)
    if (issues.length > 0) {
      return yield* new PluginInputInvalid({
        message: {
          vi: `Cấu hình không hợp lệ với phần mở rộng "${pluginId}". Xem lỗi của từng trường.`,
          en: `The configuration is not valid for the plugin "${pluginId}". See the issue of each field.`,
        },
        issues: issues.map((issue) => ({ path: ["config", ...issue.path], message: issue.message })),
      })
    }
  })

const json = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`

/**
 * Installs the plugin in the current tenant, or changes the config of its installation: the config
 * is validated by the plugin's configSchema first (refused with the path of each wrong field).
 * A new installation is disabled unless `enabled` says otherwise. A secret the config leaves out
 * keeps its stored value (the API never shows it, so a form cannot send it back); `null` removes it.
 */
export const installPlugin = (input: {
  readonly pluginId: string
  readonly config: Readonly<Record<string, unknown>>
  readonly enabled?: boolean | undefined
  readonly userId: string | null
}) =>
  Effect.gen(function* () {
    const host = yield* PluginHost
    const manifest = yield* knownPlugin(host, input.pluginId)
    const before = yield* installationOf(input.pluginId)
    const config = keepStoredSecrets(input.config, before?.config, manifest.configSchema)
    yield* configIssues(input.pluginId, config)
    yield* tenantQuery(
      async (db, tenantId): Promise<unknown> =>
        before === undefined
          ? db
              .insertInto("plugin_installation")
              .values({
                tenant_id: tenantId,
                plugin_id: input.pluginId,
                version: manifest.version,
                config: json(config),
                enabled: input.enabled ?? false,
                installed_by: input.userId,
                updated_by: input.userId,
              })
              .execute()
          : db
              .updateTable("plugin_installation")
              .set({
                config: json(config),
                ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
                updated_by: input.userId,
                updated_at: new Date(),
              })
              .where("plugin_id", "=", input.pluginId)
              .execute(),
    )
    const after = yield* tenantPlugin(input.pluginId)
    return { action: before === undefined ? ("installed" as const) : ("configured" as const), before, after }
  })

const requireInstalled = (pluginId: string) =>
  Effect.flatMap(installationOf(pluginId), (found) =>
    found === undefined ? Effect.fail(PluginNotFound.of(pluginId)) : Effect.succeed(found),
  )

/** Turns the plugin on or off in the current tenant; off, none of its hooks runs here. */
export const setPluginEnabled = (pluginId: string, enabled: boolean, userId: string | null) =>
  Effect.gen(function* () {
    yield* knownPlugin(yield* PluginHost, pluginId)
    yield* requireInstalled(pluginId)
    yield* tenantQuery((db) =>
      db
        .updateTable("plugin_installation")
        .set({ enabled, updated_by: userId, updated_at: new Date() })
        .where("plugin_id", "=", pluginId)
        .execute(),
    )
    return yield* tenantPlugin(pluginId)
  })

/**
 * Moves the installation to the workspace's version of the plugin, re-validating the config (the
 * stored one, or `config` when given) against the new version's schema.
 */
export const upgradePlugin = (input: {
  readonly pluginId: string
  readonly config?: Readonly<Record<string, unknown>> | undefined
  readonly userId: string | null
}) =>
  Effect.gen(function* () {
    const manifest = yield* knownPlugin(yield* PluginHost, input.pluginId)
    const before = yield* requireInstalled(input.pluginId)
    if (before.version === manifest.version && input.config === undefined) {
      return yield* new PluginStateConflict({
        rule: "plugin.up_to_date",
        message: {
          vi: `Phần mở rộng "${input.pluginId}" đã ở phiên bản ${manifest.version}.`,
          en: `The plugin "${input.pluginId}" is already at version ${manifest.version}.`,
        },
      })
    }
    const config =
      input.config === undefined ? before.config : keepStoredSecrets(input.config, before.config, manifest.configSchema)
    yield* configIssues(input.pluginId, config)
    yield* tenantQuery((db) =>
      db
        .updateTable("plugin_installation")
        .set({ version: manifest.version, config: json(config), updated_by: input.userId, updated_at: new Date() })
        .where("plugin_id", "=", input.pluginId)
        .execute(),
    )
    return { before, after: yield* tenantPlugin(input.pluginId) }
  })

/** Removes the plugin from the current tenant, with its records (`ctx.store`); its incidents stay. */
export const removePlugin = (pluginId: string) =>
  Effect.gen(function* () {
    const before = yield* requireInstalled(pluginId)
    yield* tenantQuery((db) => db.deleteFrom("plugin_installation").where("plugin_id", "=", pluginId).execute())
    return before
  })

/** A plugin's failure in this tenant, as the administrator reads it. */
export interface IncidentView {
  readonly id: string
  readonly pluginId: string
  readonly pluginVersion: string
  readonly hook: string
  readonly kind: string
  readonly message: string
  readonly at: Date
}

/** The newest incidents first (of one plugin when `pluginId` is given). */
export const pluginIncidents = (filter: { readonly pluginId?: string | undefined; readonly limit: number }) =>
  tenantQuery((db) => {
    let query = db
      .selectFrom("plugin_incident")
      .select(["id", "plugin_id", "plugin_version", "hook", "kind", "message", "at"])
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(filter.limit)
    if (filter.pluginId !== undefined) query = query.where("plugin_id", "=", filter.pluginId)
    return query.execute()
  }).pipe(
    Effect.map((rows) =>
      rows.map(
        (row): IncidentView => ({
          id: row.id,
          pluginId: row.plugin_id,
          pluginVersion: row.plugin_version,
          hook: row.hook,
          kind: row.kind,
          message: row.message,
          at: row.at,
        }),
      ),
    ),
  )
