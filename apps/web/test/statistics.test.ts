import { describe, expect, it } from "vitest"
import { cellOf, countText, keyLabel, keysOf, type NationalStatistics } from "../app/statistics/national.ts"
import { bucketLabel, shiftPeriod } from "../app/statistics/periods.ts"
import { niceScale, scaled } from "../app/statistics/scale.ts"
import { linePath } from "../app/ui/charts.tsx"

describe("a chart's value axis", () => {
  it("ends on a round number above the largest count, in steps of 1, 2 or 5 × 10ⁿ", () => {
    expect(niceScale(15)).toEqual({ top: 15, step: 5, ticks: [0, 5, 10, 15] })
    expect(niceScale(17)).toEqual({ top: 20, step: 5, ticks: [0, 5, 10, 15, 20] })
    expect(niceScale(4_321).step).toBe(1_000)
    expect(niceScale(4_321).top).toBe(5_000)
    expect(niceScale(0.4 * 1_000_000).ticks).toHaveLength(5)
  })

  it("counts in whole steps, even for tiny or empty data", () => {
    expect(niceScale(3)).toEqual({ top: 3, step: 1, ticks: [0, 1, 2, 3] })
    expect(niceScale(0)).toEqual({ top: 1, step: 1, ticks: [0, 1] })
  })

  it("places a value in proportion to the top", () => {
    expect(scaled(niceScale(20), 5, 200)).toBe(50)
  })
})

describe("a line through suppressed counts", () => {
  it("breaks where a count is hidden, drawing nothing the API did not say", () => {
    expect(
      linePath(
        [1, 2, null, 4, 5],
        (i) => i * 10,
        (v) => 100 - v,
      ),
    ).toBe("M0.0 99.0L10.0 98.0M30.0 96.0L40.0 95.0")
    expect(
      linePath(
        [null, null],
        (i) => i,
        (v) => v,
      ),
    ).toBe("")
  })
})

describe("the periods of the national statistics", () => {
  it("name each bucket as the period it counts, dates dd/mm/yyyy", () => {
    expect(bucketLabel("vi", "1y", "2026-10-01")).toBe("Quý IV/2026")
    expect(bucketLabel("en", "1y", "2026-04-01")).toBe("Q2 2026")
    expect(bucketLabel("vi", "6m", "2026-07-01")).toBe("07/2026")
    expect(bucketLabel("vi", "5y", "2024-01-01")).toBe("2024")
    expect(bucketLabel("vi", null, "2026-11-26")).toBe("26/11/2026")
  })

  it("step back and forward a whole period, across years", () => {
    expect(shiftPeriod("6m", "2026-01-01", -1)).toBe("2025-07-01")
    expect(shiftPeriod("1y", "2026-04-01", 1)).toBe("2027-04-01")
    expect(shiftPeriod("5y", "2022-01-01", -1)).toBe("2017-01-01")
  })
})

describe("a table of the national statistics", () => {
  const statistics: NationalStatistics = {
    measure: "trips",
    by: "purpose",
    period: "1y",
    from: "2026-01-01",
    to: "2027-01-01",
    threshold: 5,
    buckets: [
      {
        from: "2026-07-01",
        to: "2026-10-01",
        total: 9,
        totalSuppressed: false,
        items: [
          { key: "study", count: null, suppressed: true },
          { key: "official_work", count: 6, suppressed: false },
        ],
      },
      {
        from: "2026-10-01",
        to: "2027-01-01",
        total: null,
        totalSuppressed: true,
        items: [{ key: "private_tourism", count: 12, suppressed: false }],
      },
    ],
  }

  it("shows a suppressed count as below the threshold, never as a number", () => {
    expect(countText(null, true, 5)).toBe("<5")
    expect(countText(7, false, 5)).toBe("7")
    expect(countText(0, false, 5)).toBe("0")
  })

  it("orders the groups by their largest count, suppressed ones last", () => {
    expect(keysOf(statistics)).toEqual(["private_tourism", "official_work", "study"])
  })

  it("reads a group a period lacks as none counted", () => {
    const [first] = statistics.buckets
    expect(first === undefined ? undefined : cellOf(first, "private_tourism")).toEqual({
      key: "private_tourism",
      count: 0,
      suppressed: false,
    })
  })

  it("names the groups in the page's language; tenants by name when known", () => {
    expect(keyLabel("vi", "purpose", "study")).toBe("Học tập")
    expect(keyLabel("en", "state", "missing")).toBe("Missing")
    expect(keyLabel("vi", "country", "JP")).toBe("Nhật Bản")
    expect(keyLabel("vi", "tenant", "ha-noi", { "ha-noi": "Hà Nội" })).toBe("Hà Nội")
    expect(keyLabel("vi", "tenant", "hue")).toBe("hue")
  })
})
