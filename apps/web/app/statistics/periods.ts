import type { Lang } from "../i18n/language.ts"

/**
 * The periods of the national statistics as the API answers them: six months by month, a year
 * by quarter, five years by year (the 5-year review), and "today" for members abroad now.
 */
export type Period = "6m" | "1y" | "5y"

export const PERIODS: ReadonlyArray<Period> = ["6m", "1y", "5y"]

export const isPeriod = (value: string | null | undefined): value is Period =>
  value === "6m" || value === "1y" || value === "5y"

/** A bucket's name: "11/2026", "Quý IV/2026" or "Q4 2026", "2026"; for a one-day answer, the day. */
export const bucketLabel = (lang: Lang, period: Period | null, from: string): string => {
  const [year, month, day] = from.split("-")
  if (period === null) return `${day}/${month}/${year}`
  if (period === "5y") return year ?? from
  if (period === "6m") return `${month}/${year}`
  const quarter = Math.floor((Number(month) - 1) / 3) + 1
  return lang === "vi" ? `Quý ${["I", "II", "III", "IV"][quarter - 1]}/${year}` : `Q${quarter} ${year}`
}

/** The first day of the period before (`-1`) or after (`1`) the one starting on `from`. */
export const shiftPeriod = (period: Period, from: string, direction: -1 | 1): string => {
  const [year, month] = from.split("-").map(Number) as [number, number]
  const months = period === "6m" ? 6 : period === "1y" ? 12 : 60
  const start = new Date(Date.UTC(year, month - 1 + direction * months, 1))
  return start.toISOString().slice(0, 10)
}
