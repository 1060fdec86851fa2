import type { BilingualText } from "../text.ts"

/** An outbound call to a host the plugin's config does not allow. */
export class HostNotAllowed extends Error {
  readonly code = "plugin.host_not_allowed"
  readonly text: BilingualText
  constructor(host: string) {
    const text = {
      vi: `Phần mở rộng không được phép kết nối tới máy chủ "${host}" (không có trong allowedHosts).`,
      en: `The plugin may not connect to host "${host}" (not in allowedHosts).`,
    }
    super(`${text.vi} — ${text.en}`)
    this.name = "HostNotAllowed"
    this.text = text
  }
}

/**
 * Whether `host` is allowed: an exact name (case-insensitive), or `*.example.vn` for its
 * subdomains (not the apex itself). A port written in the list must match too.
 */
export const hostAllowed = (allowedHosts: ReadonlyArray<string>, host: string, port?: string): boolean => {
  const wanted = host.toLowerCase().replace(/^\[|\]$/g, "")
  return allowedHosts.some((entry) => {
    const [name = "", allowedPort] = entry.toLowerCase().split(/:(?=\d+$)/)
    if (allowedPort !== undefined && allowedPort !== port) return false
    const bare = name.replace(/^\[|\]$/g, "")
    return bare.startsWith("*.") ? wanted.endsWith(bare.slice(1)) : wanted === bare
  })
}
