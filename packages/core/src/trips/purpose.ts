/**
 * Why a member goes abroad (mục đích chuyến đi). Private trips are told apart because statistics and
 * local rules treat tourism, family visits and medical treatment differently.
 */
export type TripPurpose =
  /** công tác */
  | "official_work"
  /** học tập */
  | "study"
  /** lao động (xuất khẩu lao động) */
  | "labour_export"
  /** việc riêng: du lịch */
  | "private_tourism"
  /** việc riêng: thăm thân */
  | "private_family_visit"
  /** việc riêng: chữa bệnh */
  | "private_medical_treatment"
  /** định cư */
  | "settlement"

export const TRIP_PURPOSES: ReadonlyArray<TripPurpose> = [
  "official_work",
  "study",
  "labour_export",
  "private_tourism",
  "private_family_visit",
  "private_medical_treatment",
  "settlement",
]
