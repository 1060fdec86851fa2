import { formatDay, formatInstant } from "./i18n/dates.ts"
import type { Bilingual, Lang } from "./i18n/language.ts"
import { countryName, labelOf } from "./i18n/messages.ts"

/** An entry of the tenant's audit log, as `GET /api/t/{tenant}/audit` answers it. */
export interface AuditEntry {
  readonly seq: number
  readonly occurredAt: string
  readonly actorUserId: string | null
  readonly actor: string
  readonly action: string
  readonly entityType: string | null
  readonly entityId: string | null
  readonly details: unknown
  readonly ip: string | null
}

/** The words for the keys the platform writes into entries' details; another key is shown as it is. */
const DETAIL_KEYS: Readonly<Record<string, Bilingual>> = {
  memberId: { vi: "Đảng viên", en: "Member" },
  memberTenantId: { vi: "Đơn vị của đảng viên", en: "Member's tenant" },
  tripId: { vi: "Chuyến đi", en: "Trip" },
  transferId: { vi: "Hồ sơ chuyển", en: "Transfer" },
  noticeId: { vi: "Thông báo", en: "Notice" },
  userId: { vi: "Tài khoản", en: "Account" },
  username: { vi: "Tên đăng nhập", en: "User name" },
  displayName: { vi: "Tên hiển thị", en: "Display name" },
  role: { vi: "Vai trò", en: "Role" },
  orgUnitId: { vi: "Tổ chức đảng", en: "Unit" },
  overseasOrgId: { vi: "Tổ chức đảng ở nước ngoài", en: "Organisation abroad" },
  committeeId: { vi: "Cấp ủy", en: "Committee" },
  tenantId: { vi: "Đơn vị", en: "Tenant" },
  tenantCode: { vi: "Đơn vị", en: "Tenant" },
  pluginId: { vi: "Phần mở rộng", en: "Plugin" },
  version: { vi: "Phiên bản", en: "Version" },
  enabled: { vi: "Đang bật", en: "Enabled" },
  configKeys: { vi: "Mục cấu hình", en: "Config keys" },
  fields: { vi: "Trường đã sửa", en: "Fields changed" },
  revision: { vi: "Lần sửa", en: "Revision" },
  occurredOn: { vi: "Ngày", en: "Day" },
  actorKind: { vi: "Người thực hiện", en: "Done by" },
  purpose: { vi: "Mục đích", en: "Purpose" },
  countries: { vi: "Nước đến", en: "Countries" },
  plannedDeparture: { vi: "Ngày đi dự kiến", en: "Planned departure" },
  plannedReturn: { vi: "Ngày về dự kiến", en: "Planned return" },
  previousPlannedReturn: { vi: "Ngày về trước đó", en: "Previous return" },
  newPlannedReturn: { vi: "Ngày về mới", en: "New return" },
  on: { vi: "Ngày", en: "On" },
  since: { vi: "Từ ngày", en: "Since" },
  reportDueOn: { vi: "Hạn báo cáo", en: "Report due" },
  late: { vi: "Trễ hạn", en: "Late" },
  verdict: { vi: "Ý kiến", en: "Verdict" },
  by: { vi: "Cấp", en: "By" },
  hasReason: { vi: "Có lý do", en: "Reason given" },
  hasComment: { vi: "Có nhận xét", en: "Comment given" },
  regulationVersion: { vi: "Phiên bản quy định", en: "Regulation version" },
  routing: { vi: "Cấp quyết định", en: "Routing" },
  arrangement: { vi: "Sinh hoạt đảng", en: "Party activity" },
  failures: { vi: "Số lần sai", en: "Failures" },
  until: { vi: "Đến", en: "Until" },
  from: { vi: "Từ", en: "From" },
  to: { vi: "Đến", en: "To" },
  reason: { vi: "Lý do", en: "Reason" },
  method: { vi: "Phương thức", en: "Method" },
  path: { vi: "Đường dẫn", en: "Path" },
  slug: { vi: "Bài", en: "Article" },
  targets: { vi: "Gửi đến", en: "Targets" },
  secondFactor: { vi: "Lớp xác thực thứ hai", en: "Second factor" },
}

/** The family of codes a detail's key holds, where the key is not itself the family's name. */
const CODE_FAMILY_OF_KEY: Readonly<Record<string, string>> = {
  actorKind: "role",
  kind: "violationKind",
  state: "taskState",
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DAY = /^\d{4}-\d{2}-\d{2}$/
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** An id as the page shows it: its first eight characters, enough to tell entries apart. */
export const shortId = (id: string): string => (UUID.test(id) ? id.slice(0, 8) : id)

/** One value of the details in words: days as dd/mm/yyyy, yes/no, codes by their labels. */
const valueText = (lang: Lang, key: string, value: unknown, shorten: boolean): string => {
  if (value === null || value === undefined) return ""
  if (typeof value === "boolean") return value ? (lang === "vi" ? "có" : "yes") : lang === "vi" ? "không" : "no"
  if (typeof value === "string") {
    if (UUID.test(value)) return shorten ? shortId(value) : value
    if (DAY.test(value)) return formatDay(value)
    if (INSTANT.test(value)) return formatInstant(value)
    if (key === "countries") return countryName(lang, value)
    // A code the interface has words for (a purpose, an outcome, a violation's kind, …), by them.
    return labelOf(lang, CODE_FAMILY_OF_KEY[key] ?? key, value)
  }
  if (Array.isArray(value)) return value.map((item) => valueText(lang, key, item, shorten)).join(", ")
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([inner, item]) => `${inner}: ${valueText(lang, inner, item, shorten)}`)
      .join(", ")
  }
  return String(value)
}

export interface DetailEntry {
  /** The key as the log keeps it (`memberId`). */
  readonly key: string
  readonly label: string
  readonly value: string
  /** The whole id, when `value` shows it shortened. */
  readonly full?: string
}

/**
 * An entry's details as labelled lines, as the log keeps them (never a secret): known keys in the
 * page's language, ids shortened on the page (`shorten`) and whole in a spreadsheet.
 */
export const detailEntries = (lang: Lang, details: unknown, shorten = true): ReadonlyArray<DetailEntry> => {
  if (details === null || details === undefined) return []
  if (typeof details !== "object" || Array.isArray(details)) {
    return [{ key: "", label: "", value: valueText(lang, "", details, shorten) }]
  }
  return Object.entries(details as Record<string, unknown>).map(([key, value]) => {
    const label = DETAIL_KEYS[key]?.[lang] ?? key
    const text = valueText(lang, key, value, shorten)
    return shorten && typeof value === "string" && UUID.test(value)
      ? { key, label, value: text, full: value }
      : { key, label, value: text }
  })
}

/** An entry's details in one line, ids whole: for the spreadsheet. */
export const detailsText = (lang: Lang, details: unknown): string =>
  detailEntries(lang, details, false)
    .map((entry) => (entry.label === "" ? entry.value : `${entry.label}: ${entry.value}`))
    .join("; ")

/** Where the page about an entry's subject is, for the subjects the administrators' pages show. */
export const entityHref = (entityType: string | null, entityId: string | null): string | undefined => {
  if (entityId === null) return undefined
  switch (entityType) {
    case "app_user":
      return `/admin/users/${encodeURIComponent(entityId)}`
    case "plugin":
      return `/admin/plugins/${encodeURIComponent(entityId)}`
    case "org_unit":
      return "/admin/org"
    case "tenant_setting":
      return "/admin/settings"
    default:
      return undefined
  }
}
