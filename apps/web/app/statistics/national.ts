import type { Lang } from "../i18n/language.ts"
import { countryName, labelOf } from "../i18n/messages.ts"
import type { Period } from "./periods.ts"

/**
 * The national statistics as `/api/national/…` answers them: a table of buckets (a month, a
 * quarter, a year; or today), each with its counts by one dimension and its total. A count
 * below the threshold arrives as null with `suppressed: true` — and is shown as such, never
 * guessed back from the total.
 */

export const MEASURES = {
  trips: ["purpose", "country", "tenant"],
  abroad: ["country", "tenant", "purpose"],
  reports: ["state", "tenant"],
  violations: ["kind", "tenant"],
  outcomes: ["outcome", "tenant"],
} as const

export type Measure = keyof typeof MEASURES

export const isMeasure = (value: string | null | undefined): value is Measure =>
  value !== null && value !== undefined && Object.hasOwn(MEASURES, value)

export interface StatisticsCell {
  readonly key: string
  readonly count: number | null
  readonly suppressed: boolean
}

export interface StatisticsBucket {
  readonly from: string
  readonly to: string
  readonly total: number | null
  readonly totalSuppressed: boolean
  readonly items: ReadonlyArray<StatisticsCell>
}

export interface NationalStatistics {
  readonly measure: string
  readonly by: string
  readonly period: Period | null
  readonly from: string
  readonly to: string
  readonly threshold: number
  readonly buckets: ReadonlyArray<StatisticsBucket>
}

/** The families of code labels each dimension's keys take their names from. */
const LABEL_FAMILY: Record<string, string> = {
  purpose: "purpose",
  state: "reportState",
  kind: "violationKind",
  outcome: "outcome",
}

/** A key's name: a purpose, a country, a tenant (by the names given, else its code), … */
export const keyLabel = (
  lang: Lang,
  dimension: string,
  key: string,
  tenantNames: Readonly<Record<string, string>> = {},
): string => {
  if (dimension === "country") return countryName(lang, key)
  if (dimension === "tenant") return tenantNames[key] ?? key
  const family = LABEL_FAMILY[dimension]
  return family === undefined ? key : labelOf(lang, family, key)
}

/** A count as a table shows it: the number, or "<5" where it is suppressed. */
export const countText = (count: number | null, suppressed: boolean, threshold: number): string =>
  suppressed || count === null ? `<${threshold}` : String(count)

/** Every key of the table, in the order of the largest count seen (suppressed ones last). */
export const keysOf = (statistics: NationalStatistics): ReadonlyArray<string> => {
  const largest = new Map<string, number>()
  for (const bucket of statistics.buckets)
    for (const item of bucket.items) largest.set(item.key, Math.max(largest.get(item.key) ?? -1, item.count ?? -1))
  return [...largest.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key)
}

/** The cell of `key` in `bucket`; a key the bucket lacks counted nothing there. */
export const cellOf = (bucket: StatisticsBucket, key: string): StatisticsCell =>
  bucket.items.find((item) => item.key === key) ?? { key, count: 0, suppressed: false }
