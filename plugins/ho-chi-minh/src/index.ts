import { configField, definePlugin, type RuleOutcome, Schema } from "@abroad/plugin-sdk"
import { vietnameseDate } from "./calendar-date.ts"
import { CongressPeriod, overlappingPeriods, PRIVATE_PURPOSES } from "./congress.ts"
import { TRIP_REQUEST_FIELDS } from "./fields.ts"

const Config = Schema.Struct({
  congressPeriods: configField(Schema.Array(CongressPeriod), {
    label: { vi: "Thời gian Đại hội Đảng bộ", en: "Party Congress periods" },
    help: {
      vi: "Chuyến đi việc riêng trùng các thời gian này cần Ban Thường vụ Thành ủy quyết định.",
      en: "Private trips overlapping these periods need the Standing Committee's decision.",
    },
  }),
  /** Working days to file the after-return report; the city's rule is 7. */
  reportWorkingDays: Schema.optionalKey(
    configField(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 60 })), {
      label: { vi: "Thời hạn nộp báo cáo (ngày làm việc)", en: "Report deadline (working days)" },
      help: { vi: "Từ 1 đến 60; mặc định 7.", en: "1 to 60; 7 when empty." },
    }),
  ),
})
export type HoChiMinhConfig = typeof Config.Type

/** Thành phố Hồ Chí Minh: the city's local rules on top of Regulation 86. */
export default definePlugin({
  id: "ho-chi-minh",
  version: "1.0.0",
  name: { vi: "Quy định riêng của TP. Hồ Chí Minh", en: "Ho Chi Minh City local rules" },
  description: {
    vi: "Thông tin người tiếp đón và liên hệ khẩn cấp; chuyến đi việc riêng trong thời gian Đại hội Đảng cần Ban Thường vụ Thành ủy quyết định; báo cáo sau chuyến đi trong 7 ngày làm việc.",
    en: "Host and emergency contact on the request; private trips during a Party Congress period need the Standing Committee; after-return report within 7 working days.",
  },
  configSchema: Config,
  capabilities: [],
  setup(register) {
    register.fields({ tripRequest: TRIP_REQUEST_FIELDS })
    register.rules({
      "trip.route": ({ trip }, ctx): ReadonlyArray<RuleOutcome> => {
        if (!PRIVATE_PURPOSES.includes(trip.purpose)) return []
        return overlappingPeriods(ctx.config.congressPeriods, trip.plannedDeparture, trip.plannedReturn).map(
          (period) => ({
            kind: "require_approval",
            rule: "ho-chi-minh.private_trip_in_congress_period",
            level: "standing_committee",
            message: {
              vi: `Chuyến đi việc riêng từ ${vietnameseDate(trip.plannedDeparture)} đến ${vietnameseDate(trip.plannedReturn)} trùng thời gian ${period.name} (${vietnameseDate(period.from)}–${vietnameseDate(period.to)}): cần Ban Thường vụ Thành ủy xem xét, quyết định.`,
              en: `A private trip from ${trip.plannedDeparture} to ${trip.plannedReturn} overlaps ${period.name} (${period.from} to ${period.to}): the city's Standing Committee must decide.`,
            },
          }),
        )
      },
      "trip.deadlines": (_input, ctx) => ({
        reportDeadline: { kind: "working_days", days: ctx.config.reportWorkingDays ?? 7 },
      }),
    })
  },
})
