import { type CalendarDate, calendarDateOf, civilDateOf, type DayNumber, dayNumberOf } from "./calendar-day.ts"

/**
 * The Vietnamese lunar calendar (âm lịch), computed with the astronomical algorithm published by
 * Hồ Ngọc Đức ("Thuật toán tính âm lịch", https://www.informatik.uni-leipzig.de/~duc/amlich/):
 * a month begins on the day, in Vietnam's time, of a new moon; month 11 is the one holding the
 * winter solstice; a year of 13 months repeats the first month that holds no major solar term.
 * The day of a new moon depends on the time zone — that is why the Vietnamese and Chinese
 * calendars part in some years (Tết 1985, 2007) — so it is computed for UTC+7, the zone of
 * Vietnam's official calendar since 1968. Good for 1800–2199, far more than the holidays need.
 */

const TIME_ZONE_HOURS = 7

/** The Julian day (fractional, UT) of the `k`-th new moon after 1900-01-01 (Meeus, low precision). */
const newMoon = (k: number): number => {
  const T = k / 1236.85
  const T2 = T * T
  const T3 = T2 * T
  const dr = Math.PI / 180
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr)
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M)
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr)
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr)
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr))
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M))
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr))
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M))
  // ΔT, the difference between terrestrial and universal time.
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2
  return jd1 + c1 - deltaT
}

/** The sun's ecliptic longitude, in radians in [0, 2π), at the Julian day `jdn` (UT). */
const sunLongitude = (jdn: number): number => {
  const T = (jdn - 2451545.0) / 36525
  const T2 = T * T
  const dr = Math.PI / 180
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2
  let dl = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M)
  dl = dl + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M)
  const L = (L0 + dl) * dr
  return L - Math.PI * 2 * Math.floor(L / (Math.PI * 2))
}

/** The day, in Vietnam, of the `k`-th new moon. */
const newMoonDay = (k: number): DayNumber => Math.floor(newMoon(k) + 0.5 + TIME_ZONE_HOURS / 24)

/** Which of the twelve 30° sectors the sun is in at the start of the day: 0 from the spring equinox. */
const solarTermSector = (dayNumber: DayNumber): number =>
  Math.floor((sunLongitude(dayNumber - 0.5 - TIME_ZONE_HOURS / 24) / Math.PI) * 6)

const SYNODIC_MONTH = 29.530588853
const NEW_MOON_1900 = 2415021.076998695

/** The first day of lunar month 11 — the month of the winter solstice — in Gregorian year `year`. */
const month11Start = (year: number): DayNumber => {
  const k = Math.floor((dayNumberOf(year, 12, 31) - 2415021) / SYNODIC_MONTH)
  const start = newMoonDay(k)
  // A new moon with the sun already past 270° began the month after the solstice's.
  return solarTermSector(start) >= 9 ? newMoonDay(k - 1) : start
}

/** How many months after month 11 (`a11`) the leap month comes, in a 13-month year. */
const leapMonthOffset = (a11: DayNumber): number => {
  const k = Math.floor((a11 - NEW_MOON_1900) / SYNODIC_MONTH + 0.5)
  let i = 1
  let sector = solarTermSector(newMoonDay(k + i))
  let last: number
  do {
    last = sector
    i++
    sector = solarTermSector(newMoonDay(k + i))
  } while (sector !== last && i < 14)
  return i - 1
}

/** A day of the lunar calendar; `leap` marks the repeated month (tháng nhuận) of a 13-month year. */
export interface LunarDate {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly leap: boolean
}

/** The solar day of a lunar date, or `undefined` when the year has no such leap month. */
export const solarDayOfLunar = (lunar: LunarDate): DayNumber | undefined => {
  const [a11, b11] =
    lunar.month < 11
      ? [month11Start(lunar.year - 1), month11Start(lunar.year)]
      : [month11Start(lunar.year), month11Start(lunar.year + 1)]
  const k = Math.floor(0.5 + (a11 - NEW_MOON_1900) / SYNODIC_MONTH)
  let offset = lunar.month - 11
  if (offset < 0) offset += 12
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11)
    let leapMonth = leapOffset - 2
    if (leapMonth < 0) leapMonth += 12
    if (lunar.leap && lunar.month !== leapMonth) return undefined
    if (lunar.leap || offset >= leapOffset) offset += 1
  } else if (lunar.leap) {
    return undefined
  }
  return newMoonDay(k + offset) + lunar.day - 1
}

/** The lunar date of a solar day. */
export const lunarDateOfDay = (dayNumber: DayNumber): LunarDate => {
  const k = Math.floor((dayNumber - NEW_MOON_1900) / SYNODIC_MONTH)
  let monthStart = newMoonDay(k + 1)
  if (monthStart > dayNumber) monthStart = newMoonDay(k)
  const { year } = civilDateOf(dayNumber)
  let a11 = month11Start(year)
  let b11 = a11
  let lunarYear: number
  if (a11 >= monthStart) {
    lunarYear = year
    a11 = month11Start(year - 1)
  } else {
    lunarYear = year + 1
    b11 = month11Start(year + 1)
  }
  const diff = Math.floor((monthStart - a11) / 29)
  let month = diff + 11
  let leap = false
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11)
    if (diff >= leapOffset) {
      month = diff + 10
      leap = diff === leapOffset
    }
  }
  if (month > 12) month -= 12
  if (month >= 11 && diff < 4) lunarYear -= 1
  return { year: lunarYear, month, day: dayNumber - monthStart + 1, leap }
}

const lunarDay = (year: number, month: number, day: number): DayNumber => {
  const dayNumber = solarDayOfLunar({ year, month, day, leap: false })
  // Every lunar year has a (non-leap) month 1 and month 3; only a leap month can be missing.
  if (dayNumber === undefined) throw new Error(`no lunar ${day}/${month} in ${year}`)
  return dayNumber
}

/** The day of Tết Nguyên Đán, the lunar new year (1/1 âm lịch), that falls in Gregorian year `year`. */
export const lunarNewYearDay = (year: number): DayNumber => lunarDay(year, 1, 1)

/**
 * Giỗ Tổ Hùng Vương, the Hùng Kings' commemoration (10/3 âm lịch) in Gregorian year `year`:
 * the day of the regular third month, also when a leap third month follows it.
 */
export const hungKingsDayNumber = (year: number): DayNumber => lunarDay(year, 3, 10)

/** The solar date of Tết Nguyên Đán (lunar 1/1) in `year`: `lunarNewYear(2025)` is '2025-01-29'. */
export const lunarNewYear = (year: number): CalendarDate => calendarDateOf(lunarNewYearDay(year))

/** The solar date of Giỗ Tổ Hùng Vương (lunar 10/3) in `year`: `hungKingsDay(2025)` is '2025-04-07'. */
export const hungKingsDay = (year: number): CalendarDate => calendarDateOf(hungKingsDayNumber(year))
