import type { RuleOutcome, TripRequestView } from "@abroad/plugin-sdk"
import { gateOf } from "./gates.ts"

const field = (name: string) => `extra.quang-ninh.${name}`

/**
 * A day trip (đi trong ngày) across the land border: out and back the same day, to China only,
 * through a land gate with China both ways, with a border pass. Anything else is refused with the
 * field to fix; a request that holds is marked for the officers as a day trip.
 */
const dayTripOutcomes = (trip: TripRequestView): ReadonlyArray<RuleOutcome> => {
  const problems: Array<RuleOutcome> = []
  const block = (rule: string, vi: string, en: string, at?: string): void => {
    problems.push({ kind: "block", rule: `quang-ninh.${rule}`, message: { vi, en }, ...(at ? { field: at } : {}) })
  }
  if (trip.plannedDeparture !== trip.plannedReturn) {
    block(
      "day_trip_same_day",
      "Chuyến đi trong ngày phải có ngày về trùng ngày đi.",
      "A day trip must return on the day it leaves.",
      "plannedReturn",
    )
  }
  if (trip.countries.length !== 1 || trip.countries[0] !== "CN") {
    block(
      "day_trip_china_only",
      "Chuyến đi trong ngày qua biên giới đất liền chỉ đến Trung Quốc.",
      "A day trip across the land border goes to China only.",
      "countries",
    )
  }
  for (const name of ["exitGate", "entryGate"] as const) {
    if (gateOf(trip.fields[name])?.kind !== "land_china") {
      block(
        "day_trip_land_gate",
        "Chuyến đi trong ngày phải qua cửa khẩu đất liền với Trung Quốc (Móng Cái, Bắc Luân II, Hoành Mô, Bắc Phong Sinh).",
        "A day trip must cross at a land gate with China (Móng Cái, Bắc Luân II, Hoành Mô, Bắc Phong Sinh).",
        field(name),
      )
    }
  }
  if (typeof trip.fields.borderPassNumber !== "string") {
    block(
      "day_trip_border_pass",
      "Chuyến đi trong ngày cần số giấy thông hành.",
      "A day trip needs the border pass number.",
      field("borderPassNumber"),
    )
  }
  if (problems.length > 0) return problems
  return [
    {
      kind: "warn",
      rule: "quang-ninh.day_trip",
      message: {
        vi: `Chuyến đi trong ngày sang Trung Quốc bằng giấy thông hành số ${String(trip.fields.borderPassNumber)}: hồ sơ rút gọn, vẫn xét duyệt theo Quy định 86.`,
        en: `Day trip to China with border pass ${String(trip.fields.borderPassNumber)}: a shorter file, still decided under Regulation 86.`,
      },
    },
  ]
}

/** The checks on the gates of a request: the day-trip conditions, or a hint when gate and country disagree. */
export const gateOutcomes = (trip: TripRequestView): ReadonlyArray<RuleOutcome> => {
  if (trip.fields.dayTrip === true) return dayTripOutcomes(trip)
  const usesLandGate = [trip.fields.exitGate, trip.fields.entryGate].some(
    (value) => gateOf(value)?.kind === "land_china",
  )
  if (usesLandGate && !trip.countries.includes("CN")) {
    return [
      {
        kind: "warn",
        rule: "quang-ninh.land_gate_without_china",
        message: {
          vi: "Cửa khẩu đất liền đã chọn dẫn sang Trung Quốc, nhưng Trung Quốc không có trong các nước đến.",
          en: "The land gate chosen leads to China, but China is not among the countries of the trip.",
        },
      },
    ]
  }
  return []
}
