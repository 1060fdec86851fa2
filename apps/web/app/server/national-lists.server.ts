import { translator } from "../i18n/messages.ts"
import {
  countText,
  keyLabel,
  type Measure,
  type NationalStatistics,
  type StatisticsBucket,
} from "../statistics/national.ts"
import { bucketLabel } from "../statistics/periods.ts"
import type { ListDefinition } from "./lists.server.ts"

/**
 * The national statistics as spreadsheets, one list per measure (`/export/national-trips.xlsx?by=…&period=…`):
 * a row per bucket and key, and each bucket's total, with the suppressed counts as "<5" — the
 * same table the page shows.
 */

interface StatisticsRow {
  readonly period: NationalStatistics["period"]
  readonly by: string
  readonly threshold: number
  readonly bucket: StatisticsBucket
  /** null: the bucket's total. */
  readonly key: string | null
  readonly count: number | null
  readonly suppressed: boolean
}

const rowsOf = (answer: NationalStatistics): ReadonlyArray<StatisticsRow> =>
  answer.buckets.flatMap((bucket) => [
    ...bucket.items.map((item) => ({
      ...answer,
      bucket,
      key: item.key,
      count: item.count,
      suppressed: item.suppressed,
    })),
    { ...answer, bucket, key: null, count: bucket.total, suppressed: bucket.totalSuppressed },
  ])

const statisticsList = (measure: Measure) =>
  ({
    capability: "statistics.national",
    crossTenant: true,
    path: `/api/national/${measure}`,
    filters: measure === "abroad" ? ["by"] : ["by", "period", "from"],
    rowsOf,
    nextOf: () => undefined,
    title: (lang) => translator(lang)(`measure_${measure}`),
    columns: (lang) => {
      const t = translator(lang)
      return [
        [t("period"), (row: StatisticsRow) => bucketLabel(lang, row.period, row.bucket.from)],
        [t("groupedBy"), (row: StatisticsRow) => (row.key === null ? t("total") : keyLabel(lang, row.by, row.key))],
        [
          t("count"),
          (row: StatisticsRow) =>
            row.suppressed || row.count === null ? countText(row.count, true, row.threshold) : row.count,
        ],
      ]
    },
  }) satisfies ListDefinition<StatisticsRow>

export const NATIONAL_LISTS = {
  "national-trips": statisticsList("trips"),
  "national-abroad": statisticsList("abroad"),
  "national-reports": statisticsList("reports"),
  "national-violations": statisticsList("violations"),
  "national-outcomes": statisticsList("outcomes"),
} as const satisfies Record<`national-${Measure}`, unknown>
