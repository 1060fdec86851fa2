import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { policyFor, tenantPolicy } from "../src/regulation/policy.ts"

/**
 * The tenant's `report.deadline` setting (1–7 working days or 1–15 days) and the regulation's two
 * sanctioned deadlines (7 working days, 15 days): the kind is the tenant's choice, fewer days a tightening.
 */
describe("a tenant's report deadline in the regulation policy", () => {
  it("takes a sanctioned deadline of either kind as it is, tightening nothing", () => {
    for (const reportDeadline of [
      { kind: "working_days", days: 7 },
      { kind: "calendar_days", days: 15 },
    ] as const) {
      const policy = tenantPolicy("86-2022", { reportDeadline })
      expect(Result.isSuccess(policy) && policy.success).toMatchObject({ reportDeadline, tightenedBy: [] })
    }
  })

  it("takes fewer days as a tightening by the tenant's settings", () => {
    const policy = policyFor("86-2022", { reportDeadline: { kind: "working_days", days: 5 } })
    expect(policy).toMatchObject({
      reportDeadline: { kind: "working_days", days: 5 },
      tightenedBy: ["tenant-settings"],
    })
    expect(policyFor("228-2014", { reportDeadline: { kind: "calendar_days", days: 10 } })).toMatchObject({
      version: "228-2014",
      reportDeadline: { kind: "calendar_days", days: 10 },
      tightenedBy: ["tenant-settings"],
    })
  })

  it("refuses more days than the regulation sanctions of that kind, or none", () => {
    const loose = tenantPolicy("86-2022", { reportDeadline: { kind: "working_days", days: 9 } })
    expect(Result.isFailure(loose) && loose.failure).toMatchObject({
      _tag: "RegulationLoosened",
      parameter: "reportDeadline",
      source: "tenant-settings",
    })
    const none = tenantPolicy("86-2022", { reportDeadline: { kind: "calendar_days", days: 0 } })
    expect(Result.isFailure(none) && none.failure).toMatchObject({ _tag: "InvalidRegulationOverride" })
    // Stored past the setting's own Schema: a defect, said loudly.
    expect(() => policyFor("86-2022", { reportDeadline: { kind: "calendar_days", days: 16 } })).toThrow(RangeError)
  })
})
