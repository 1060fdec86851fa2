import { Result } from "effect"
import { type CalendarDate, calendarDateOf, type DayNumber, dayNumberOfDate } from "./calendar-day.ts"
import { CalendarOutOfRange, coveredDay, isCoveredDay } from "./coverage.ts"
import { isWorkingDayNumber } from "./public-holidays.ts"

/**
 * Whether state agencies work on `date` (ngày làm việc): a weekday that is no holiday,
 * compensatory or bridge day, or a Saturday worked in exchange for a bridge day.
 */
export const isWorkingDay = (date: CalendarDate): Result.Result<boolean, CalendarOutOfRange> =>
  Result.map(coveredDay(date), isWorkingDayNumber)

// A negative or fractional count is a caller's bug (a tenant setting is validated where it is
// saved), not a condition to handle: it fails loudly instead of travelling as a value.
const requireDayCount = (days: number): void => {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`a count of days must be a whole number ≥ 0, not ${days}`)
  }
}

const nextWorkingDay = (after: DayNumber, count: number): Result.Result<DayNumber, CalendarOutOfRange> => {
  let day = after
  let counted = 0
  while (counted < count) {
    day++
    if (!isCoveredDay(day)) return Result.fail(CalendarOutOfRange.of(calendarDateOf(day)))
    if (isWorkingDayNumber(day)) counted++
  }
  return Result.succeed(day)
}

/**
 * The `days`-th working day after `date`, not counting `date` itself (the Civil Code's rule that a
 * period in days starts the day after the event, art. 147(2)). Returning on a Friday before Tết
 * 2025, seven working days land after the nine-day break. With 0 days, `date` itself.
 */
export const addWorkingDays = (date: CalendarDate, days: number): Result.Result<CalendarDate, CalendarOutOfRange> => {
  requireDayCount(days)
  return Result.flatMap(coveredDay(date), (start) => Result.map(nextWorkingDay(start, days), calendarDateOf))
}

/** `date` moved by `days` calendar days (negative goes back): plain arithmetic, good in any year. */
export const addCalendarDays = (date: CalendarDate, days: number): CalendarDate => {
  if (!Number.isInteger(days)) throw new RangeError(`a count of days must be a whole number, not ${days}`)
  return calendarDateOf(dayNumberOfDate(date) + days)
}

/**
 * How long a member has to file the after-return report (báo cáo kết quả sau chuyến đi): a tenant
 * setting, "7 working days" in some units, "15 days" in others.
 */
export type ReportDeadlineRule =
  | { readonly kind: "working_days"; readonly days: number }
  | { readonly kind: "calendar_days"; readonly days: number }

/**
 * The last day to file the after-return report for a return on `returnDate`. A period in calendar
 * days that ends on a weekend or a day off ends instead on the next working day (Civil Code 2015
 * art. 148(5)): back on 15 April 2025 with 15 days, the fifteenth day is 30 April, the break
 * runs to Sunday 4 May, and the report is due on Monday 5 May.
 */
export const reportDeadline = (
  returnDate: CalendarDate,
  rule: ReportDeadlineRule,
): Result.Result<CalendarDate, CalendarOutOfRange> => {
  requireDayCount(rule.days)
  switch (rule.kind) {
    case "working_days":
      return addWorkingDays(returnDate, rule.days)
    case "calendar_days":
      return Result.flatMap(coveredDay(returnDate), (start) => {
        const last = start + rule.days
        if (!isCoveredDay(last)) return Result.fail(CalendarOutOfRange.of(calendarDateOf(last)))
        return isWorkingDayNumber(last)
          ? Result.succeed(calendarDateOf(last))
          : Result.map(nextWorkingDay(last, 1), calendarDateOf)
      })
  }
}
