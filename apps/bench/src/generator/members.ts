import { type Day, dayText, yearOf, yearsLater } from "./days.ts"
import { fullName, type Sex } from "./names.ts"
import type { CellPlan } from "./organisation.ts"
import type { Draws } from "./random.ts"

/** Mã tỉnh of every province of the reference list: where a member's birth may have been registered. */
export type ProvinceCodes = ReadonlyArray<string>

/** A member (đảng viên) as the `member` table holds one. */
export interface MemberRow {
  readonly id: string
  readonly orgUnitId: string
  readonly fullName: string
  readonly sex: Sex
  readonly birthDate: string
  readonly citizenId: string
  readonly partyCardNo: string
  readonly status: "active" | "left" | "under_review" | "under_investigation"
  readonly admittedOn: string
  readonly fullMemberOn: string | null
}

/** Age at `today`, in years, of the party's membership: most between 30 and 60. */
const AGE_BANDS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[20, 29], 12],
  [[30, 39], 25],
  [[40, 49], 25],
  [[50, 59], 22],
  [[60, 80], 16],
]

const STATUSES: ReadonlyArray<readonly [MemberRow["status"], number]> = [
  ["active", 985],
  ["left", 10],
  ["under_review", 3],
  ["under_investigation", 2],
]

/**
 * Citizen IDs (CCCD) that pass the platform's validation and never repeat: the birth
 * province's code, the century-and-sex digit, the year of birth, then six digits. Each tenant
 * takes every 85th serial of a prefix (tenants load in parallel, so they cannot share a counter),
 * and the six digits walk a permutation of 000000–999999 (an odd multiplier prime to 10), so they
 * look scattered but are unique across the country.
 */
export class CitizenIds {
  private readonly counters = new Map<string, number>()
  private readonly tenantIndex: number
  constructor(tenantIndex: number) {
    if (!Number.isInteger(tenantIndex) || tenantIndex < 0 || tenantIndex >= TENANT_SLOTS) {
      throw new RangeError(`tenant index ${tenantIndex} outside 0–${TENANT_SLOTS - 1}`)
    }
    this.tenantIndex = tenantIndex
  }
  next(province: string, sex: Sex, birthYear: number): string {
    const centuryAndSex = (birthYear >= 2000 ? 2 : 0) + (sex === "male" ? 0 : 1)
    const prefix = `0${province}${centuryAndSex}${String(birthYear % 100).padStart(2, "0")}`
    const count = this.counters.get(prefix) ?? 0
    const slot = count * TENANT_SLOTS + this.tenantIndex
    if (slot >= 1_000_000) throw new Error(`citizen IDs exhausted for prefix ${prefix} in tenant ${this.tenantIndex}`)
    this.counters.set(prefix, count + 1)
    const serial = (slot * 387_233 + 104_729) % 1_000_000
    return `${prefix}${String(serial).padStart(6, "0")}`
  }
}

/** Tenants sharing each citizen-ID prefix: the 85 of the reference list. */
const TENANT_SLOTS = 85

/**
 * The members of one tenant, cell by cell. `provinceCode` is the tenant's own (most members were
 * born in the province they live in); a ministry's members come from anywhere. `serial` numbers
 * party cards across the country.
 */
export const planMembers = function* (input: {
  readonly random: Draws
  readonly cells: ReadonlyArray<CellPlan>
  readonly provinceCode: string | null
  readonly provinces: ProvinceCodes
  readonly citizenIds: CitizenIds
  readonly firstCardSerial: number
  readonly today: Day
}): Generator<MemberRow> {
  const { random, today } = input
  let card = input.firstCardSerial
  for (const cell of input.cells) {
    for (let i = 0; i < cell.size; i++) {
      const sex: Sex = random.next() < 0.62 ? "male" : "female"
      const [youngest, oldest] = random.weighted(AGE_BANDS)
      const age = random.int(youngest, oldest)
      const birth = yearsLater(today, -age) - random.int(1, 364)
      const province =
        input.provinceCode !== null && random.next() < 0.85 ? input.provinceCode : random.pick(input.provinces)
      // Vào Đảng at 19 or later, never after today; chính thức twelve months on, unless still on probation.
      const earliest = yearsLater(birth, 19)
      const admitted = Math.min(today - 1, earliest + random.int(0, Math.max(0, Math.min(today - 1 - earliest, 6000))))
      const full = yearsLater(admitted, 1)
      yield {
        id: random.uuid(),
        orgUnitId: cell.unit.id,
        fullName: fullName(random, sex),
        sex,
        birthDate: dayText(birth),
        citizenId: input.citizenIds.next(province, sex, yearOf(birth)),
        partyCardNo: String(card++),
        status: random.weighted(STATUSES),
        admittedOn: dayText(admitted),
        fullMemberOn: full <= today ? dayText(full) : null,
      }
    }
  }
}
