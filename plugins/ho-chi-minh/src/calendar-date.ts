import { Schema } from "@abroad/plugin-sdk"

/** A day as `yyyy-mm-dd` that exists in the calendar (no 31 April). */
export const CalendarDate = Schema.String.check(
  Schema.makeFilter(
    (text: string) =>
      // An impossible month gives an invalid Date, whose toISOString would throw: checked first.
      (/^\d{4}-\d{2}-\d{2}$/.test(text) &&
        !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
        new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)) ||
      "not a calendar day (yyyy-mm-dd)",
  ),
)

/** `yyyy-mm-dd` as Vietnamese write it: `dd/mm/yyyy`. */
export const vietnameseDate = (day: string): string => day.split("-").reverse().join("/")
