import type { PluginContext } from "./context.ts"
import type { Awaitable } from "./rules.ts"

/** An inbound request to `/api/t/{tenantCode}/plugins/{pluginId}{path}`. */
export interface PluginRequest {
  readonly method: string
  /** The route's own path, e.g. `/records`. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** Header names lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** The raw body, so that a signature can be checked over the exact bytes sent. */
  readonly body: string
  /** The signed-in account, on `session` routes. */
  readonly user?: { readonly id: string; readonly username: string }
}

export interface PluginResponse {
  readonly status: number
  readonly body: unknown
}

export interface RouteDefinition<Config> {
  readonly method: "get" | "post" | "put" | "delete"
  /** Starts with `/`; letters, digits, `-`, `_`, `/`. */
  readonly path: string
  /**
   * - `session`: a signed-in account of this tenant holding the plugin's capability `plugin.use`
   *   (officers and administrators);
   * - `signed`: no account; the plugin checks the request itself (a shared-secret signature).
   */
  readonly access: "session" | "signed"
  readonly summary: string
  readonly handler: (request: PluginRequest, ctx: PluginContext<Config>) => Awaitable<PluginResponse>
}
