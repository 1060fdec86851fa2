import {
  type NationalDimension,
  type NationalMeasure,
  nationalStatistics,
  type StatisticsPeriod,
  SUPPRESSION_THRESHOLD,
  statisticsWindow,
  TRIP_PURPOSES,
  todayInVietnam,
  VIOLATION_KINDS,
  VIOLATION_OUTCOMES,
} from "@abroad/core"
import { Database } from "@abroad/db"
import { Effect, Schema } from "effect"
import { defineRoute } from "./route.ts"
import { Day } from "./schemas.ts"

/**
 * National statistics for the centre (Ban Tổ chức Trung ương), and the oversight body: counts
 * across tenants, read as the database's analyst role, which can do nothing but call the one
 * statistics function. No answer carries a name or a person's id; a count below the threshold is
 * null with `suppressed: true`, and so is any count that would give a suppressed one away.
 */

const Cell = Schema.Struct({
  key: Schema.String.annotate({ description: "A purpose, a country code, a tenant code, a state, a kind, an outcome" }),
  count: Schema.NullOr(Schema.Number),
  suppressed: Schema.Boolean,
}).annotate({ identifier: "StatisticsCell" })

const Bucket = Schema.Struct({
  from: Schema.String,
  to: Schema.String.annotate({ description: "Exclusive" }),
  total: Schema.NullOr(Schema.Number),
  totalSuppressed: Schema.Boolean,
  items: Schema.Array(Cell),
}).annotate({ identifier: "StatisticsBucket" })

const Answer = Schema.Struct({
  measure: Schema.String,
  by: Schema.String,
  period: Schema.NullOr(Schema.Literals(["6m", "1y", "5y"])),
  from: Schema.String,
  to: Schema.String,
  threshold: Schema.Number.annotate({ description: "Counts below it are suppressed" }),
  buckets: Schema.Array(Bucket),
}).annotate({ identifier: "NationalStatistics" })

const Period = Schema.Literals(["6m", "1y", "5y"]).annotate({
  description: "6m: six months by month; 1y: a year by quarter; 5y: five years by year",
})
const From = Day.annotate({
  description:
    "Where the period starts (its month, quarter or year); by default the current half-year, year, five years",
})

const REPORT_STATES = ["on_time", "late", "missing", "pending"]

const KNOWN_KEYS: Partial<Record<NationalDimension, ReadonlyArray<string>>> = {
  purpose: TRIP_PURPOSES,
  state: REPORT_STATES,
  kind: VIOLATION_KINDS,
  outcome: VIOLATION_OUTCOMES,
}

const answer = (input: {
  readonly measure: NationalMeasure
  readonly dimension: NationalDimension
  readonly period: StatisticsPeriod | undefined
  readonly from: string | undefined
}) =>
  Effect.gen(function* () {
    const today = yield* todayInVietnam
    const window =
      input.period === undefined
        ? { from: today, to: today, bucket: "month" as const }
        : statisticsWindow(input.period, input.from, today)
    const database = yield* Database
    const buckets = yield* database.withAnalyst(
      nationalStatistics({
        measure: input.measure,
        dimension: input.dimension,
        // The function wants a range even for `abroad`, which counts today alone.
        window: input.period === undefined ? { ...window, to: nextDay(today) } : window,
        knownKeys: KNOWN_KEYS[input.dimension] ?? [],
      }),
    )
    return {
      measure: input.measure,
      by: input.dimension,
      period: input.period ?? null,
      from: window.from,
      to: input.period === undefined ? window.from : window.to,
      threshold: SUPPRESSION_THRESHOLD,
      buckets,
    }
  })

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

const periodical = (measure: Exclude<NationalMeasure, "abroad">, dimensions: ReadonlyArray<string>, what: string) =>
  defineRoute({
    method: "get",
    path: `/api/national/${measure}`,
    operationId: `national${measure[0]?.toUpperCase()}${measure.slice(1)}`,
    summary: what,
    description:
      `By ${dimensions.map((d) => `\`${d}\``).join(", ")}; \`period\` 6m (by month), 1y (by quarter) or 5y (by ` +
      "year) from `from`. Aggregates only: a count below the threshold is null with `suppressed: true`, and so is " +
      "any count that would give one away (complementary suppression within each bucket).",
    tags: ["national"],
    access: { kind: "home", capability: "statistics.national" },
    query: Schema.Struct({
      by: Schema.optionalKey(Schema.Literals(dimensions as [string, ...Array<string>])),
      period: Schema.optionalKey(Period),
      from: Schema.optionalKey(From),
    }),
    success: { status: 200, description: "The table, bucket by bucket", schema: Answer },
    errors: [403, 503],
    handler: ({ query }) =>
      answer({
        measure,
        dimension: (query.by ?? dimensions[0]) as NationalDimension,
        period: query.period ?? "1y",
        from: query.from,
      }),
  })

export const nationalTripsRoute = periodical(
  "trips",
  ["purpose", "country", "tenant"],
  "Chuyến đi theo mục đích, nước đến, đơn vị, kỳ — trips by purpose, country, tenant and period",
)
export const nationalReportsRoute = periodical(
  "reports",
  ["state", "tenant"],
  "Báo cáo sau chuyến đi đúng hạn, muộn, chưa nộp — after-return reports on time, late and missing",
)
export const nationalViolationsRoute = periodical(
  "violations",
  ["kind", "tenant"],
  "Vi phạm theo loại, đơn vị, kỳ — violation cases by kind, tenant and period",
)
export const nationalOutcomesRoute = periodical(
  "outcomes",
  ["outcome", "tenant"],
  "Kết quả xử lý vi phạm — outcomes of closed cases by period",
)

export const nationalAbroadRoute = defineRoute({
  method: "get",
  path: "/api/national/abroad",
  operationId: "nationalAbroad",
  summary: "Đảng viên đang ở nước ngoài (số liệu) — members abroad now, counted",
  description:
    "By `country` (a trip to two countries counts in both), `tenant` or `purpose`. One bucket: today. Small " +
    "counts suppressed as everywhere here.",
  tags: ["national"],
  access: { kind: "home", capability: "statistics.national" },
  query: Schema.Struct({ by: Schema.optionalKey(Schema.Literals(["country", "tenant", "purpose"])) }),
  success: { status: 200, description: "The table", schema: Answer },
  errors: [403, 503],
  handler: ({ query }) =>
    answer({ measure: "abroad", dimension: query.by ?? "country", period: undefined, from: undefined }),
})

export const nationalRoutes = [
  nationalTripsRoute,
  nationalAbroadRoute,
  nationalReportsRoute,
  nationalViolationsRoute,
  nationalOutcomesRoute,
]
