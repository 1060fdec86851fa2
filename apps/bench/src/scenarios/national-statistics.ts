import { dayInVietnam, nationalStatistics, statisticsWindow, TRIP_PURPOSES } from "@abroad/core"
import { ANALYST_ACCOUNT } from "../accounts.ts"
import { captureAnalystStatements } from "../harness/capture.ts"
import type { Scenario } from "./scenario.ts"

/** The tables of the five-year view: trips by purpose, by country and by tenant. */
const DIMENSIONS = ["purpose", "country", "tenant"] as const

/** A cell as both sides answer it: the bucket, the key (none for the total) and the count (none if suppressed). */
const cellKey = (bucket: string, key: string | null, count: number | null) =>
  `${bucket}|${key ?? "total"}|${count ?? "suppressed"}`

/**
 * Thống kê toàn quốc, 5 năm: Ban Tổ chức Trung ương's five-year view of trips by year, as
 * `GET /api/national/trips?period=5y&by=…` serves it to `analyst@national` (the analyst role,
 * through the one statistics function of migration 0011), by purpose, country and tenant in turn.
 * The baseline calls the same function as the owner. The period is named (`from`), so both sides
 * count the same five years whatever the day.
 */
export const nationalStatisticsScenario: Scenario = {
  id: "national-5y",
  title: "National statistics: trips over five years, by year",
  targets: { p99Ms: 150, throughputRatio: 0.8 },
  prepare: async () => {
    const window = statisticsWindow("5y", undefined, dayInVietnam(new Date()))
    return {
      account: ANALYST_ACCOUNT,
      variants: await Promise.all(
        DIMENSIONS.map(async (dimension) => ({
          request: {
            method: "GET" as const,
            path: `/api/national/trips?period=5y&by=${dimension}&from=${window.from}`,
          },
          statements: await captureAnalystStatements(
            nationalStatistics({
              measure: "trips",
              dimension,
              window,
              knownKeys: dimension === "purpose" ? TRIP_PURPOSES : [],
            }),
          ),
          tenantId: null,
          role: "abroad_analyst" as const,
        })),
      ),
      // The platform fills keys with no trip at all with zero; the function returns only the others.
      idsOfPlatformAnswer: (body) =>
        (
          body as {
            buckets: ReadonlyArray<{
              from: string
              total: number | null
              items: ReadonlyArray<{ key: string; count: number | null }>
            }>
          }
        ).buckets
          .flatMap((bucket) => [
            cellKey(bucket.from, null, bucket.total),
            ...bucket.items
              .filter((item) => item.count !== 0)
              .map((item) => cellKey(bucket.from, item.key, item.count)),
          ])
          .sort(),
      idsOfBaselineRows: (rows) =>
        rows
          .map((row) =>
            cellKey(
              String(row.bucket_start),
              row.key === null ? null : String(row.key),
              row.count === null ? null : Number(row.count),
            ),
          )
          .sort(),
    }
  },
}
