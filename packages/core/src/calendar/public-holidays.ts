import { Result } from "effect"
import {
  type CalendarDate,
  calendarDateOf,
  civilDateOf,
  type DayNumber,
  dayNumberOf,
  dayNumberOfDate,
  isWeekend,
  weekdayOf,
} from "./calendar-day.ts"
import { type CalendarOutOfRange, coveredYear, FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR } from "./coverage.ts"
import { hungKingsDayNumber, lunarDateOfDay, lunarNewYearDay } from "./lunar-calendar.ts"
import { type BilingualName, type DaySwap, PUBLISHED_SCHEDULES, type PublishedSchedule } from "./published-schedules.ts"

/**
 * `holiday`: a public holiday of the Labour Code (ngày nghỉ lễ, Tết), listed even on a weekend;
 * `compensatory`: the working day off in lieu of a holiday on a weekend (ngày nghỉ bù);
 * `bridge`: a working day swapped off by the year's decision (ngày nghỉ hoán đổi), worked back on a weekend.
 */
export type HolidayKind = "holiday" | "compensatory" | "bridge"

export interface Holiday {
  readonly date: CalendarDate
  readonly name: BilingualName
  readonly kind: HolidayKind
}

/** A Saturday worked in exchange for a bridge day (ngày làm bù): a working day in every count. */
export interface MakeUpWorkingDay {
  readonly date: CalendarDate
  readonly name: BilingualName
  /** The bridge day it pays for. */
  readonly dayOff: CalendarDate
}

/** Whether a year's schedule is the one the state published, or derived from the law for a year not yet decided. */
export type HolidayScheduleSource =
  | { readonly kind: "published"; readonly documents: ReadonlyArray<string> }
  | { readonly kind: "derived" }

/**
 * The Labour Code in force: the 2012 Code (art. 115) until 2020, the 2019 Code (art. 112) from
 * 1 January 2021, which added the second National Day holiday.
 */
const labourCodeOf = (year: number): 2012 | 2019 => (year >= 2021 ? 2019 : 2012)

const MONDAY = 1
const TUESDAY = 2
const THURSDAY = 4

/**
 * For a year not yet decided, how many Tết days come before lunar 1/1: one when Tết falls on a
 * Monday or Tuesday, else two — the choice every decision from 2015 to 2026 made, which puts the
 * five days on consecutive working days or joins them to a weekend. (2014 took one day before a
 * Friday Tết, with two swapped days in front of it.)
 */
export const defaultTetDaysBeforeNewYear = (tet: DayNumber): 1 | 2 => {
  const weekday = weekdayOf(tet)
  return weekday === MONDAY || weekday === TUESDAY ? 1 : 2
}

/**
 * For a year not yet decided, the second National Day holiday: 3/9 when 2/9 is a Monday or a
 * Thursday, else 1/9 — what the decisions for 2021–2026 chose, each joining the two days to a weekend.
 */
export const defaultNationalDayAdjacent = (nationalDay: DayNumber): "before" | "after" => {
  const weekday = weekdayOf(nationalDay)
  return weekday === MONDAY || weekday === THURSDAY ? "after" : "before"
}

interface DayName {
  readonly dayNumber: DayNumber
  readonly name: BilingualName
}

const tetDayName = (dayNumber: DayNumber): BilingualName => {
  const lunar = lunarDateOfDay(dayNumber)
  return lunar.month === 12
    ? { vi: `Tết Nguyên Đán (${lunar.day} tháng Chạp)`, en: `Lunar New Year (Tết), lunar ${lunar.day}/12` }
    : { vi: `Tết Nguyên Đán (mùng ${lunar.day} tháng Giêng)`, en: `Lunar New Year (Tết), lunar ${lunar.day}/1` }
}

/** The public holidays (ngày nghỉ lễ, Tết) of the Labour Code in `year`, in date order. */
const statutoryHolidays = (year: number, published: PublishedSchedule | undefined): ReadonlyArray<DayName> => {
  const tet = lunarNewYearDay(year)
  const daysBefore = published?.tetDaysBeforeNewYear ?? defaultTetDaysBeforeNewYear(tet)
  const tetDays = Array.from({ length: 5 }, (_, i) => tet - daysBefore + i).map((dayNumber) => ({
    dayNumber,
    name: tetDayName(dayNumber),
  }))
  const nationalDay = dayNumberOf(year, 9, 2)
  const secondNationalDay =
    labourCodeOf(year) === 2019
      ? [
          {
            dayNumber:
              (published?.nationalDayAdjacent ?? defaultNationalDayAdjacent(nationalDay)) === "before"
                ? nationalDay - 1
                : nationalDay + 1,
            name: { vi: "Nghỉ lễ Quốc khánh (ngày liền kề 2/9)", en: "National Day holiday (day next to 2 September)" },
          },
        ]
      : []
  const holidays: ReadonlyArray<DayName> = [
    { dayNumber: dayNumberOf(year, 1, 1), name: { vi: "Tết Dương lịch", en: "New Year's Day" } },
    ...tetDays,
    {
      dayNumber: hungKingsDayNumber(year),
      name: { vi: "Giỗ Tổ Hùng Vương (10/3 âm lịch)", en: "Hùng Kings' Commemoration Day (lunar 10/3)" },
    },
    {
      dayNumber: dayNumberOf(year, 4, 30),
      name: { vi: "Ngày Chiến thắng (30/4)", en: "Reunification Day (30 April)" },
    },
    {
      dayNumber: dayNumberOf(year, 5, 1),
      name: { vi: "Ngày Quốc tế Lao động (1/5)", en: "International Labour Day (1 May)" },
    },
    ...secondNationalDay,
    { dayNumber: nationalDay, name: { vi: "Quốc khánh (2/9)", en: "National Day (2 September)" } },
  ]
  const sorted = [...holidays].sort((a, b) => a.dayNumber - b.dayNumber)
  for (let i = 1; i < sorted.length; i++) {
    // The lunar holidays cannot reach the fixed ones in 2014–2035 (Giỗ Tổ is at latest 29/4, in
    // 2023); a year where they met would need a decision on the lost day, not a silent merge.
    if (sorted[i]?.dayNumber === sorted[i - 1]?.dayNumber) {
      throw new Error(`two public holidays on ${calendarDateOf(sorted[i]?.dayNumber ?? 0)}`)
    }
  }
  return sorted
}

/**
 * A holiday on a weekly rest day gives a day off on the next working day (Labour Code 2012 art.
 * 115(3), 2019 art. 111(3)): the next weekday that is neither a holiday nor already given in lieu
 * of an earlier one — so 30/4 and 1/5 on a weekend give the Monday and the Tuesday.
 */
const compensatoryDays = (holidays: ReadonlyArray<DayName>): ReadonlyArray<DayName> => {
  const taken = new Set(holidays.map((holiday) => holiday.dayNumber))
  const compensatory: Array<DayName> = []
  for (const holiday of holidays) {
    if (!isWeekend(holiday.dayNumber)) continue
    let day = holiday.dayNumber + 1
    while (isWeekend(day) || taken.has(day)) day++
    taken.add(day)
    compensatory.push({
      dayNumber: day,
      name: { vi: `Nghỉ bù ${holiday.name.vi}`, en: `Day off in lieu of ${holiday.name.en}` },
    })
  }
  return compensatory
}

/** 'd/m/yyyy', as Vietnamese documents write a date. */
const viDate = (date: CalendarDate): string => {
  const { year, month, day } = civilDateOf(dayNumberOfDate(date))
  return `${day}/${month}/${year}`
}

const bridgeName = (swap: DaySwap): BilingualName => ({
  vi: `Nghỉ hoán đổi dịp ${swap.occasion.vi} (làm bù ngày ${viDate(swap.makeUp)})`,
  en: `Swapped day off for ${swap.occasion.en} (worked on ${swap.makeUp} instead)`,
})

const makeUpName = (swap: DaySwap): BilingualName => ({
  vi: `Làm bù cho ngày nghỉ hoán đổi ${viDate(swap.dayOff)} dịp ${swap.occasion.vi}`,
  en: `Make-up working day for the swapped day off on ${swap.dayOff} (${swap.occasion.en})`,
})

interface HolidayCalendar {
  /** Every day off that is not a weekend by itself: holidays (also on weekends), compensatory and bridge days. */
  readonly daysOff: ReadonlyMap<DayNumber, Holiday>
  readonly makeUpDays: ReadonlyMap<DayNumber, MakeUpWorkingDay>
}

/**
 * The whole calendar, built once when the module loads: 22 years of a few dozen days, and
 * building it checks the published data against the rules, so a mistyped swap fails every test
 * rather than one deadline.
 */
const buildCalendar = (): HolidayCalendar => {
  const daysOff = new Map<DayNumber, Holiday>()
  const makeUpDays = new Map<DayNumber, MakeUpWorkingDay>()
  const published = new Map(PUBLISHED_SCHEDULES.map((schedule) => [schedule.year, schedule]))
  for (let year = FIRST_CALENDAR_YEAR; year <= LAST_CALENDAR_YEAR; year++) {
    const holidays = statutoryHolidays(year, published.get(year))
    for (const { dayNumber, name } of holidays) {
      daysOff.set(dayNumber, { date: calendarDateOf(dayNumber), name, kind: "holiday" })
    }
    for (const { dayNumber, name } of compensatoryDays(holidays)) {
      daysOff.set(dayNumber, { date: calendarDateOf(dayNumber), name, kind: "compensatory" })
    }
  }
  for (const schedule of PUBLISHED_SCHEDULES) {
    for (const swap of schedule.swaps) {
      const dayOff = dayNumberOfDate(swap.dayOff)
      const makeUp = dayNumberOfDate(swap.makeUp)
      if (isWeekend(dayOff) || daysOff.has(dayOff)) {
        throw new Error(`${schedule.year}: swapped day off ${swap.dayOff} is not an ordinary working day`)
      }
      if (!isWeekend(makeUp) || daysOff.has(makeUp) || makeUpDays.has(makeUp)) {
        throw new Error(`${schedule.year}: make-up day ${swap.makeUp} is not a free weekend day`)
      }
      daysOff.set(dayOff, { date: swap.dayOff, name: bridgeName(swap), kind: "bridge" })
      makeUpDays.set(makeUp, { date: swap.makeUp, name: makeUpName(swap), dayOff: swap.dayOff })
    }
  }
  return { daysOff, makeUpDays }
}

const CALENDAR = buildCalendar()

const inYear = <A extends { readonly date: CalendarDate }>(entries: Iterable<A>, year: number): ReadonlyArray<A> =>
  [...entries].filter((entry) => entry.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date))

/**
 * The days off of `year` for state agencies, in date order: public holidays (also those on a
 * weekend), compensatory days and swapped bridge days. Published years follow their decisions;
 * later years follow the law and the usual choices (see `holidayScheduleSource`).
 */
export const holidaysOf = (year: number): Result.Result<ReadonlyArray<Holiday>, CalendarOutOfRange> =>
  Result.map(coveredYear(year), (covered) => inYear(CALENDAR.daysOff.values(), covered))

/** The weekend days of `year` worked in exchange for bridge days, in date order. */
export const makeUpWorkingDays = (year: number): Result.Result<ReadonlyArray<MakeUpWorkingDay>, CalendarOutOfRange> =>
  Result.map(coveredYear(year), (covered) => inYear(CALENDAR.makeUpDays.values(), covered))

/**
 * Whether `year`'s holidays are the published ones or derived: a derived year has no bridge days,
 * since swaps are decided each year, and its Tết days may move when the decision comes out.
 */
export const holidayScheduleSource = (year: number): Result.Result<HolidayScheduleSource, CalendarOutOfRange> =>
  Result.map(coveredYear(year), (covered): HolidayScheduleSource => {
    const published = PUBLISHED_SCHEDULES.find((schedule) => schedule.year === covered)
    return published === undefined ? { kind: "derived" } : { kind: "published", documents: published.documents }
  })

/** Whether state agencies work on this day; the day must lie in the covered years. */
export const isWorkingDayNumber = (dayNumber: DayNumber): boolean =>
  CALENDAR.makeUpDays.has(dayNumber) || !(isWeekend(dayNumber) || CALENDAR.daysOff.has(dayNumber))
