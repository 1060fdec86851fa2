import { statisticsWindow } from "@abroad/core"
import { describe, expect, it } from "vitest"

describe("the window of a national report", () => {
  it("takes six months by month from the first of the month given, or the current half-year", () => {
    expect(statisticsWindow("6m", "2026-08-17", "2026-11-26")).toEqual({
      from: "2026-08-01",
      to: "2027-02-01",
      bucket: "month",
    })
    expect(statisticsWindow("6m", undefined, "2026-11-26")).toEqual({
      from: "2026-07-01",
      to: "2027-01-01",
      bucket: "month",
    })
    expect(statisticsWindow("6m", undefined, "2026-03-02")).toEqual({
      from: "2026-01-01",
      to: "2026-07-01",
      bucket: "month",
    })
  })

  it("takes a year by quarter from the start of the quarter given, or this year", () => {
    expect(statisticsWindow("1y", "2025-05-20", "2026-11-26")).toEqual({
      from: "2025-04-01",
      to: "2026-04-01",
      bucket: "quarter",
    })
    expect(statisticsWindow("1y", undefined, "2026-11-26")).toEqual({
      from: "2026-01-01",
      to: "2027-01-01",
      bucket: "quarter",
    })
  })

  it("takes five years by year from the January of the year given, or the five years ending with this one", () => {
    expect(statisticsWindow("5y", "2021-09-09", "2026-11-26")).toEqual({
      from: "2021-01-01",
      to: "2026-01-01",
      bucket: "year",
    })
    expect(statisticsWindow("5y", undefined, "2026-11-26")).toEqual({
      from: "2022-01-01",
      to: "2027-01-01",
      bucket: "year",
    })
  })
})
