import { describe, expect, it } from "vitest"
import { hungKingsDay, lunarNewYear } from "../src/index.ts"

describe("the Vietnamese lunar calendar (Hồ Ngọc Đức's algorithm, UTC+7)", () => {
  it.each([
    [2014, "2014-01-31"],
    [2015, "2015-02-19"],
    [2016, "2016-02-08"],
    [2017, "2017-01-28"],
    [2018, "2018-02-16"],
    [2019, "2019-02-05"],
    [2020, "2020-01-25"],
    [2021, "2021-02-12"],
    [2022, "2022-02-01"],
    [2023, "2023-01-22"],
    [2024, "2024-02-10"],
    [2025, "2025-01-29"],
    [2026, "2026-02-17"],
    [2027, "2027-02-06"],
    [2028, "2028-01-26"],
    [2033, "2033-01-31"],
    [2035, "2035-02-08"],
  ])("puts Tết Nguyên Đán (lunar 1/1) of %i on %s", (year, date) => {
    expect(lunarNewYear(year)).toBe(date)
  })

  it.each([
    [2019, "2019-04-14"],
    [2020, "2020-04-02"],
    // 2023 has a leap second month: the commemoration is in the regular third month after it.
    [2023, "2023-04-29"],
    [2024, "2024-04-18"],
    [2025, "2025-04-07"],
    [2026, "2026-04-26"],
  ])("puts Giỗ Tổ Hùng Vương (lunar 10/3) of %i on %s", (year, date) => {
    expect(hungKingsDay(year)).toBe(date)
  })

  it("counts new moons in Vietnam's time, so Tết can come a day or a month before the Chinese New Year", () => {
    // The new moon of February 2030 is at 23:08 in Hanoi and 00:08 the next day in Beijing:
    // Tết Canh Tuất is 2 February, the Chinese New Year 3 February.
    expect(lunarNewYear(2030)).toBe("2030-02-02")
    // So in 2007 (17 vs 18 February); in 1985 the shifted months put Vietnam's Tết a whole
    // month earlier (21 January vs 20 February).
    expect(lunarNewYear(2007)).toBe("2007-02-17")
    expect(lunarNewYear(1985)).toBe("1985-01-21")
  })
})
