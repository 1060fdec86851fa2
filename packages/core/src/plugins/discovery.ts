import { readdir, readFile } from "node:fs/promises"
import { join, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import type { PluginManifest, PluginPackage } from "./manifest.ts"
import type { Sandbox } from "./sandbox.ts"

/** The repository's root, where `plugins/` and the dependency store are. */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../../../", import.meta.url))

/** The workspace plugins' folder; `PLUGINS_DIR` overrides it (tests point it at their fixtures). */
export const defaultPluginsDir = (): string => process.env.PLUGINS_DIR ?? join(REPOSITORY_ROOT, "plugins")

/** A plugin the host found, described by its own code in a worker, or why it could not be. */
export type Discovered =
  | { readonly ok: true; readonly manifest: PluginManifest; readonly package: PluginPackage }
  | { readonly ok: false; readonly directory: string; readonly problem: string }

const entryOf = (directory: string, manifest: { exports?: unknown; main?: unknown }): string => {
  const root = (manifest.exports as Record<string, unknown> | string | undefined) ?? undefined
  const dot = typeof root === "string" ? root : (root as Record<string, unknown> | undefined)?.["."]
  const target =
    typeof dot === "string"
      ? dot
      : typeof (dot as { import?: unknown } | undefined)?.import === "string"
        ? (dot as { import: string }).import
        : typeof (dot as { default?: unknown } | undefined)?.default === "string"
          ? (dot as { default: string }).default
          : typeof manifest.main === "string"
            ? manifest.main
            : "src/index.ts"
  return resolve(directory, target)
}

/** Where a plugin may import from: its own folder, the dependency store, the SDK. */
export const importableFor = (directory: string): ReadonlyArray<string> => [
  directory.endsWith(sep) ? directory : `${directory}${sep}`,
  join(REPOSITORY_ROOT, "node_modules") + sep,
  join(REPOSITORY_ROOT, "packages", "plugin-sdk") + sep,
]

/** Plugin routes may not shadow the host's own routes under `/plugins/{pluginId}/…`. */
const RESERVED_ROUTE = /^\/(enable|disable|upgrade|incidents|reports)(\/|$)/

/**
 * Finds the plugins under `pluginsDir` (each a folder with a package.json) and has each describe
 * itself in a locked-down worker: the main thread never runs a plugin's code.
 */
export const discoverPlugins = async (
  pluginsDir: string,
  sandbox: Sandbox,
  budgetMs: number,
): Promise<ReadonlyArray<Discovered>> => {
  const entries = await readdir(pluginsDir, { withFileTypes: true }).catch(() => [])
  const found: Array<Discovered> = []
  for (const entry of entries.filter((item) => item.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const directory = join(pluginsDir, entry.name)
    const packageJson = await readFile(join(directory, "package.json"), "utf8").catch(() => undefined)
    if (packageJson === undefined) continue
    let pkg: PluginPackage
    try {
      pkg = { directory, entry: entryOf(directory, JSON.parse(packageJson) as object) }
    } catch (error) {
      found.push({ ok: false, directory, problem: `package.json: ${String(error)}` })
      continue
    }
    const key = `describe:${directory}`
    const outcome = await sandbox.call({
      key,
      stamp: "describe",
      boot: { entry: pkg.entry, pluginDirectory: directory, importable: importableFor(directory) },
      call: { kind: "describe" },
      budgetMs,
      nowMs: Date.now(),
      onContext: () => Promise.reject(new Error("describing a plugin has no context")),
    })
    await sandbox.reset(key)
    if (!outcome.ok) {
      found.push({ ok: false, directory, problem: `${outcome.kind}: ${outcome.message}` })
      continue
    }
    const manifest = outcome.value as PluginManifest
    // The folder is named by the id, so two plugins can never claim one id: whichever sorted
    // first would otherwise take the other's installations, config and secrets.
    if (manifest.id !== entry.name) {
      found.push({
        ok: false,
        directory,
        problem: `plugin id "${manifest.id}" differs from its folder's name "${entry.name}": name the folder by the id`,
      })
      continue
    }
    const clash = found.find((known) => known.ok && known.manifest.id === manifest.id)
    if (clash !== undefined) {
      found.push({
        ok: false,
        directory,
        problem: `plugin id "${manifest.id}" is already used by ${clash.ok ? clash.package.directory : ""}`,
      })
      continue
    }
    const reserved = manifest.routes.find((route) => RESERVED_ROUTE.test(route.path))
    if (reserved !== undefined) {
      found.push({ ok: false, directory, problem: `route ${reserved.path} uses a name the host reserves` })
      continue
    }
    found.push({ ok: true, manifest, package: pkg })
  }
  return found
}
