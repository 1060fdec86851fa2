import type { CalendarDate } from "../calendar/calendar-day.ts"
import type { TripPurpose } from "../trips/purpose.ts"
import type { BilingualText } from "./bilingual.ts"
import { addMonths, compareDates } from "./calendar-months.ts"
import type { RegulationPolicy, StayThreshold } from "./policy.ts"

/**
 * How the member keeps party activity while abroad (hình thức sinh hoạt đảng ở nước ngoài):
 * - `none`: a short stay; the member stays with the home cell and reports on return;
 * - `temporary_group_possible`: a short stay with enough members together to form a temporary
 *   party group or cell (tổ đảng / chi bộ tạm thời);
 * - `temporary_transfer`: chuyển sinh hoạt đảng tạm thời;
 * - `official_transfer`: chuyển sinh hoạt đảng chính thức, through the Foreign Ministry party committee;
 * - `direct_guidance_by_oversight`: a long stay where there is no party organisation: the Foreign
 *   Ministry party committee (Đảng ủy Bộ Ngoại giao) guides the member directly.
 */
export type ArrangementKind =
  | "none"
  | "temporary_group_possible"
  | "temporary_transfer"
  | "official_transfer"
  | "direct_guidance_by_oversight"

export interface PartyActivityArrangement {
  readonly kind: ArrangementKind
  /** Form codes to prepare, e.g. `3A-SHĐ` and `3C-SHĐ` for labour export. */
  readonly forms: ReadonlyArray<string>
  /** Why, citing the regulation, for the member and the officer to read. */
  readonly reason: BilingualText
}

/** The facts of a planned stay the arrangement depends on. */
export interface PlannedStay {
  readonly departure: CalendarDate
  readonly plannedReturn: CalendarDate
  readonly purpose: TripPurpose
  /** Other party members travelling together; with the traveller they make the group. */
  readonly companionsWhoAreMembers: number
  /** Whether a party organisation exists at the destination (from the oversight's list of overseas organisations). */
  readonly partyOrgAtDestination: boolean
}

/**
 * Whether a stay from `departure` to `plannedReturn` reaches `threshold`: a stay of exactly N months
 * ends on `addMonths(departure, N)` (2026-01-15 → 2026-04-15 is exactly 3 months; 2026-01-31 →
 * 2026-02-28 is exactly 1).
 */
export const stayReaches = (
  threshold: StayThreshold,
  departure: CalendarDate,
  plannedReturn: CalendarDate,
): boolean => {
  const order = compareDates(plannedReturn, addMonths(departure, threshold.months))
  return threshold.inclusive ? order >= 0 : order > 0
}

const atLeast = (threshold: StayThreshold): BilingualText =>
  threshold.inclusive
    ? { vi: `từ ${threshold.months} tháng trở lên`, en: `${threshold.months} months or more` }
    : { vi: `trên ${threshold.months} tháng`, en: `over ${threshold.months} months` }

const below = (threshold: StayThreshold): BilingualText =>
  threshold.inclusive
    ? { vi: `dưới ${threshold.months} tháng`, en: `under ${threshold.months} months` }
    : { vi: `đến ${threshold.months} tháng`, en: `up to ${threshold.months} months` }

/** The arrangement for party activity during a planned stay, under `policy`. */
export const arrangementFor = (stay: PlannedStay, policy: RegulationPolicy): PartyActivityArrangement => {
  const cite = policy.citation
  const groupSize = stay.companionsWhoAreMembers + 1
  const groupLargeEnough = groupSize >= policy.temporaryGroup.minMembers
  // Settling abroad has no real return: whatever date the form carries, it is a long stay.
  const settling = stay.purpose === "settlement"

  if (settling || stayReaches(policy.officialTransfer.from, stay.departure, stay.plannedReturn)) {
    const forms = stay.purpose === "labour_export" ? policy.forms.labourExport : policy.forms.officialTransfer
    const length = settling
      ? { vi: "Định cư ở nước ngoài", en: "Settling abroad" }
      : atLeast(policy.officialTransfer.from)
    const stayVi = settling ? length.vi : `Ở nước ngoài ${length.vi}`
    const stayEn = settling ? length.en : `A stay of ${length.en}`
    if (!stay.partyOrgAtDestination) {
      const cellVi = groupLargeEnough
        ? `; từ ${policy.temporaryGroup.minMembers} đảng viên chính thức trở lên thì lập chi bộ`
        : ""
      const cellEn = groupLargeEnough ? `; ${policy.temporaryGroup.minMembers} or more full members form a cell` : ""
      return {
        kind: "direct_guidance_by_oversight",
        forms,
        reason: {
          vi: `${stayVi}, nơi đến chưa có tổ chức đảng: Đảng ủy Bộ Ngoại giao trực tiếp hướng dẫn sinh hoạt đảng${cellVi} (${cite.vi}).`,
          en: `${stayEn} with no party organisation at the destination: the Foreign Ministry party committee guides the member directly${cellEn} (${cite.en}).`,
        },
      }
    }
    return {
      kind: "official_transfer",
      forms,
      reason: {
        vi: `${stayVi}: chuyển sinh hoạt đảng chính thức qua Đảng ủy Bộ Ngoại giao (${cite.vi}).`,
        en: `${stayEn}: official transfer of party activity through the Foreign Ministry party committee (${cite.en}).`,
      },
    }
  }

  if (stayReaches(policy.temporaryTransfer.from, stay.departure, stay.plannedReturn)) {
    const from = atLeast(policy.temporaryTransfer.from)
    const to = below(policy.officialTransfer.from)
    return {
      kind: "temporary_transfer",
      forms: policy.forms.temporaryTransfer,
      reason: {
        vi: `Ở nước ngoài ${from.vi} và ${to.vi}: chuyển sinh hoạt đảng tạm thời (${cite.vi}).`,
        en: `A stay of ${from.en} and ${to.en}: temporary transfer of party activity (${cite.en}).`,
      },
    }
  }

  const short = below(policy.temporaryTransfer.from)
  if (groupLargeEnough) {
    return {
      kind: "temporary_group_possible",
      forms: [],
      reason: {
        vi: `Ở nước ngoài ${short.vi}, cùng đi ${groupSize} đảng viên (từ ${policy.temporaryGroup.minMembers} trở lên): có thể lập tổ đảng hoặc chi bộ tạm thời (${cite.vi}).`,
        en: `A stay of ${short.en} with ${groupSize} party members together (${policy.temporaryGroup.minMembers} or more): a temporary party group or cell may be formed (${cite.en}).`,
      },
    }
  }
  return {
    kind: "none",
    forms: [],
    reason: {
      vi: `Ở nước ngoài ${short.vi}: không chuyển sinh hoạt đảng; đảng viên sinh hoạt ở chi bộ nơi đi và báo cáo khi về (${cite.vi}).`,
      en: `A stay of ${short.en}: party activity is not transferred; the member stays with the home cell and reports on return (${cite.en}).`,
    },
  }
}
