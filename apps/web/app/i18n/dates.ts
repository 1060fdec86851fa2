/**
 * Dates as Vietnamese offices write them: dd/mm/yyyy, in both languages. Days travel as
 * `YYYY-MM-DD` in the API; forms take dd/mm/yyyy text, so the way a date is typed does not
 * depend on the browser's locale.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

export const formatDay = (day: string | null | undefined): string => {
  if (day === null || day === undefined) return ""
  const match = DAY.exec(day)
  return match === null ? day : `${match[3]}/${match[2]}/${match[1]}`
}

/** An instant, as the day and time in Vietnam (UTC+7). */
export const formatInstant = (instant: string): string => {
  const date = new Date(instant)
  if (Number.isNaN(date.getTime())) return instant
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ""
  return `${part("day")}/${part("month")}/${part("year")} ${part("hour")}:${part("minute")}`
}

/**
 * `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` between) to `YYYY-MM-DD`; undefined when it is not a
 * day that exists. An ISO day is taken as it is.
 */
export const parseDay = (text: string): string | undefined => {
  const trimmed = text.trim()
  const iso = DAY.exec(trimmed)
  const match = iso === null ? /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed) : null
  const [year, month, day] =
    iso !== null
      ? [iso[1], iso[2], iso[3]].map(Number)
      : match !== null
        ? [match[3], match[2], match[1]].map(Number)
        : []
  if (year === undefined || month === undefined || day === undefined) return undefined
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`
}

/** Today in Vietnam, as `YYYY-MM-DD`. */
export const todayInVietnam = (now = new Date()): string =>
  new Date(now.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10)
