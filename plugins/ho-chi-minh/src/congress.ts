import { configField, Schema } from "@abroad/plugin-sdk"
import { CalendarDate } from "./calendar-date.ts"

/**
 * A Party Congress period (thời gian Đại hội Đảng bộ): the days around a congress when the city
 * wants its members at home, from the preparation to the closing, as the Standing Committee sets them.
 */
export const CongressPeriod = Schema.Struct({
  name: configField(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)), {
    label: { vi: "Tên kỳ Đại hội", en: "Congress" },
  }),
  from: configField(CalendarDate, { label: { vi: "Từ ngày", en: "From" }, date: true }),
  to: configField(CalendarDate, { label: { vi: "Đến ngày", en: "To" }, date: true }),
}).check(Schema.makeFilter((period) => period.from <= period.to || "`from` must not be after `to`"))
export type CongressPeriod = typeof CongressPeriod.Type

/** The purposes the regulation calls private (việc riêng): tourism, family visit, medical treatment. */
export const PRIVATE_PURPOSES: ReadonlyArray<string> = [
  "private_tourism",
  "private_family_visit",
  "private_medical_treatment",
]

/** The configured periods a trip's planned days touch: a trip from `departure` to `ret` overlaps when neither ends before the other starts. */
export const overlappingPeriods = (
  periods: ReadonlyArray<CongressPeriod>,
  departure: string,
  ret: string,
): ReadonlyArray<CongressPeriod> => periods.filter((period) => departure <= period.to && ret >= period.from)
