import {
  type CalendarDate,
  calendarDateOf,
  civilDateOf,
  dayNumberOf,
  dayNumberOfDate,
} from "../calendar/calendar-day.ts"

/**
 * The same day of the month `months` later; when that month is shorter, its last day
 * (2026-01-31 + 1 month = 2026-02-28, 2024-01-31 + 1 month = 2024-02-29, 2026-11-30 + 3 months = 2027-02-28).
 * This is how people count "one month from today", and what date libraries do (java.time, date-fns);
 * it is strictly increasing in `months`, so thresholds of different lengths never trade places.
 * The regulation counts a stay in these months: a stay of exactly N months ends on `addMonths(departure, N)`.
 */
export const addMonths = (date: CalendarDate, months: number): CalendarDate => {
  if (!Number.isInteger(months)) throw new RangeError(`a count of months must be a whole number, not ${months}`)
  const { year, month, day } = civilDateOf(dayNumberOfDate(date))
  const target = year * 12 + (month - 1) + months
  const targetYear = Math.floor(target / 12)
  const targetMonth = target - targetYear * 12 + 1
  const firstOfNext =
    targetMonth === 12 ? dayNumberOf(targetYear + 1, 1, 1) : dayNumberOf(targetYear, targetMonth + 1, 1)
  const lastDay = civilDateOf(firstOfNext - 1).day
  return calendarDateOf(dayNumberOf(targetYear, targetMonth, Math.min(day, lastDay)))
}

/** Negative, zero or positive as `a` is before, on or after `b`: `YYYY-MM-DD` dates order as text. */
export const compareDates = (a: CalendarDate, b: CalendarDate): number => (a < b ? -1 : a > b ? 1 : 0)
