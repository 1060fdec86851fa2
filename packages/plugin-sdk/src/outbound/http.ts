import { HostNotAllowed, hostAllowed } from "./hosts.ts"

export interface AllowedFetchOptions {
  readonly allowedHosts: ReadonlyArray<string>
  /** Each call is aborted after this long. */
  readonly timeoutMs: number
  /** The real fetch; tests may pass another. */
  readonly fetch?: typeof globalThis.fetch
}

/**
 * `fetch` for a plugin: only http(s), only to allowed hosts, never following a redirect to
 * another host, and aborted after `timeoutMs`. The host and the test kit both hand this to plugins.
 */
export const allowedFetch =
  (options: AllowedFetchOptions) =>
  async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input)
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new HostNotAllowed(url.protocol)
    if (!hostAllowed(options.allowedHosts, url.hostname, url.port || undefined)) throw new HostNotAllowed(url.host)
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(options.timeoutMs)])
      : AbortSignal.timeout(options.timeoutMs)
    // A redirect could lead to a host that is not allowed: it is answered to the plugin, not followed.
    return (options.fetch ?? globalThis.fetch)(url, { ...init, signal, redirect: "manual" })
  }
