import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { dayNumberOfDate } from "../src/calendar/calendar-day.ts"
import { lunarNewYearDay } from "../src/calendar/lunar-calendar.ts"
import { defaultNationalDayAdjacent, defaultTetDaysBeforeNewYear } from "../src/calendar/public-holidays.ts"
import { PUBLISHED_SCHEDULES } from "../src/calendar/published-schedules.ts"
import {
  addCalendarDays,
  CalendarOutOfRange,
  FIRST_CALENDAR_YEAR,
  holidayScheduleSource,
  holidaysOf,
  isWorkingDay,
  LAST_CALENDAR_YEAR,
  makeUpWorkingDays,
} from "../src/index.ts"

const holidays = (year: number) => Result.getOrThrow(holidaysOf(year))
const working = (date: string) => Result.getOrThrow(isWorkingDay(date))
const daysFrom = (first: string, last: string): ReadonlyArray<string> => {
  const days: Array<string> = []
  for (let day = first; day <= last; day = addCalendarDays(day, 1)) days.push(day)
  return days
}

/**
 * The breaks state agencies were given, as announced (first and last day off, weekends included).
 * The calendar must reproduce each one exactly: off throughout, at work the day before and after.
 */
const ANNOUNCED_BREAKS: ReadonlyArray<readonly [occasion: string, first: string, last: string]> = [
  ["Tết 2014, two days swapped", "2014-01-28", "2014-02-05"],
  ["30/4–1/5 2014, Friday swapped", "2014-04-30", "2014-05-04"],
  ["New Year 2015, worked back on 27/12/2014", "2015-01-01", "2015-01-04"],
  ["Tết 2015, Monday swapped", "2015-02-15", "2015-02-23"],
  ["Hùng Kings, 30/4, 1/5 2015", "2015-04-28", "2015-05-03"],
  ["Tết 2016", "2016-02-06", "2016-02-14"],
  ["Hùng Kings 2016 on a Saturday", "2016-04-16", "2016-04-18"],
  ["30/4–1/5 2016 on a weekend", "2016-04-30", "2016-05-03"],
  ["New Year 2017 on a Sunday", "2016-12-31", "2017-01-02"],
  ["Tết 2017", "2017-01-26", "2017-02-01"],
  ["Hùng Kings 2017, one day", "2017-04-06", "2017-04-06"],
  ["Tết 2018", "2018-02-14", "2018-02-20"],
  ["30/4–1/5 2018", "2018-04-28", "2018-05-01"],
  ["National Day 2018 on a Sunday", "2018-09-01", "2018-09-03"],
  ["New Year 2019, 31/12 swapped", "2018-12-29", "2019-01-01"],
  ["Tết 2019", "2019-02-02", "2019-02-10"],
  ["Hùng Kings 2019 on a Sunday", "2019-04-13", "2019-04-15"],
  ["30/4–1/5 2019, Monday swapped", "2019-04-27", "2019-05-01"],
  ["Tết 2020", "2020-01-23", "2020-01-29"],
  ["30/4–1/5 2020", "2020-04-30", "2020-05-03"],
  ["National Day 2020, one day", "2020-09-02", "2020-09-02"],
  ["Tết 2021", "2021-02-10", "2021-02-16"],
  ["National Day 2021, with 3/9", "2021-09-02", "2021-09-05"],
  ["New Year 2022 on a Saturday", "2022-01-01", "2022-01-03"],
  ["Tết 2022", "2022-01-29", "2022-02-06"],
  ["30/4–1/5 2022 on a weekend", "2022-04-30", "2022-05-03"],
  ["National Day 2022, with 1/9", "2022-09-01", "2022-09-04"],
  ["Tết 2023", "2023-01-20", "2023-01-26"],
  ["Hùng Kings, 30/4, 1/5 2023 from a Saturday", "2023-04-29", "2023-05-03"],
  ["Tết 2024", "2024-02-08", "2024-02-14"],
  ["30/4–1/5 2024, Monday swapped", "2024-04-27", "2024-05-01"],
  ["National Day 2024, with 3/9", "2024-08-31", "2024-09-03"],
  ["Tết 2025", "2025-01-25", "2025-02-02"],
  ["30/4–1/5 2025, Friday swapped", "2025-04-30", "2025-05-04"],
  ["National Day 2025, with 1/9", "2025-08-30", "2025-09-02"],
  ["New Year 2026, Friday swapped", "2026-01-01", "2026-01-04"],
  ["Tết 2026", "2026-02-14", "2026-02-22"],
  ["National Day 2026, Monday swapped", "2026-08-29", "2026-09-02"],
]

describe("the public holidays of state agencies", () => {
  it.each(ANNOUNCED_BREAKS)("reproduce the announced break: %s, %s to %s", (_, first, last) => {
    expect(working(addCalendarDays(first, -1))).toBe(true)
    for (const day of daysFrom(first, last)) expect([day, working(day)]).toEqual([day, false])
    expect(working(addCalendarDays(last, 1))).toBe(true)
  })

  it("name Tết's five days by their lunar dates, as the decisions do", () => {
    const tet2025 = holidays(2025).filter((holiday) => holiday.name.vi.startsWith("Tết Nguyên Đán"))
    // Thông báo 6150/TB-BLĐTBXH: Tết from 28 tháng Chạp to mùng 3 tháng Giêng (27–31/1/2025).
    expect(tet2025.map((holiday) => [holiday.date, holiday.kind, holiday.name.vi])).toEqual([
      ["2025-01-27", "holiday", "Tết Nguyên Đán (28 tháng Chạp)"],
      ["2025-01-28", "holiday", "Tết Nguyên Đán (29 tháng Chạp)"],
      ["2025-01-29", "holiday", "Tết Nguyên Đán (mùng 1 tháng Giêng)"],
      ["2025-01-30", "holiday", "Tết Nguyên Đán (mùng 2 tháng Giêng)"],
      ["2025-01-31", "holiday", "Tết Nguyên Đán (mùng 3 tháng Giêng)"],
    ])
    expect(tet2025[0]?.name.en).toBe("Lunar New Year (Tết), lunar 28/12")
  })

  it("give the next working day off when a holiday falls on a weekend (nghỉ bù)", () => {
    // 2/9/2018 was a Sunday.
    expect(holidays(2018).filter((holiday) => holiday.date.startsWith("2018-09"))).toEqual([
      { date: "2018-09-02", kind: "holiday", name: { vi: "Quốc khánh (2/9)", en: "National Day (2 September)" } },
      {
        date: "2018-09-03",
        kind: "compensatory",
        name: { vi: "Nghỉ bù Quốc khánh (2/9)", en: "Day off in lieu of National Day (2 September)" },
      },
    ])
    // 30/4 and 1/5/2022 were a Saturday and a Sunday: Monday and Tuesday off, one for each.
    expect(
      holidays(2022)
        .filter((holiday) => holiday.kind === "compensatory")
        .map((holiday) => holiday.date),
    ).toEqual(["2022-01-03", "2022-04-11", "2022-05-02", "2022-05-03"])
  })

  it("follow the Labour Code 2012 until 2020 and the 2019 Code, with a second National Day holiday, from 2021", () => {
    const count = (year: number) => holidays(year).filter((holiday) => holiday.kind === "holiday").length
    for (let year = FIRST_CALENDAR_YEAR; year <= 2020; year++) expect([year, count(year)]).toEqual([year, 10])
    for (let year = 2021; year <= LAST_CALENDAR_YEAR; year++) expect([year, count(year)]).toEqual([year, 11])
    expect(
      holidays(2020)
        .filter((holiday) => holiday.date.startsWith("2020-09"))
        .map((h) => h.date),
    ).toEqual(["2020-09-02"])
    expect(
      holidays(2021)
        .filter((holiday) => holiday.date.startsWith("2021-09"))
        .map((h) => h.date),
    ).toEqual(["2021-09-02", "2021-09-03"])
  })

  it("list each bridge day with the Saturday worked for it, also across the turn of a year", () => {
    expect(holidays(2015).find((holiday) => holiday.date === "2015-01-02")?.kind).toBe("bridge")
    expect(Result.getOrThrow(makeUpWorkingDays(2014)).map((day) => [day.date, day.dayOff])).toEqual([
      ["2014-01-25", "2014-01-28"],
      ["2014-02-08", "2014-01-29"],
      ["2014-04-26", "2014-05-02"],
      ["2014-12-27", "2015-01-02"],
    ])
    expect(Result.getOrThrow(makeUpWorkingDays(2025)).map((day) => day.date)).toEqual(["2025-04-26"])
    // Tết 2025's nine days are five holidays and two weekends: nothing to work back.
    expect(Result.getOrThrow(makeUpWorkingDays(2025)).some((day) => day.date < "2025-03-01")).toBe(false)
  })

  it("count a make-up Saturday as a working day", () => {
    for (let year = FIRST_CALENDAR_YEAR; year <= LAST_CALENDAR_YEAR; year++) {
      for (const makeUp of Result.getOrThrow(makeUpWorkingDays(year))) {
        expect([makeUp.date, working(makeUp.date)]).toEqual([makeUp.date, true])
        expect(working(makeUp.dayOff)).toBe(false)
      }
    }
    expect(working("2025-04-26")).toBe(true)
    expect(working("2025-04-19")).toBe(false)
  })

  it("say which years are published and which are derived by rule, with no swaps in the derived ones", () => {
    expect(Result.getOrThrow(holidayScheduleSource(2026))).toEqual({
      kind: "published",
      documents: ["Thông báo 9441/TB-BNV (16/10/2025)", "Công văn 12729/VPCP-KGVX (25/12/2025) on New Year's Day"],
    })
    for (let year = 2027; year <= LAST_CALENDAR_YEAR; year++) {
      expect(Result.getOrThrow(holidayScheduleSource(year))).toEqual({ kind: "derived" })
      expect(holidays(year).filter((holiday) => holiday.kind === "bridge")).toEqual([])
      expect(Result.getOrThrow(makeUpWorkingDays(year))).toEqual([])
    }
  })

  it("derive undecided years by the choices the published years made", () => {
    // 2014 is the one exception: one day before a Friday Tết, with two swapped days before it.
    for (const schedule of PUBLISHED_SCHEDULES.filter((published) => published.year !== 2014)) {
      const tet = lunarNewYearDay(schedule.year)
      expect([schedule.year, defaultTetDaysBeforeNewYear(tet)]).toEqual([schedule.year, schedule.tetDaysBeforeNewYear])
      if (schedule.nationalDayAdjacent !== undefined) {
        const nationalDay = dayNumberOfDate(`${schedule.year}-09-02`)
        expect([schedule.year, defaultNationalDayAdjacent(nationalDay)]).toEqual([
          schedule.year,
          schedule.nationalDayAdjacent,
        ])
      }
    }
  })

  it("refuse years outside 2014–2035 with a bilingual error instead of guessing", () => {
    for (const year of [2013, 2036, 2025.5]) {
      const result = holidaysOf(year)
      expect(Result.isFailure(result)).toBe(true)
      if (Result.isFailure(result)) {
        expect(result.failure).toBeInstanceOf(CalendarOutOfRange)
        expect(result.failure.code).toBe("calendar_out_of_range")
        expect(result.failure.requested).toBe(String(year))
        expect(result.failure.message.vi).toContain("2014–2035")
        expect(result.failure.message.en).toContain("2014–2035")
      }
    }
    expect(Result.isFailure(makeUpWorkingDays(2036))).toBe(true)
    expect(Result.isFailure(holidayScheduleSource(2013))).toBe(true)
    expect(Result.isFailure(isWorkingDay("2013-12-31"))).toBe(true)
  })
})
