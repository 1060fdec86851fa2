import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { addCalendarDays as addDays, reportDeadline } from "../src/calendar/working-days.ts"
import { type ArrangementKind, arrangementFor } from "../src/regulation/arrangement.ts"
import { addMonths } from "../src/regulation/calendar-months.ts"
import { policyFor, type RegulationPolicy } from "../src/regulation/policy.ts"
import { type RegulationTightening, tighten } from "../src/regulation/tighten.ts"
import { TRIP_PURPOSES } from "../src/trips/purpose.ts"

const base = policyFor("86-2022")

const tightened = (policy: RegulationPolicy, tightening: RegulationTightening): RegulationPolicy => {
  const result = tighten(policy, tightening)
  if (Result.isFailure(result)) throw new Error(`refused: ${result.failure.message.en}`)
  return result.success
}

const refusal = (policy: RegulationPolicy, tightening: RegulationTightening) => {
  const result = tighten(policy, tightening)
  if (Result.isSuccess(result)) throw new Error("the tightening was accepted")
  return result.failure
}

describe("tightening the regulation", () => {
  it("accepts lower transfer thresholds and records who asked", () => {
    const policy = tightened(base, {
      source: "plugin:hcm-party-congress",
      temporaryTransferFrom: { months: 2, inclusive: false },
      officialTransferFrom: { months: 6, inclusive: true },
    })
    expect(policy.temporaryTransfer.from).toEqual({ months: 2, inclusive: false })
    expect(policy.officialTransfer.from).toEqual({ months: 6, inclusive: true })
    expect(policy.tightenedBy).toEqual(["plugin:hcm-party-congress"])
    expect(policy.version).toBe("86-2022")
    // The base policy is a value: tightening one tenant's copy leaves every other tenant's alone.
    expect(base.temporaryTransfer.from.months).toBe(3)
  })

  it("accepts taking the bound itself in: 'from 3 months' is stricter than 'over 3 months'", () => {
    const policy = tightened(base, { source: "tenant-settings", temporaryTransferFrom: { months: 3, inclusive: true } })
    expect(
      arrangementFor(
        {
          departure: "2026-01-15",
          plannedReturn: "2026-04-15",
          purpose: "study",
          companionsWhoAreMembers: 0,
          partyOrgAtDestination: true,
        },
        policy,
      ).kind,
    ).toBe("temporary_transfer")
  })

  it("accepts a shorter report deadline of the same kind, or calendar days no more than the working days", () => {
    expect(
      tightened(base, { source: "tenant-settings", reportDeadline: { kind: "calendar_days", days: 10 } })
        .reportDeadline,
    ).toEqual({
      kind: "calendar_days",
      days: 10,
    })
    const sevenWorking = policyFor("86-2022", { reportDeadline: { kind: "working_days", days: 7 } })
    expect(
      tightened(sevenWorking, { source: "x", reportDeadline: { kind: "working_days", days: 5 } }).reportDeadline.days,
    ).toBe(5)
    expect(
      tightened(sevenWorking, { source: "x", reportDeadline: { kind: "calendar_days", days: 7 } }).reportDeadline,
    ).toEqual({
      kind: "calendar_days",
      days: 7,
    })
  })

  it("accepts a smaller temporary group and an unchanged value", () => {
    expect(tightened(base, { source: "x", temporaryGroupMinMembers: 2 }).temporaryGroup.minMembers).toBe(2)
    expect(
      tightened(base, { source: "x", temporaryTransferFrom: base.temporaryTransfer.from }).temporaryTransfer,
    ).toEqual(base.temporaryTransfer)
  })

  it("refuses raising a transfer threshold", () => {
    const failure = refusal(base, { source: "plugin:lenient", temporaryTransferFrom: { months: 4, inclusive: false } })
    expect(failure._tag).toBe("RegulationLoosened")
    expect(failure.parameter).toBe("temporaryTransferFrom")
    expect(failure.source).toBe("plugin:lenient")
    expect(failure.message.vi).toContain("trên 4 tháng")
    expect(refusal(base, { source: "x", officialTransferFrom: { months: 13, inclusive: true } }).parameter).toBe(
      "officialTransferFrom",
    )
  })

  it("refuses letting the bound itself out: 'over 12 months' is looser than '12 months or more'", () => {
    const failure = refusal(base, { source: "x", officialTransferFrom: { months: 12, inclusive: false } })
    expect(failure).toMatchObject({ _tag: "RegulationLoosened", parameter: "officialTransferFrom" })
  })

  it("refuses a longer report deadline", () => {
    const failure = refusal(base, { source: "x", reportDeadline: { kind: "calendar_days", days: 20 } })
    expect(failure).toMatchObject({ _tag: "RegulationLoosened", parameter: "reportDeadline" })
  })

  it("refuses working days in place of calendar days: around Tết they can end later", () => {
    const failure = refusal(base, { source: "x", reportDeadline: { kind: "working_days", days: 7 } })
    expect(failure).toMatchObject({ _tag: "RegulationLoosened", parameter: "reportDeadline" })
    expect(failure.message.en).toContain("tenant settings")
  })

  it("refuses a larger temporary group", () => {
    expect(refusal(base, { source: "x", temporaryGroupMinMembers: 4 })).toMatchObject({
      _tag: "RegulationLoosened",
      parameter: "temporaryGroupMinMembers",
    })
  })

  it("refuses values that mean nothing", () => {
    expect(refusal(base, { source: "x", temporaryTransferFrom: { months: 2.5, inclusive: false } })._tag).toBe(
      "InvalidRegulationOverride",
    )
    expect(refusal(base, { source: "x", officialTransferFrom: { months: 0, inclusive: true } })._tag).toBe(
      "InvalidRegulationOverride",
    )
    expect(refusal(base, { source: "x", temporaryGroupMinMembers: 1 })._tag).toBe("InvalidRegulationOverride")
    expect(refusal(base, { source: "x", reportDeadline: { kind: "calendar_days", days: 0 } })._tag).toBe(
      "InvalidRegulationOverride",
    )
  })

  it("composes: a plugin cannot undo what the tenant already tightened", () => {
    const byTenant = tightened(base, {
      source: "tenant-settings",
      temporaryTransferFrom: { months: 2, inclusive: false },
    })
    expect(
      refusal(byTenant, { source: "plugin:other", temporaryTransferFrom: { months: 3, inclusive: false } }).parameter,
    ).toBe("temporaryTransferFrom")
    const both = tightened(byTenant, { source: "plugin:other", reportDeadline: { kind: "calendar_days", days: 5 } })
    expect(both.tightenedBy).toEqual(["tenant-settings", "plugin:other"])
    expect(both.temporaryTransfer.from.months).toBe(2)
  })
})

const RANK: Record<ArrangementKind, number> = {
  none: 0,
  temporary_group_possible: 1,
  temporary_transfer: 2,
  official_transfer: 3,
  direct_guidance_by_oversight: 3,
}

const threshold = fc.record({ months: fc.integer({ min: 1, max: 24 }), inclusive: fc.boolean() })
const deadline = fc.record({
  kind: fc.constantFrom("working_days" as const, "calendar_days" as const),
  days: fc.integer({ min: 1, max: 30 }),
})
const tightening: fc.Arbitrary<RegulationTightening> = fc.record(
  {
    source: fc.constant("property"),
    temporaryTransferFrom: threshold,
    officialTransferFrom: threshold,
    temporaryGroupMinMembers: fc.integer({ min: 2, max: 6 }),
    reportDeadline: deadline,
  },
  { requiredKeys: ["source"] },
)
const day = fc.integer({ min: 0, max: 3 * 365 }).map((offset) => addDays("2025-01-01", offset))
const plannedStay = fc.record({
  departure: day,
  length: fc.integer({ min: 0, max: 900 }),
  purpose: fc.constantFrom(...TRIP_PURPOSES),
  companionsWhoAreMembers: fc.integer({ min: 0, max: 6 }),
  partyOrgAtDestination: fc.boolean(),
})
const startingPolicy = fc.constantFrom(
  base,
  policyFor("228-2014"),
  policyFor("86-2022", { reportDeadline: { kind: "working_days", days: 7 } }),
)

describe("a tightened policy, whatever the tightening", () => {
  it("never gives a stay a lighter arrangement, nor a later report deadline", () => {
    fc.assert(
      fc.property(
        startingPolicy,
        fc.array(tightening, { maxLength: 3 }),
        plannedStay,
        day,
        (start, steps, stay, returned) => {
          let policy = start
          for (const step of steps) {
            const result = tighten(policy, step)
            if (Result.isSuccess(result)) policy = result.success
          }
          const facts = { ...stay, plannedReturn: addDays(stay.departure, stay.length) }
          expect(RANK[arrangementFor(facts, policy).kind]).toBeGreaterThanOrEqual(
            RANK[arrangementFor(facts, start).kind],
          )
          // Returns over 2025–2027, Tết and the other holidays included, on the real calendar.
          const due = (rule: RegulationPolicy["reportDeadline"]) => Result.getOrThrow(reportDeadline(returned, rule))
          expect(due(policy.reportDeadline) <= due(start.reportDeadline)).toBe(true)
        },
      ),
      { numRuns: 500 },
    )
  })

  it("is refused exactly when its threshold would let some stay off lighter", () => {
    // The converse: each refusal is justified by a stay the loosened policy treats more lightly, and each
    // acceptance by there being none. Stays ending on either bound, or a day either side, tell them apart.
    fc.assert(
      fc.property(threshold, (candidate) => {
        const result = tighten(base, { source: "property", temporaryTransferFrom: candidate })
        const asAsked = { ...base, temporaryTransfer: { from: candidate } }
        const lighterSomewhere = [candidate.months, base.temporaryTransfer.from.months].some((months) =>
          [-1, 0, 1].some((shift) => {
            const facts = {
              departure: "2026-01-15",
              plannedReturn: addDays(addMonths("2026-01-15", months), shift),
              purpose: "study" as const,
              companionsWhoAreMembers: 0,
              partyOrgAtDestination: true,
            }
            return RANK[arrangementFor(facts, asAsked).kind] < RANK[arrangementFor(facts, base).kind]
          }),
        )
        expect(Result.isFailure(result)).toBe(lighterSomewhere)
      }),
    )
  })
})
