import type { PluginClock } from "../context.ts"
import type { HolidayCalendar } from "./holidays.ts"

const DAY_MS = 86_400_000
const VIETNAM_OFFSET_MS = 7 * 3_600_000

const dateOf = (text: string): number => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    throw new RangeError(`not a calendar day (yyyy-mm-dd): "${text}"`)
  }
  return Date.parse(`${text}T00:00:00Z`)
}

const textOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/**
 * A clock a test sets and moves, counting working days like the platform: the `days`-th working
 * day after `from`, not counting `from` (0 answers `from`).
 */
export interface TestClock extends PluginClock {
  /** Whether state agencies work on `day` (a weekday off or a Saturday worked in exchange counted). */
  readonly isWorkingDay: (day: string) => boolean
  readonly set: (now: Date) => void
  readonly advance: (ms: number) => void
}

export const testClock = (start: Date, calendar: HolidayCalendar): TestClock => {
  let now = start.getTime()
  const off = new Set(calendar.daysOff)
  const worked = new Set(calendar.makeUpWorkingDays)
  const isWorkingDay = (day: string): boolean => {
    const year = Number(day.slice(0, 4))
    if (year < calendar.years.from || year > calendar.years.to) {
      throw new RangeError(
        `the test calendar knows the days off of ${calendar.years.from}–${calendar.years.to} only, not ${day}; pass holidays to testTenant`,
      )
    }
    if (worked.has(day)) return true
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    return weekday !== 0 && weekday !== 6 && !off.has(day)
  }
  return {
    isWorkingDay,
    now: () => new Date(now),
    today: () => textOf(now + VIETNAM_OFFSET_MS),
    addWorkingDays: (from, days) => {
      if (!Number.isInteger(days) || days < 0)
        throw new RangeError(`a count of days must be a whole number ≥ 0, not ${days}`)
      let day = dateOf(from)
      let counted = 0
      while (counted < days) {
        day += DAY_MS
        if (isWorkingDay(textOf(day))) counted++
      }
      return textOf(day)
    },
    set: (next) => {
      now = next.getTime()
    },
    advance: (ms) => {
      now += ms
    },
  }
}
