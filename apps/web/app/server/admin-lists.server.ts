import { type Account, accountState } from "../accounts.ts"
import { type AuditEntry, detailsText } from "../audit.ts"
import { formatInstant, parseDay } from "../i18n/dates.ts"
import type { Lang } from "../i18n/language.ts"
import { labelOf, translator } from "../i18n/messages.ts"
import type { ListDefinition } from "./lists.server.ts"

/** The administrators' lists, exported like the desk's: the tenant's accounts and its audit log. */

/** The start of a day in Vietnam (UTC+7), as the API's instant. */
const startOfDay = (day: string, plusDays = 0): string => {
  const start = new Date(`${day}T00:00:00+07:00`)
  return new Date(start.getTime() + plusDays * 86_400_000).toISOString()
}

/**
 * The audit page's filters as the API takes them: days typed dd/mm/yyyy become the instants that
 * bound them in Vietnam, `to` included (the API's `to` is exclusive, so the day after).
 */
export const auditQuery = (params: URLSearchParams): URLSearchParams => {
  const query = new URLSearchParams()
  for (const name of ["actor", "action"]) {
    const value = params.get(name)?.trim()
    if (value) query.set(name, value)
  }
  const from = parseDay(params.get("from") ?? "")
  const to = parseDay(params.get("to") ?? "")
  if (from !== undefined) query.set("from", startOfDay(from))
  if (to !== undefined) query.set("to", startOfDay(to, 1))
  return query
}

export const ADMIN_LISTS = {
  users: {
    capability: "user.read",
    path: "/users",
    filters: ["q"],
    rowsOf: (answer: { accounts: ReadonlyArray<Account> }) => answer.accounts,
    nextOf: () => undefined,
    title: (lang: Lang) => translator(lang)("adminUsers"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("username"), (row: Account) => row.username],
        [t("displayName"), (row: Account) => row.displayName],
        [t("accountState"), (row: Account) => t(accountState(row))],
        [t("secondFactor"), (row: Account) => (row.totpEnrolled ? t("yes") : t("no"))],
        [t("createdOn"), (row: Account) => formatInstant(row.createdAt)],
      ]
    },
  } satisfies ListDefinition<Account>,
  audit: {
    capability: "audit.read",
    path: "/audit",
    filters: [],
    query: auditQuery,
    rowsOf: (answer: { entries: ReadonlyArray<AuditEntry> }) => answer.entries,
    nextOf: (answer: { next: number | null }) => (answer.next === null ? undefined : { before: String(answer.next) }),
    title: (lang: Lang) => translator(lang)("adminAudit"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("time"), (row: AuditEntry) => formatInstant(row.occurredAt)],
        [t("actor"), (row: AuditEntry) => row.actor],
        [t("auditAction"), (row: AuditEntry) => labelOf(lang, "auditAction", row.action)],
        [
          t("entity"),
          (row: AuditEntry) =>
            [row.entityType === null ? null : labelOf(lang, "auditEntity", row.entityType), row.entityId]
              .filter(Boolean)
              .join(" "),
        ],
        [t("auditDetails"), (row: AuditEntry) => detailsText(lang, row.details)],
        [t("ipAddress"), (row: AuditEntry) => row.ip ?? ""],
      ]
    },
  } satisfies ListDefinition<AuditEntry>,
} as const
