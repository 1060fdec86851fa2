import type { PluginContext } from "./context.ts"
import type { Awaitable } from "./rules.ts"

/** Scheduled work for each tenant that enabled the plugin; one process runs it at a time. */
export interface JobDefinition<Config> {
  /** kebab-case, unique within the plugin. */
  readonly id: string
  readonly schedule: { readonly everyMinutes: number } | { readonly dailyAt: string /* HH:MM, Vietnam time */ }
  readonly run: (ctx: PluginContext<Config>) => Awaitable<void>
}
