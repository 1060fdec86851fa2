/**
 * Vietnam's days off for state agencies, 2024–2027, copied from the platform's calendar
 * (`packages/core/src/calendar`: the published schedules for 2024–2026, 2027 derived there by the
 * Labour Code's rules). The SDK may not import the core, so the test kit carries its own copy; a
 * test that needs another year passes `holidays` to `testTenant`.
 */
export interface HolidayCalendar {
  /** Weekdays off: public holidays (ngày lễ, Tết), compensatory days (nghỉ bù), swapped days (nghỉ hoán đổi). */
  readonly daysOff: ReadonlyArray<string>
  /** Saturdays worked in exchange for a swapped day (ngày làm bù). */
  readonly makeUpWorkingDays: ReadonlyArray<string>
  /** The years the lists are complete for; counting outside them fails instead of guessing. */
  readonly years: { readonly from: number; readonly to: number }
}

export const VIETNAM_HOLIDAYS_2024_2027: HolidayCalendar = {
  years: { from: 2024, to: 2027 },
  daysOff: [
    // 2024
    "2024-01-01",
    "2024-02-08",
    "2024-02-09",
    "2024-02-10",
    "2024-02-11",
    "2024-02-12",
    "2024-02-13",
    "2024-02-14",
    "2024-04-18",
    "2024-04-29",
    "2024-04-30",
    "2024-05-01",
    "2024-09-02",
    "2024-09-03",
    // 2025
    "2025-01-01",
    "2025-01-27",
    "2025-01-28",
    "2025-01-29",
    "2025-01-30",
    "2025-01-31",
    "2025-04-07",
    "2025-04-30",
    "2025-05-01",
    "2025-05-02",
    "2025-09-01",
    "2025-09-02",
    // 2026
    "2026-01-01",
    "2026-01-02",
    "2026-02-16",
    "2026-02-17",
    "2026-02-18",
    "2026-02-19",
    "2026-02-20",
    "2026-04-26",
    "2026-04-27",
    "2026-04-30",
    "2026-05-01",
    "2026-08-31",
    "2026-09-01",
    "2026-09-02",
    // 2027 (derived by the core's rules; no decision published yet)
    "2027-01-01",
    "2027-02-04",
    "2027-02-05",
    "2027-02-06",
    "2027-02-07",
    "2027-02-08",
    "2027-02-09",
    "2027-02-10",
    "2027-04-16",
    "2027-04-30",
    "2027-05-01",
    "2027-05-03",
    "2027-09-02",
    "2027-09-03",
  ],
  makeUpWorkingDays: ["2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"],
}
