import type { CalendarDate } from "@abroad/db"
import { Clock, Effect } from "effect"

export type { CalendarDate }

/**
 * A day counted as its Julian day number: consecutive integers, so that "the next day" is `+ 1`
 * and no time zone or daylight saving can shift a day — a 'YYYY-MM-DD' string turned into a
 * JavaScript `Date` would be midnight UTC, which is 07:00 in Vietnam and a different day elsewhere.
 * The lunar calendar counts in the same numbers, which is why they are Julian and not days since 1970.
 */
export type DayNumber = number

/** Proleptic Gregorian calendar; every date this project handles is after 1582. */
export const dayNumberOf = (year: number, month: number, day: number): DayNumber => {
  const a = Math.floor((14 - month) / 12)
  const y = year + 4800 - a
  const m = month + 12 * a - 3
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  )
}

export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

export const civilDateOf = (dayNumber: DayNumber): CivilDate => {
  const a = dayNumber + 32044
  const b = Math.floor((4 * a + 3) / 146097)
  const c = a - Math.floor((b * 146097) / 4)
  const d = Math.floor((4 * c + 3) / 1461)
  const e = c - Math.floor((1461 * d) / 4)
  const m = Math.floor((5 * e + 2) / 153)
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  }
}

const pad = (value: number, width: number): string => String(value).padStart(width, "0")

export const calendarDateOf = (dayNumber: DayNumber): CalendarDate => {
  const { year, month, day } = civilDateOf(dayNumber)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The day a 'YYYY-MM-DD' string names, or `undefined` when it names none ('2025-02-29', '2025-2-3'). */
export const parseCalendarDate = (text: string): DayNumber | undefined => {
  const match = CALENDAR_DATE.exec(text)
  if (match === null) return undefined
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const dayNumber = dayNumberOf(year, month, day)
  // The day number of 2025-02-30 is that of 2025-03-02: a real day reads back the same.
  return calendarDateOf(dayNumber) === text ? dayNumber : undefined
}

/**
 * The day a date names. A malformed date here is a bug — dates are decoded at the edge, as the
 * rest of the platform does — so it throws rather than travel on as a value.
 */
export const dayNumberOfDate = (date: CalendarDate): DayNumber => {
  const dayNumber = parseCalendarDate(date)
  if (dayNumber === undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`)
  return dayNumber
}

/** 0 for Sunday … 6 for Saturday, as `Date.prototype.getDay`. */
export const weekdayOf = (dayNumber: DayNumber): number => (dayNumber + 1) % 7

/** Saturday or Sunday: the weekly rest days (ngày nghỉ hằng tuần) of state agencies. */
export const isWeekend = (dayNumber: DayNumber): boolean => {
  const weekday = weekdayOf(dayNumber)
  return weekday === 0 || weekday === 6
}

/**
 * The calendar day an instant falls on in Vietnam (UTC+7, no daylight saving): the day committees
 * work by, wherever the member or the server is. A trip is overdue from that day, not from UTC's.
 */
export const dayInVietnam = (instant: Date): CalendarDate =>
  new Date(instant.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10)

/** Today in Vietnam, by the program's `Clock`: what a test's clock says, the system's otherwise. */
export const todayInVietnam: Effect.Effect<CalendarDate> = Effect.map(Clock.currentTimeMillis, (millis) =>
  dayInVietnam(new Date(millis)),
)
