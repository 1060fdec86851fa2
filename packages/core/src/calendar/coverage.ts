import { Result, Schema } from "effect"
import { type CalendarDate, calendarDateOf, civilDateOf, type DayNumber, dayNumberOfDate } from "./calendar-day.ts"

/**
 * The years whose public holidays the platform knows: from Regulation 228 (2014), whose trips the
 * history holds, to 2035. Past 2035 Tết is still computable but the holidays are not — the labour
 * law changes (a Vietnamese Culture Day on 24/11 is already planned) — so the calendar refuses
 * rather than return a deadline that could be silently wrong. Extending it is a data change here.
 */
export const FIRST_CALENDAR_YEAR = 2014
export const LAST_CALENDAR_YEAR = 2035

/** A day or year outside the years the holiday calendar covers. */
export class CalendarOutOfRange extends Schema.TaggedError<CalendarOutOfRange>()("CalendarOutOfRange", {
  code: Schema.tag("calendar_out_of_range"),
  message: Schema.Struct({ vi: Schema.String, en: Schema.String }),
  /** The day or year asked about, or the first day a count ran into past the end. */
  requested: Schema.String,
  firstYear: Schema.Number,
  lastYear: Schema.Number,
}) {
  static readonly of = (requested: string) =>
    new CalendarOutOfRange({
      requested,
      firstYear: FIRST_CALENDAR_YEAR,
      lastYear: LAST_CALENDAR_YEAR,
      message: {
        vi: `Lịch ngày nghỉ lễ chỉ có các năm ${FIRST_CALENDAR_YEAR}–${LAST_CALENDAR_YEAR}, không có ${requested}.`,
        en: `The public-holiday calendar covers ${FIRST_CALENDAR_YEAR}–${LAST_CALENDAR_YEAR} only, not ${requested}.`,
      },
    })
}

export const isCoveredYear = (year: number): boolean =>
  Number.isInteger(year) && year >= FIRST_CALENDAR_YEAR && year <= LAST_CALENDAR_YEAR

export const coveredYear = (year: number): Result.Result<number, CalendarOutOfRange> =>
  isCoveredYear(year) ? Result.succeed(year) : Result.fail(CalendarOutOfRange.of(String(year)))

export const isCoveredDay = (dayNumber: DayNumber): boolean => isCoveredYear(civilDateOf(dayNumber).year)

/** The day a date names, if it lies in the covered years. */
export const coveredDay = (date: CalendarDate): Result.Result<DayNumber, CalendarOutOfRange> => {
  const dayNumber = dayNumberOfDate(date)
  return isCoveredDay(dayNumber)
    ? Result.succeed(dayNumber)
    : Result.fail(CalendarOutOfRange.of(calendarDateOf(dayNumber)))
}
