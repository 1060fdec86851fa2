import type { CalendarDate } from "./calendar-day.ts"

/** A name in both of the platform's languages. */
export interface BilingualName {
  readonly vi: string
  readonly en: string
}

/**
 * A swap of days (hoán đổi ngày làm việc): state agencies take a working day off to join a holiday
 * to a weekend, and work a Saturday instead (ngày làm bù). It applies to offices with the
 * Saturday–Sunday week — the party committees and agencies whose members file reports — and not to
 * enterprises, which decide their own.
 */
export interface DaySwap {
  readonly occasion: BilingualName
  /** The working day given off. */
  readonly dayOff: CalendarDate
  /** The weekend day worked instead. */
  readonly makeUp: CalendarDate
}

/**
 * One year's holiday schedule for state agencies (lịch nghỉ lễ, Tết của cán bộ, công chức, viên
 * chức), as the Prime Minister decided it and the Ministry of Labour (from 2025 the Ministry of
 * Home Affairs) announced it. The law leaves these choices to the decision; everything else — the
 * fixed-date holidays, Giỗ Tổ Hùng Vương, and the compensatory days for holidays on a weekend —
 * follows from the Labour Code and is computed, not stored.
 */
export interface PublishedSchedule {
  readonly year: number
  /** The documents that fixed the year's schedule, as far as they are known here. */
  readonly documents: ReadonlyArray<string>
  /**
   * How many of Tết's five days come before lunar 1/1 (the last day or days of the lunar year);
   * the rest are the first days of the new year.
   */
  readonly tetDaysBeforeNewYear: 1 | 2
  /** Labour Code 2019 only: the second National Day holiday, 1/9 (`before`) or 3/9 (`after`). */
  readonly nationalDayAdjacent?: "before" | "after"
  readonly swaps: ReadonlyArray<DaySwap>
}

const NEW_YEAR: BilingualName = { vi: "Tết Dương lịch", en: "New Year's Day" }
const TET: BilingualName = { vi: "Tết Nguyên Đán", en: "the Lunar New Year (Tết)" }
const HUNG_KINGS_AND_APRIL_30: BilingualName = {
  vi: "Giỗ Tổ Hùng Vương, 30/4 và 1/5",
  en: "the Hùng Kings' Day, 30 April and 1 May",
}
const APRIL_30_MAY_1: BilingualName = { vi: "30/4 và 1/5", en: "30 April and 1 May" }
const NATIONAL_DAY: BilingualName = { vi: "Quốc khánh 2/9", en: "National Day (2 September)" }

/**
 * The schedules published for 2014–2026. Each swap is listed under the year whose schedule decided
 * it, even when one of its days falls in the year before (the New Year swaps of 2015 and 2019).
 * Years absent here are derived by rule in `public-holidays.ts`; add a year when its decision is
 * published, and its announced breaks to the table in `test/calendar-holidays.test.ts`.
 */
export const PUBLISHED_SCHEDULES: ReadonlyArray<PublishedSchedule> = [
  {
    year: 2014,
    documents: [
      "Prime Minister's approval (Dec 2013) of the Ministry of Labour's proposal to swap days off for the 2014 holidays",
    ],
    // Tết 30 Chạp – mùng 4; the two swapped days come before it, so the break ran 28 Chạp – mùng 6.
    tetDaysBeforeNewYear: 1,
    swaps: [
      { occasion: TET, dayOff: "2014-01-28", makeUp: "2014-01-25" },
      { occasion: TET, dayOff: "2014-01-29", makeUp: "2014-02-08" },
      { occasion: APRIL_30_MAY_1, dayOff: "2014-05-02", makeUp: "2014-04-26" },
    ],
  },
  {
    year: 2015,
    documents: ["Tờ trình 89/TTr-LĐTBXH (20/11/2014), approved by the Prime Minister"],
    tetDaysBeforeNewYear: 2,
    swaps: [
      { occasion: NEW_YEAR, dayOff: "2015-01-02", makeUp: "2014-12-27" },
      { occasion: TET, dayOff: "2015-02-16", makeUp: "2015-02-14" },
      { occasion: HUNG_KINGS_AND_APRIL_30, dayOff: "2015-04-29", makeUp: "2015-04-25" },
    ],
  },
  {
    year: 2016,
    documents: ["Thông báo 4659/TB-LĐTBXH (13/11/2015): every holiday joins a weekend, no swap"],
    tetDaysBeforeNewYear: 1,
    swaps: [],
  },
  {
    year: 2017,
    documents: ["Prime Minister's decision on Tết Đinh Dậu, announced by the Ministry of Labour: no swap"],
    tetDaysBeforeNewYear: 2,
    swaps: [],
  },
  {
    year: 2018,
    documents: ["Thông báo 573/TB-VPCP (14/12/2017)"],
    tetDaysBeforeNewYear: 2,
    swaps: [],
  },
  {
    year: 2019,
    documents: ["Prime Minister's approval of the 2019 holidays, announced by the Ministry of Labour (6/8/2018)"],
    tetDaysBeforeNewYear: 1,
    swaps: [
      { occasion: NEW_YEAR, dayOff: "2018-12-31", makeUp: "2019-01-05" },
      { occasion: APRIL_30_MAY_1, dayOff: "2019-04-29", makeUp: "2019-05-04" },
    ],
  },
  {
    year: 2020,
    documents: ["Ministry of Labour's notice on Tết Canh Tý 2020: no swap"],
    tetDaysBeforeNewYear: 2,
    swaps: [],
  },
  {
    year: 2021,
    documents: ["Prime Minister's approval (Nov 2020) of the Tết Tân Sửu 2021 and National Day schedule"],
    tetDaysBeforeNewYear: 2,
    nationalDayAdjacent: "after",
    swaps: [],
  },
  {
    year: 2022,
    documents: ["Ministry of Labour's notice on the 2022 Tết and National Day holidays"],
    tetDaysBeforeNewYear: 1,
    nationalDayAdjacent: "before",
    swaps: [],
  },
  {
    year: 2023,
    documents: ["Ministry of Labour's notice on the 2023 Tết and National Day holidays"],
    tetDaysBeforeNewYear: 2,
    nationalDayAdjacent: "before",
    swaps: [],
  },
  {
    year: 2024,
    documents: [
      "Ministry of Labour's notice on the 2024 Tết and National Day holidays",
      "Công văn 2450/VPCP-KGVX (12/4/2024) on the 30/4–1/5 swap",
    ],
    tetDaysBeforeNewYear: 2,
    nationalDayAdjacent: "after",
    swaps: [{ occasion: APRIL_30_MAY_1, dayOff: "2024-04-29", makeUp: "2024-05-04" }],
  },
  {
    year: 2025,
    documents: ["Công văn 8726/VPCP-KGVX (2024)", "Thông báo 6150/TB-BLĐTBXH (2024)"],
    // 28 Chạp – mùng 3 (27–31/1), Monday to Friday: the nine-day break is those and two weekends, no swap.
    tetDaysBeforeNewYear: 2,
    nationalDayAdjacent: "before",
    swaps: [{ occasion: APRIL_30_MAY_1, dayOff: "2025-05-02", makeUp: "2025-04-26" }],
  },
  {
    year: 2026,
    documents: ["Thông báo 9441/TB-BNV (16/10/2025)", "Công văn 12729/VPCP-KGVX (25/12/2025) on New Year's Day"],
    tetDaysBeforeNewYear: 1,
    nationalDayAdjacent: "before",
    swaps: [
      { occasion: NEW_YEAR, dayOff: "2026-01-02", makeUp: "2026-01-10" },
      { occasion: NATIONAL_DAY, dayOff: "2026-08-31", makeUp: "2026-08-22" },
    ],
  },
]
