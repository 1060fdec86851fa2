import type { SeededRandom } from "./random.ts"

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
const MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân"]
const FEMALE_MIDDLE = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Kim"]
const MALE_GIVEN = [
  "An",
  "Bình",
  "Cường",
  "Dũng",
  "Hải",
  "Hùng",
  "Khánh",
  "Long",
  "Nam",
  "Phong",
  "Quang",
  "Sơn",
  "Thắng",
  "Tuấn",
  "Việt",
]
const FEMALE_GIVEN = [
  "Anh",
  "Chi",
  "Dung",
  "Hà",
  "Hạnh",
  "Hoa",
  "Hương",
  "Lan",
  "Linh",
  "Mai",
  "Ngân",
  "Nhung",
  "Phương",
  "Thảo",
  "Trang",
]

/** A demo party member (đảng viên), before being placed in a cell. */
export interface DemoPerson {
  readonly fullName: string
  readonly sex: "male" | "female"
  readonly birthDate: string
  readonly citizenId: string
  readonly partyCardNo: string
  /** Ngày vào Đảng and ngày chính thức: twelve months of probation apart. */
  readonly admittedOn: string
  readonly fullMemberOn: string
}

const pad = (value: number, width: number) => String(value).padStart(width, "0")

/**
 * A plausible member: a Vietnamese name in NFC, a birth date, and a citizen ID laid out as
 * real ones are — the province's code, a digit for sex and century, the year of birth, then
 * six digits (`serial`, so that IDs never collide within a demo tenant).
 */
export const demoPerson = (random: SeededRandom, provinceCode: string, serial: number): DemoPerson => {
  const sex = random.next() < 0.55 ? "male" : "female"
  const fullName = [
    random.pick(FAMILY),
    random.pick(sex === "male" ? MALE_MIDDLE : FEMALE_MIDDLE),
    random.pick(sex === "male" ? MALE_GIVEN : FEMALE_GIVEN),
  ].join(" ")
  const year = random.int(1962, 2000)
  const birthDate = `${year}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`
  const centuryAndSex = (year >= 2000 ? 2 : 0) + (sex === "male" ? 0 : 1)
  const citizenId = `0${provinceCode}${centuryAndSex}${pad(year % 100, 2)}${pad(serial, 6)}`
  const partyCardNo = `${provinceCode}${pad(random.int(100000, 999999), 6)}`
  // Derived, not drawn: another draw would change every later demo person.
  const admittedYear = Math.min(year + 22 + (serial % 10), 2024)
  const admittedOn = `${admittedYear}${birthDate.slice(4)}`
  const fullMemberOn = `${admittedYear + 1}${birthDate.slice(4)}`
  return { fullName: fullName.normalize("NFC"), sex, birthDate, citizenId, partyCardNo, admittedOn, fullMemberOn }
}
