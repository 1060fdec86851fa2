import type { Bilingual } from "./language.ts"

/**
 * The words of the desk's pages for violation cases, the oversight body's notices and the
 * transfers of party activity, and of the plugin values shown on a trip; part of `messages` and
 * `codeLabels` (kept apart so each set of pages owns its own words).
 */
export const deskMessages = {
  bulletinsToMe: { vi: "Thông tin gửi tới tôi", en: "Bulletins to me" },
  pluginValues: { vi: "Thông tin bổ sung", en: "Additional information" },
} satisfies Record<string, Bilingual>

export const deskCodeLabels: Record<string, Record<string, Bilingual>> = {}
