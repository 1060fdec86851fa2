import type { PluginContext } from "./context.ts"
import type { Awaitable } from "./rules.ts"
import type { BilingualText } from "./text.ts"

/** A report a province defines for itself, listed beside the platform's and exported like them. */
export interface ReportDefinition<Config> {
  readonly id: string
  readonly title: BilingualText
  readonly columns: ReadonlyArray<{ readonly key: string; readonly label: BilingualText }>
  readonly run: (
    params: Readonly<Record<string, string>>,
    ctx: PluginContext<Config>,
  ) => Awaitable<ReadonlyArray<Readonly<Record<string, string | number | boolean | null>>>>
}
