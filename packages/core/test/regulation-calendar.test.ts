import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { addMonths, compareDates } from "../src/regulation/calendar-months.ts"

describe("calendar months, as the regulation counts a stay", () => {
  it("land on the same day of the month", () => {
    expect(addMonths("2026-01-15", 3)).toBe("2026-04-15")
    expect(addMonths("2026-01-15", 12)).toBe("2027-01-15")
    expect(addMonths("2026-11-20", 3)).toBe("2027-02-20")
  })

  it("land on the last day of a shorter month instead of rolling into the next", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28")
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29")
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28")
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28")
    expect(addMonths("2026-08-31", 1)).toBe("2026-09-30")
  })

  it("are strictly increasing, so a shorter threshold always ends earlier", () => {
    const date = fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 30 }), (start, months) => {
        expect(compareDates(addMonths(start, months + 1), addMonths(start, months))).toBe(1)
      }),
    )
  })
})
