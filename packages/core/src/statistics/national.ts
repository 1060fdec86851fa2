import { type AnalystTx, analystQuery, type DatabaseError } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import type { CalendarDate } from "../calendar/calendar-day.ts"

/**
 * National statistics (Ban Tổ chức Trung ương): counts across tenants, read through the database's
 * one statistics function as the analyst role. Nothing here sees a row: the function counts and
 * suppresses small counts before anything leaves the database (migration 0011).
 */

/** What is counted, and by what. */
export const NATIONAL_MEASURES = {
  /** Trips by their actual departure. */
  trips: ["purpose", "country", "tenant"],
  /** Members abroad now. */
  abroad: ["purpose", "country", "tenant"],
  /** After-return reports by their deadline: on time, late, missing, pending; by tenant the late and missing. */
  reports: ["state", "tenant"],
  /** Violation cases by the day they were opened. */
  violations: ["kind", "tenant"],
  /** Closed cases by their outcome, by the day they were closed. */
  outcomes: ["outcome", "tenant"],
} as const

export type NationalMeasure = keyof typeof NATIONAL_MEASURES
export type NationalDimension = (typeof NATIONAL_MEASURES)[NationalMeasure][number]

/** Six months by month, a year by quarter, five years by year: the reports the centre asks for. */
export type StatisticsPeriod = "6m" | "1y" | "5y"

/** Counts below this are never shown (`migration 0011`, `abroad_national_statistics`). */
export const SUPPRESSION_THRESHOLD = 5

export interface StatisticsWindow {
  readonly from: CalendarDate
  /** Exclusive. */
  readonly to: CalendarDate
  readonly bucket: "month" | "quarter" | "year"
}

const iso = (date: Date) => date.toISOString().slice(0, 10)
const utc = (year: number, month: number) => new Date(Date.UTC(year, month, 1))

/**
 * The window of a report: 6 months from the first of `from`'s month (by default the half-year
 * `today` is in), a year from the start of `from`'s quarter (by default this year), five years
 * from the first of January of `from`'s year (by default the five years ending with this one).
 */
export const statisticsWindow = (
  period: StatisticsPeriod,
  from: CalendarDate | undefined,
  today: CalendarDate,
): StatisticsWindow => {
  const [todayYear, todayMonth] = today.split("-").map(Number) as [number, number]
  const [year, month] = (from ?? today).split("-").map(Number) as [number, number]
  switch (period) {
    case "6m": {
      const start = from === undefined ? utc(todayYear, todayMonth <= 6 ? 0 : 6) : utc(year, month - 1)
      return { from: iso(start), to: iso(utc(start.getUTCFullYear(), start.getUTCMonth() + 6)), bucket: "month" }
    }
    case "1y": {
      const start = from === undefined ? utc(todayYear, 0) : utc(year, Math.floor((month - 1) / 3) * 3)
      return { from: iso(start), to: iso(utc(start.getUTCFullYear() + 1, start.getUTCMonth())), bucket: "quarter" }
    }
    case "5y": {
      const first = from === undefined ? todayYear - 4 : year
      return { from: iso(utc(first, 0)), to: iso(utc(first + 5, 0)), bucket: "year" }
    }
  }
}

/** One count of a table; `count` is null and `suppressed` true where it is too small to show. */
export interface StatisticsCell {
  readonly key: string
  readonly count: number | null
  readonly suppressed: boolean
}

/** One bucket of the period (a month, a quarter, a year), or for `abroad` today. */
export interface StatisticsBucket {
  readonly from: CalendarDate
  readonly to: CalendarDate
  readonly total: number | null
  readonly totalSuppressed: boolean
  readonly items: ReadonlyArray<StatisticsCell>
}

const addBucket = (from: CalendarDate, bucket: StatisticsWindow["bucket"]) => {
  const [year, month] = from.split("-").map(Number) as [number, number]
  const months = bucket === "month" ? 1 : bucket === "quarter" ? 3 : 12
  return iso(utc(year, month - 1 + months))
}

/**
 * The table of `measure` by `dimension` over `window`, bucket by bucket, each with its total.
 * Keys the database did not return (no case at all) are filled with zero from `knownKeys`:
 * a zero singles nobody out.
 */
export const nationalStatistics = (input: {
  readonly measure: NationalMeasure
  readonly dimension: NationalDimension
  readonly window: StatisticsWindow
  readonly knownKeys?: ReadonlyArray<string>
}): Effect.Effect<ReadonlyArray<StatisticsBucket>, DatabaseError, AnalystTx> =>
  analystQuery((db) =>
    sql<{ bucket_start: string; key: string | null; count: number | null }>`
      select bucket_start::text as bucket_start, key, count
        from abroad_national_statistics(${input.measure}, ${input.dimension}, ${input.window.from}::date,
          ${input.window.to}::date, ${input.window.bucket})`.execute(db),
  ).pipe(
    Effect.map(({ rows }) => {
      const buckets = new Map<string, { total: number | null; items: Array<StatisticsCell> }>()
      for (const row of rows) {
        const bucket = buckets.get(row.bucket_start) ?? { total: null, items: [] }
        buckets.set(row.bucket_start, bucket)
        const count = row.count === null ? null : Number(row.count)
        if (row.key === null) bucket.total = count
        else bucket.items.push({ key: row.key, count, suppressed: count === null })
      }
      return [...buckets.entries()].map(([from, bucket]): StatisticsBucket => {
        const seen = new Set(bucket.items.map((item) => item.key))
        const zeros = (input.knownKeys ?? [])
          .filter((key) => !seen.has(key))
          .map((key) => ({ key, count: 0, suppressed: false }))
        return {
          from,
          to: input.measure === "abroad" ? from : addBucket(from, input.window.bucket),
          total: bucket.total,
          totalSuppressed: bucket.total === null,
          items: [...bucket.items, ...zeros].sort((a, b) => a.key.localeCompare(b.key)),
        }
      })
    }),
  )
