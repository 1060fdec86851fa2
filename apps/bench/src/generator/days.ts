/** Calendar days as the platform keeps them (`YYYY-MM-DD`), counted as whole days since 1970-01-01. */
export type Day = number

const MS_PER_DAY = 86_400_000

export const dayOf = (text: string): Day => Math.round(Date.parse(`${text}T00:00:00Z`) / MS_PER_DAY)

const texts = new Map<Day, string>()
/** The day as `YYYY-MM-DD`; memoised, since a national data set names the same few thousand days millions of times. */
export const dayText = (day: Day): string => {
  let text = texts.get(day)
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10)
    texts.set(day, text)
  }
  return text
}

/** The same day `years` years later (29 February rolls to 1 March). */
export const yearsLater = (day: Day, years: number): Day => {
  const date = new Date(day * MS_PER_DAY)
  date.setUTCFullYear(date.getUTCFullYear() + years)
  return Math.round(date.getTime() / MS_PER_DAY)
}

export const yearOf = (day: Day): number => new Date(day * MS_PER_DAY).getUTCFullYear()
