import type { BilingualText } from "@abroad/plugin-sdk"

/**
 * Where a member leaves or enters the country from Quảng Ninh (cửa khẩu): the land border gates
 * with China, the province's airport and seaports, and "elsewhere" for a trip that leaves from
 * another province (Nội Bài, Hữu Nghị…).
 */
export interface BorderGate {
  readonly value: string
  readonly label: BilingualText
  /** `land_china`: a gate on the land border with China, where a border pass (giấy thông hành) is used. */
  readonly kind: "land_china" | "air" | "sea" | "elsewhere"
}

export const BORDER_GATES: ReadonlyArray<BorderGate> = [
  {
    value: "mong_cai",
    label: { vi: "Cửa khẩu quốc tế Móng Cái", en: "Móng Cái international border gate" },
    kind: "land_china",
  },
  {
    value: "bac_luan_2",
    label: { vi: "Cửa khẩu Bắc Luân II (Móng Cái)", en: "Bắc Luân II border gate (Móng Cái)" },
    kind: "land_china",
  },
  {
    value: "hoanh_mo",
    label: { vi: "Cửa khẩu Hoành Mô (Bình Liêu)", en: "Hoành Mô border gate (Bình Liêu)" },
    kind: "land_china",
  },
  {
    value: "bac_phong_sinh",
    label: { vi: "Cửa khẩu Bắc Phong Sinh (Hải Hà)", en: "Bắc Phong Sinh border gate (Hải Hà)" },
    kind: "land_china",
  },
  {
    value: "van_don_airport",
    label: { vi: "Cảng hàng không quốc tế Vân Đồn", en: "Vân Đồn international airport" },
    kind: "air",
  },
  {
    value: "cai_lan_port",
    label: { vi: "Cảng biển Cái Lân (Hạ Long)", en: "Cái Lân seaport (Hạ Long)" },
    kind: "sea",
  },
  {
    value: "ha_long_passenger_port",
    label: { vi: "Cảng tàu khách quốc tế Hạ Long", en: "Hạ Long international passenger port" },
    kind: "sea",
  },
  {
    value: "elsewhere",
    label: { vi: "Cửa khẩu ngoài tỉnh (Nội Bài, Hữu Nghị…)", en: "A gate outside the province (Nội Bài, Hữu Nghị…)" },
    kind: "elsewhere",
  },
]

export const gateOf = (value: unknown): BorderGate | undefined => BORDER_GATES.find((gate) => gate.value === value)
