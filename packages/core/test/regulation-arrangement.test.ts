import { describe, expect, it } from "vitest"
import { arrangementFor, type PlannedStay } from "../src/regulation/arrangement.ts"
import { policyFor, REGULATION_VERSIONS } from "../src/regulation/policy.ts"

const stay = (overrides: Partial<PlannedStay>): PlannedStay => ({
  departure: "2026-01-15",
  plannedReturn: "2026-02-15",
  purpose: "study",
  companionsWhoAreMembers: 0,
  partyOrgAtDestination: true,
  ...overrides,
})

for (const version of REGULATION_VERSIONS) {
  const policy = policyFor(version)
  const kind = (overrides: Partial<PlannedStay>) => arrangementFor(stay(overrides), policy).kind

  describe(`party activity abroad under ${version}`, () => {
    it("exactly 3 months is still a short stay: no transfer", () => {
      expect(kind({ plannedReturn: "2026-04-15" })).toBe("none")
    })

    it("3 months and 1 day is a temporary transfer", () => {
      expect(kind({ plannedReturn: "2026-04-16" })).toBe("temporary_transfer")
    })

    it("12 months less 1 day is still a temporary transfer", () => {
      expect(kind({ plannedReturn: "2027-01-14" })).toBe("temporary_transfer")
    })

    it("exactly 12 months is an official transfer through the Foreign Ministry party committee", () => {
      const arrangement = arrangementFor(stay({ plannedReturn: "2027-01-15" }), policy)
      expect(arrangement.kind).toBe("official_transfer")
      expect(arrangement.forms).toEqual(["3-SHĐ"])
      expect(arrangement.reason.vi).toContain("Đảng ủy Bộ Ngoại giao")
      expect(arrangement.reason.vi).toContain(policy.citation.vi)
      expect(arrangement.reason.en).toContain(policy.citation.en)
    })

    it("a group of exactly 3 members on a short stay may form a temporary party group", () => {
      const arrangement = arrangementFor(stay({ plannedReturn: "2026-04-15", companionsWhoAreMembers: 2 }), policy)
      expect(arrangement.kind).toBe("temporary_group_possible")
      expect(arrangement.forms).toEqual([])
      expect(arrangement.reason.vi).toContain("tổ đảng hoặc chi bộ tạm thời")
    })

    it("a group of 2 members on a short stay forms nothing", () => {
      expect(kind({ plannedReturn: "2026-04-15", companionsWhoAreMembers: 1 })).toBe("none")
    })

    it("a group past the short-stay window transfers instead of forming a temporary group", () => {
      expect(kind({ plannedReturn: "2026-04-16", companionsWhoAreMembers: 5 })).toBe("temporary_transfer")
    })

    it("labour export for 12 months uses the work slip 3A-SHĐ and the list 3C-SHĐ", () => {
      const arrangement = arrangementFor(stay({ plannedReturn: "2027-01-15", purpose: "labour_export" }), policy)
      expect(arrangement).toMatchObject({ kind: "official_transfer", forms: ["3A-SHĐ", "3C-SHĐ"] })
    })

    it("a long stay where there is no party organisation is guided directly by the oversight", () => {
      const alone = arrangementFor(stay({ plannedReturn: "2027-06-01", partyOrgAtDestination: false }), policy)
      expect(alone.kind).toBe("direct_guidance_by_oversight")
      expect(alone.reason.en).not.toContain("form a cell")
      const three = arrangementFor(
        stay({ plannedReturn: "2027-06-01", partyOrgAtDestination: false, companionsWhoAreMembers: 2 }),
        policy,
      )
      expect(three.kind).toBe("direct_guidance_by_oversight")
      expect(three.reason.en).toContain("3 or more full members form a cell")
    })

    it("settling abroad is a long stay whatever return date the form carries", () => {
      expect(kind({ purpose: "settlement", plannedReturn: "2026-02-15" })).toBe("official_transfer")
      expect(kind({ purpose: "settlement", plannedReturn: "2026-02-15", partyOrgAtDestination: false })).toBe(
        "direct_guidance_by_oversight",
      )
    })
  })
}

describe("stay lengths in calendar months", () => {
  const policy = policyFor("86-2022")

  it("end at the end of a shorter month: 30 Nov to 28 Feb is exactly 3 months", () => {
    expect(arrangementFor(stay({ departure: "2026-11-30", plannedReturn: "2027-02-28" }), policy).kind).toBe("none")
    expect(arrangementFor(stay({ departure: "2026-11-30", plannedReturn: "2027-03-01" }), policy).kind).toBe(
      "temporary_transfer",
    )
  })
})

describe("the inclusive reading of each bound is a parameter", () => {
  const base = policyFor("86-2022")

  it("with 'from 3 months', exactly 3 months is already a temporary transfer", () => {
    const policy = { ...base, temporaryTransfer: { from: { months: 3, inclusive: true } } }
    expect(arrangementFor(stay({ plannedReturn: "2026-04-15" }), policy).kind).toBe("temporary_transfer")
    expect(arrangementFor(stay({ plannedReturn: "2026-04-14" }), policy).kind).toBe("none")
  })

  it("with 'over 12 months', exactly 12 months is still a temporary transfer", () => {
    const policy = { ...base, officialTransfer: { from: { months: 12, inclusive: false } } }
    expect(arrangementFor(stay({ plannedReturn: "2027-01-15" }), policy).kind).toBe("temporary_transfer")
    expect(arrangementFor(stay({ plannedReturn: "2027-01-16" }), policy).kind).toBe("official_transfer")
  })

  it("and the reason says which reading applied", () => {
    const exclusive = arrangementFor(stay({ plannedReturn: "2026-04-16" }), base)
    expect(exclusive.reason.en).toContain("over 3 months and under 12 months")
    expect(exclusive.reason.vi).toContain("trên 3 tháng và dưới 12 tháng")
    const inclusive = arrangementFor(stay({ plannedReturn: "2026-04-16" }), {
      ...base,
      temporaryTransfer: { from: { months: 3, inclusive: true } },
    })
    expect(inclusive.reason.en).toContain("3 months or more and under 12 months")
  })
})
