import { Result, Schema } from "effect"
import type { ReportDeadlineRule } from "../calendar/working-days.ts"
import { BilingualText } from "./bilingual.ts"
import type { RegulationPolicy, StayThreshold } from "./policy.ts"

/**
 * A stricter rule than the regulation's, from a tenant setting or a plugin (e.g. a province that
 * wants the temporary transfer from 2 months, or reports within 5 working days). Absent fields keep
 * the policy's value.
 */
export interface RegulationTightening {
  /** Who asks: `tenant-settings` or a plugin id. Kept in `tightenedBy`, so a stricter result can be explained. */
  readonly source: string
  readonly temporaryTransferFrom?: StayThreshold
  readonly officialTransferFrom?: StayThreshold
  readonly temporaryGroupMinMembers?: number
  readonly reportDeadline?: ReportDeadlineRule
}

const Parameter = Schema.Literals([
  "temporaryTransferFrom",
  "officialTransferFrom",
  "temporaryGroupMinMembers",
  "reportDeadline",
])
export type TightenedParameter = typeof Parameter.Type

/**
 * A tightening would loosen the regulation. Neither a tenant nor a plugin may: the regulation is the
 * floor, and a member's duties cannot depend on which plugins a province installed.
 */
export class RegulationLoosened extends Schema.TaggedError<RegulationLoosened>()("RegulationLoosened", {
  parameter: Parameter,
  source: Schema.String,
  message: BilingualText,
}) {}

/** A tightening with a value that means nothing (a fraction of a month, a group of one, no days). */
export class InvalidRegulationOverride extends Schema.TaggedError<InvalidRegulationOverride>()(
  "InvalidRegulationOverride",
  { parameter: Parameter, source: Schema.String, message: BilingualText },
) {}

/**
 * Every stay that reaches `current` also reaches `candidate`. Months are compared by count first:
 * adding more calendar months always lands later, so a lower count is stricter whatever the bound.
 */
export const thresholdAtLeastAsStrict = (candidate: StayThreshold, current: StayThreshold): boolean =>
  candidate.months < current.months ||
  (candidate.months === current.months && (candidate.inclusive || !current.inclusive))

/**
 * The candidate deadline never falls after the current one, in any year. Fewer days of the same kind
 * are stricter. M calendar days are stricter than N ≥ M working days: the M-th day after the return is
 * no later than the N-th working day, and when it is a day off, the next working day (where the Civil
 * Code moves such a deadline) is at most the M-th working day. Working days are never provably
 * stricter than calendar days: around Tết, 7 working days outlast 15 calendar days — the kind is a
 * tenant's choice in its settings, not a tightening.
 */
export const deadlineAtLeastAsStrict = (candidate: ReportDeadlineRule, current: ReportDeadlineRule): boolean =>
  candidate.kind === current.kind || candidate.kind === "calendar_days" ? candidate.days <= current.days : false

const describeThreshold = (threshold: StayThreshold): BilingualText =>
  threshold.inclusive
    ? { vi: `từ ${threshold.months} tháng`, en: `from ${threshold.months} months` }
    : { vi: `trên ${threshold.months} tháng`, en: `over ${threshold.months} months` }

const describeDeadline = (rule: ReportDeadlineRule): BilingualText =>
  rule.kind === "working_days"
    ? { vi: `${rule.days} ngày làm việc`, en: `${rule.days} working days` }
    : { vi: `${rule.days} ngày`, en: `${rule.days} calendar days` }

const isWhole = (value: number, minimum: number) => Number.isInteger(value) && value >= minimum

type Refusal = RegulationLoosened | InvalidRegulationOverride

const checkThreshold = (
  parameter: "temporaryTransferFrom" | "officialTransferFrom",
  label: BilingualText,
  candidate: StayThreshold,
  current: StayThreshold,
  source: string,
): Refusal | undefined => {
  if (!isWhole(candidate.months, 1)) {
    return new InvalidRegulationOverride({
      parameter,
      source,
      message: {
        vi: `Ngưỡng ${label.vi} phải là số tháng nguyên, ít nhất 1.`,
        en: `The ${label.en} threshold must be a whole number of months, at least 1.`,
      },
    })
  }
  if (thresholdAtLeastAsStrict(candidate, current)) return undefined
  const wanted = describeThreshold(candidate)
  const now = describeThreshold(current)
  return new RegulationLoosened({
    parameter,
    source,
    message: {
      vi: `Không thể nới ngưỡng ${label.vi} thành ${wanted.vi}: quy định đang áp dụng ${now.vi}.`,
      en: `The ${label.en} threshold cannot be loosened to ${wanted.en}: the policy applies it ${now.en}.`,
    },
  })
}

const check = (policy: RegulationPolicy, tightening: RegulationTightening): Refusal | undefined => {
  const { source } = tightening
  if (tightening.temporaryTransferFrom !== undefined) {
    const refusal = checkThreshold(
      "temporaryTransferFrom",
      { vi: "chuyển sinh hoạt đảng tạm thời", en: "temporary transfer" },
      tightening.temporaryTransferFrom,
      policy.temporaryTransfer.from,
      source,
    )
    if (refusal !== undefined) return refusal
  }
  if (tightening.officialTransferFrom !== undefined) {
    const refusal = checkThreshold(
      "officialTransferFrom",
      { vi: "chuyển sinh hoạt đảng chính thức", en: "official transfer" },
      tightening.officialTransferFrom,
      policy.officialTransfer.from,
      source,
    )
    if (refusal !== undefined) return refusal
  }
  const minMembers = tightening.temporaryGroupMinMembers
  if (minMembers !== undefined) {
    if (!isWhole(minMembers, 2)) {
      return new InvalidRegulationOverride({
        parameter: "temporaryGroupMinMembers",
        source,
        message: {
          vi: "Tổ đảng tạm thời cần ít nhất 2 đảng viên.",
          en: "A temporary party group needs at least 2 members.",
        },
      })
    }
    // Stricter means more members abroad kept in an organised party life, so the bar can only come down.
    if (minMembers > policy.temporaryGroup.minMembers) {
      return new RegulationLoosened({
        parameter: "temporaryGroupMinMembers",
        source,
        message: {
          vi: `Không thể nâng số đảng viên tối thiểu để lập tổ đảng tạm thời từ ${policy.temporaryGroup.minMembers} lên ${minMembers}.`,
          en: `The members needed for a temporary party group cannot be raised from ${policy.temporaryGroup.minMembers} to ${minMembers}.`,
        },
      })
    }
  }
  const deadline = tightening.reportDeadline
  if (deadline !== undefined) {
    if (!isWhole(deadline.days, 1)) {
      return new InvalidRegulationOverride({
        parameter: "reportDeadline",
        source,
        message: {
          vi: "Thời hạn báo cáo phải là số ngày nguyên, ít nhất 1.",
          en: "The report deadline must be a whole number of days, at least 1.",
        },
      })
    }
    if (!deadlineAtLeastAsStrict(deadline, policy.reportDeadline)) {
      const wanted = describeDeadline(deadline)
      const now = describeDeadline(policy.reportDeadline)
      return new RegulationLoosened({
        parameter: "reportDeadline",
        source,
        message: {
          vi: `Thời hạn báo cáo ${wanted.vi} có thể dài hơn thời hạn đang áp dụng (${now.vi}); loại ngày tính hạn do cài đặt của đơn vị chọn.`,
          en: `A report deadline of ${wanted.en} can fall later than the one in force (${now.en}); the kind of days is chosen in the tenant settings.`,
        },
      })
    }
  }
  return undefined
}

/**
 * `policy` made stricter by `tightening`, or a refusal naming the first parameter that would be
 * loosened (or is meaningless). Tightenings compose: each is checked against the policy as already
 * tightened, so a plugin cannot undo what the tenant set, nor the other way round.
 */
export const tighten = (
  policy: RegulationPolicy,
  tightening: RegulationTightening,
): Result.Result<RegulationPolicy, RegulationLoosened | InvalidRegulationOverride> => {
  const refusal = check(policy, tightening)
  if (refusal !== undefined) return Result.fail(refusal)
  return Result.succeed({
    ...policy,
    temporaryTransfer: { from: tightening.temporaryTransferFrom ?? policy.temporaryTransfer.from },
    officialTransfer: { from: tightening.officialTransferFrom ?? policy.officialTransfer.from },
    temporaryGroup: { minMembers: tightening.temporaryGroupMinMembers ?? policy.temporaryGroup.minMembers },
    reportDeadline: tightening.reportDeadline ?? policy.reportDeadline,
    tightenedBy: [...policy.tightenedBy, tightening.source],
  })
}
