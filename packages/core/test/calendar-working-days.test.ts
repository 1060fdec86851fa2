import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addCalendarDays,
  addWorkingDays,
  CalendarOutOfRange,
  isWorkingDay,
  type ReportDeadlineRule,
  reportDeadline,
} from "../src/index.ts"

const after = (date: string, days: number) => Result.getOrThrow(addWorkingDays(date, days))
const working = (date: string) => Result.getOrThrow(isWorkingDay(date))
const deadline = (returnDate: string, rule: ReportDeadlineRule) => Result.getOrThrow(reportDeadline(returnDate, rule))

describe("working-day arithmetic", () => {
  it("counts from the day after the date, skipping weekends", () => {
    // Friday 7 March 2025: Monday 10 is day 1, Tuesday 18 day 7.
    expect(after("2025-03-07", 1)).toBe("2025-03-10")
    expect(after("2025-03-07", 7)).toBe("2025-03-18")
    // Returning on a Sunday counts from Monday all the same.
    expect(after("2025-03-09", 1)).toBe("2025-03-10")
    expect(after("2025-03-07", 0)).toBe("2025-03-07")
  })

  it("jumps the whole Tết break: back on Friday 24 January 2025, seven working days end on 11 February", () => {
    // 25/1–2/2 off; 3–7/2 are days 1–5, Monday 10 and Tuesday 11 days 6 and 7.
    expect(after("2025-01-24", 7)).toBe("2025-02-11")
    expect(after("2025-01-24", 1)).toBe("2025-02-03")
    expect(after("2026-02-13", 1)).toBe("2026-02-23")
  })

  it("skips 30/4–1/5 with its bridge day and counts the Saturday worked for it", () => {
    // Friday 25/4/2025: Saturday 26 is worked (day 1), Monday 28 and Tuesday 29 days 2–3,
    // 30/4–4/5 off, then 5–8 May days 4–7.
    expect(after("2025-04-25", 1)).toBe("2025-04-26")
    expect(after("2025-04-25", 7)).toBe("2025-05-08")
  })

  it("skips National Day with its adjacent day", () => {
    // Friday 29/8/2025; 30/8–2/9 off.
    expect(after("2025-08-29", 1)).toBe("2025-09-03")
    expect(after("2025-08-29", 3)).toBe("2025-09-05")
  })

  it("skips the compensatory day of a holiday on a weekend", () => {
    // 2/9/2018 was a Sunday, so Monday 3/9 was off as well.
    expect(working("2018-09-03")).toBe(false)
    expect(after("2018-08-31", 1)).toBe("2018-09-04")
  })

  it("counts a make-up Saturday: back on Friday 24 January 2014, the next working day was the next day", () => {
    expect(after("2014-01-24", 1)).toBe("2014-01-25")
    expect(after("2014-01-24", 2)).toBe("2014-01-27")
    expect(after("2014-01-27", 1)).toBe("2014-02-06")
  })

  it("refuses to count past the calendar's last day", () => {
    const result = addWorkingDays("2035-12-28", 7)
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) {
      expect(result.failure).toBeInstanceOf(CalendarOutOfRange)
      expect(result.failure.requested).toBe("2036-01-01")
    }
    expect(after("2035-12-28", 1)).toBe("2035-12-31")
    expect(Result.isFailure(addWorkingDays("2013-12-31", 1))).toBe(true)
  })

  it("treats a malformed date or a negative count as a bug, not as a value", () => {
    expect(() => addWorkingDays("2025-02-29", 1)).toThrow(RangeError)
    expect(() => addWorkingDays("2025-2-3", 1)).toThrow(RangeError)
    expect(() => addWorkingDays("2025-03-07", -1)).toThrow(RangeError)
    expect(() => addWorkingDays("2025-03-07", 1.5)).toThrow(RangeError)
  })
})

describe("calendar-day arithmetic", () => {
  it("moves across months, leap days and years, in both directions", () => {
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29")
    expect(addCalendarDays("2025-02-28", 1)).toBe("2025-03-01")
    expect(addCalendarDays("2025-12-25", 15)).toBe("2026-01-09")
    expect(addCalendarDays("2025-01-01", -1)).toBe("2024-12-31")
    // Plain arithmetic: not bound to the holiday calendar's years.
    expect(addCalendarDays("2040-06-30", 1)).toBe("2040-07-01")
  })
})

describe("the after-return report deadline", () => {
  it("is the n-th working day after the return for a working-day rule", () => {
    expect(deadline("2025-01-24", { kind: "working_days", days: 7 })).toBe("2025-02-11")
  })

  it("is the n-th calendar day after the return when the office is open that day", () => {
    expect(deadline("2025-03-03", { kind: "calendar_days", days: 15 })).toBe("2025-03-18")
    // Saturday 26/4/2025 is a make-up working day: the office is open.
    expect(deadline("2025-04-11", { kind: "calendar_days", days: 15 })).toBe("2025-04-26")
  })

  it("moves a calendar-day deadline that ends on a weekend or a day off to the next working day", () => {
    // Civil Code 2015 art. 148(5). The fifteenth day is Saturday 22 March …
    expect(deadline("2025-03-07", { kind: "calendar_days", days: 15 })).toBe("2025-03-24")
    // … or 30 April, in a break that lasts until Sunday 4 May.
    expect(deadline("2025-04-15", { kind: "calendar_days", days: 15 })).toBe("2025-05-05")
    // … or Tết 2026.
    expect(deadline("2026-02-01", { kind: "calendar_days", days: 15 })).toBe("2026-02-23")
  })

  it("fails clearly when the deadline would fall after 2035", () => {
    const result = reportDeadline("2035-12-20", { kind: "calendar_days", days: 15 })
    expect(Result.isFailure(result)).toBe(true)
    if (Result.isFailure(result)) expect(result.failure.message.en).toContain("2036-01-04")
  })
})

describe("working-day arithmetic, for any day and count", () => {
  // Any day from 2014-01-01 to 2035-08-31: sixty working days later is still in 2035.
  const span = (Date.UTC(2035, 7, 31) - Date.UTC(2014, 0, 1)) / 86_400_000
  const day = fc.integer({ min: 0, max: span }).map((offset) => addCalendarDays("2014-01-01", offset))
  const count = fc.integer({ min: 1, max: 60 })

  it("never lands on a day off", () => {
    fc.assert(
      fc.property(day, count, (date, days) => {
        expect(working(after(date, days))).toBe(true)
      }),
    )
  })

  it("is strictly increasing in the number of days", () => {
    fc.assert(
      fc.property(day, count, count, (date, a, b) => {
        fc.pre(a !== b)
        const [fewer, more] = a < b ? [a, b] : [b, a]
        expect(after(date, fewer) < after(date, more)).toBe(true)
      }),
    )
  })

  it("passes exactly n working days, the last of them the deadline", () => {
    fc.assert(
      fc.property(day, count, (date, days) => {
        const end = after(date, days)
        let passed = 0
        for (let d = addCalendarDays(date, 1); d <= end; d = addCalendarDays(d, 1)) if (working(d)) passed++
        expect(passed).toBe(days)
      }),
    )
  })
})
