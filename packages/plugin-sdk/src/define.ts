import type { Schema } from "effect"
import type { PluginCapability } from "./context.ts"
import type { EventHandlers } from "./events.ts"
import type { FieldSets } from "./fields.ts"
import type { JobDefinition } from "./jobs.ts"
import type { ReportDefinition } from "./reports.ts"
import type { RouteDefinition } from "./routes.ts"
import type { RuleHooks } from "./rules.ts"
import type { BilingualText } from "./text.ts"

/** What `setup` registers into the core's extension points. */
export interface PluginRegistry<Config> {
  readonly rules: (hooks: RuleHooks<Config>) => void
  readonly fields: (fields: FieldSets) => void
  readonly events: (handlers: EventHandlers<Config>) => void
  readonly routes: (routes: ReadonlyArray<RouteDefinition<Config>>) => void
  readonly jobs: (jobs: ReadonlyArray<JobDefinition<Config>>) => void
  readonly reports: (reports: ReadonlyArray<ReportDefinition<Config>>) => void
}

export interface PluginDefinition<Config> {
  /** kebab-case, unique on the platform; the key of the plugin's fields (`extra.<id>`). */
  readonly id: string
  /** Semantic version; an upgrade re-validates the tenant's config against the new schema. */
  readonly version: string
  readonly name: BilingualText
  readonly description: BilingualText
  /**
   * The tenant's configuration, decoded from JSON; a config that fails it is refused with the
   * path of each wrong field. If the plugin calls out over HTTP, it has `allowedHosts: string[]`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: the encoded side is JSON of any shape
  readonly configSchema: Schema.Codec<Config, any, never, never>
  readonly capabilities: ReadonlyArray<PluginCapability>
  /** Registers the plugin's hooks. Called once per process, with no tenant: it must not do I/O. */
  readonly setup: (registry: PluginRegistry<Config>) => void
}

/**
 * Declares a plugin; a plugin package default-exports the result.
 *
 * ```ts
 * export default definePlugin({ id: "ho-chi-minh", version: "1.0.0", …, setup(register) { register.rules({ … }) } })
 * ```
 */
export const definePlugin = <Config>(definition: PluginDefinition<Config>): PluginDefinition<Config> => {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(definition.id)) {
    throw new Error(`definePlugin: id "${definition.id}" must be kebab-case (a-z, 0-9, -)`)
  }
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(definition.version)) {
    throw new Error(`definePlugin(${definition.id}): version "${definition.version}" is not semantic (1.2.3)`)
  }
  return definition
}

/** Every registration of a plugin, as the host and the test kit read them after `setup`. */
export interface PluginRegistrations<Config> {
  readonly rules: RuleHooks<Config>
  readonly fields: Required<FieldSets>
  readonly events: EventHandlers<Config>
  readonly routes: ReadonlyArray<RouteDefinition<Config>>
  readonly jobs: ReadonlyArray<JobDefinition<Config>>
  readonly reports: ReadonlyArray<ReportDefinition<Config>>
}

/**
 * Runs `setup` and collects what it registered; misused wiring (a hook registered twice, a field
 * name used twice, a route path that is not a path) fails at once with the plugin's id.
 */
export const collectRegistrations = <Config>(plugin: PluginDefinition<Config>): PluginRegistrations<Config> => {
  const fail = (what: string): never => {
    throw new Error(`plugin ${plugin.id}: ${what}`)
  }
  let rules: RuleHooks<Config> = {}
  const fields = { tripRequest: [], tripReport: [], member: [] } as {
    tripRequest: FieldSets["tripRequest"] & object
    tripReport: FieldSets["tripReport"] & object
    member: FieldSets["member"] & object
  }
  let events: EventHandlers<Config> = {}
  const routes: Array<RouteDefinition<Config>> = []
  const jobs: Array<JobDefinition<Config>> = []
  const reports: Array<ReportDefinition<Config>> = []
  plugin.setup({
    rules: (hooks) => {
      for (const name of Object.keys(hooks)) {
        if (name in rules) fail(`rule hook "${name}" registered twice`)
      }
      rules = { ...rules, ...hooks }
    },
    fields: (sets) => {
      for (const form of ["tripRequest", "tripReport", "member"] as const) {
        for (const field of sets[form] ?? []) {
          if (!/^[a-z][A-Za-z0-9]*$/.test(field.name)) fail(`field name "${field.name}" must be camelCase`)
          if (fields[form].some((known) => known.name === field.name))
            fail(`field "${form}.${field.name}" declared twice`)
          fields[form] = [...fields[form], field]
        }
      }
    },
    events: (handlers) => {
      for (const type of Object.keys(handlers)) {
        if (type in events) fail(`event handler "${type}" registered twice`)
      }
      events = { ...events, ...handlers }
    },
    routes: (list) => {
      for (const route of list) {
        if (!/^\/[A-Za-z0-9_\-/]*$/.test(route.path)) fail(`route path "${route.path}" is not a path`)
        if (routes.some((known) => known.method === route.method && known.path === route.path)) {
          fail(`route ${route.method.toUpperCase()} ${route.path} registered twice`)
        }
        routes.push(route)
      }
    },
    jobs: (list) => {
      for (const job of list) {
        if (jobs.some((known) => known.id === job.id)) fail(`job "${job.id}" registered twice`)
        jobs.push(job)
      }
    },
    reports: (list) => {
      for (const report of list) {
        if (reports.some((known) => known.id === report.id)) fail(`report "${report.id}" registered twice`)
        reports.push(report)
      }
    },
  })
  return { rules, fields, events, routes, jobs, reports }
}
