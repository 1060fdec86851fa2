import { describe, expect, it } from "vitest"
import { policyFor, policyInForce, REGULATION_VERSIONS, versionInForce } from "../src/regulation/policy.ts"

describe("which regulation a trip falls under", () => {
  it("is Regulation 86 for trips requested from 28 Oct 2022, Regulation 228 before", () => {
    expect(versionInForce("2022-10-27")).toBe("228-2014")
    expect(versionInForce("2022-10-28")).toBe("86-2022")
    expect(versionInForce("2026-03-02")).toBe("86-2022")
    expect(versionInForce("2014-02-07")).toBe("228-2014")
  })

  it("reads trips older than Regulation 228 under 228, the oldest version modelled", () => {
    expect(versionInForce("2010-05-01")).toBe("228-2014")
  })

  it("carries the numbers of the text: 3 and 12 months, groups of 3", () => {
    for (const version of REGULATION_VERSIONS) {
      const policy = policyFor(version)
      expect(policy.temporaryGroup.minMembers).toBe(3)
      expect(policy.temporaryTransfer.from).toEqual({ months: 3, inclusive: false })
      expect(policy.officialTransfer.from).toEqual({ months: 12, inclusive: true })
      expect(policy.forms.labourExport).toEqual(["3A-SHĐ", "3C-SHĐ"])
      expect(policy.tightenedBy).toEqual([])
    }
    expect(policyFor("86-2022").citation.vi).toContain("86-QĐ/TW")
    expect(policyFor("228-2014").citation.vi).toContain("228-QĐ/TW")
  })

  it("takes the tenant's choice of report deadline, 15 calendar days until it chooses", () => {
    expect(policyFor("86-2022").reportDeadline).toEqual({ kind: "calendar_days", days: 15 })
    expect(policyInForce("2026-03-02", { reportDeadline: { kind: "working_days", days: 7 } }).reportDeadline).toEqual({
      kind: "working_days",
      days: 7,
    })
    expect(policyInForce("2020-01-01", { reportDeadline: { kind: "working_days", days: 7 } }).version).toBe("228-2014")
  })
})
