import { Result, Schema } from "effect"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import type { ReportDeadlineRule } from "../calendar/working-days.ts"
import type { BilingualText } from "./bilingual.ts"
import { compareDates } from "./calendar-months.ts"
import { type InvalidRegulationOverride, type RegulationLoosened, tighten } from "./tighten.ts"

/** The regulations the platform knows, by number and year. A trip keeps the one it was requested under. */
export type RegulationVersionId = "228-2014" | "86-2022"

/**
 * A length of stay that triggers an arrangement. Sources disagree on whether the bound itself belongs
 * to it ("over 3 months" or "from 3 months"), so that is a parameter, not a reading buried in code:
 * reached by a stay of more than `months` calendar months, or of exactly `months` too when `inclusive`.
 * Calendar months are counted with {@link addMonths}.
 */
export interface StayThreshold {
  readonly months: number
  readonly inclusive: boolean
}

/**
 * The two deadlines units actually use, each the longest of its kind: a tenant picks the kind in its
 * settings, and may shorten the days (`report.deadline`: 1–7 working days or 1–15 days).
 */
export const SanctionedReportDeadline = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("working_days"), days: Schema.Literal(7) }),
  Schema.Struct({ kind: Schema.Literal("calendar_days"), days: Schema.Literal(15) }),
])
export type SanctionedReportDeadline = typeof SanctionedReportDeadline.Type

const SANCTIONED: Readonly<Record<ReportDeadlineRule["kind"], SanctionedReportDeadline>> = {
  working_days: { kind: "working_days", days: 7 },
  calendar_days: { kind: "calendar_days", days: 15 },
}

/**
 * What a tenant chooses about the regulation, as its settings store it: the report deadline of its
 * `report.deadline` setting — either kind, at most the sanctioned days of that kind.
 */
export interface TenantRegulationSettings {
  readonly reportDeadline: ReportDeadlineRule
}

/**
 * The numbers of a regulation on party members abroad, as one value: the arrangement for party
 * activity abroad and the report deadline are read from here, never from literals in the workflow,
 * so a new regulation is a new version and a tenant's or plugin's stricter rule is a `tighten`.
 */
export interface RegulationPolicy {
  readonly version: RegulationVersionId
  /** How reasons cite it, e.g. "Quy định 86-QĐ/TW". */
  readonly citation: BilingualText
  /** Trips requested on or after this day fall under this version (until the next one). */
  readonly inForceFrom: CalendarDate
  /**
   * Members staying below the temporary-transfer threshold with at least `minMembers` party members
   * together (the traveller included) may form a temporary party group or cell (tổ đảng / chi bộ tạm thời).
   * The group window is not a threshold of its own: it is every stay below `temporaryTransfer.from`,
   * so the two can neither overlap nor leave a gap, whatever a tenant tightens.
   */
  readonly temporaryGroup: { readonly minMembers: number }
  /** Chuyển sinh hoạt đảng tạm thời: from this stay up to the official-transfer threshold. */
  readonly temporaryTransfer: { readonly from: StayThreshold }
  /** Chuyển sinh hoạt đảng chính thức, through the Foreign Ministry party committee (Đảng ủy Bộ Ngoại giao). */
  readonly officialTransfer: { readonly from: StayThreshold }
  /** The forms each arrangement needs; labour export replaces the official-transfer forms with its own. */
  readonly forms: {
    readonly temporaryTransfer: ReadonlyArray<string>
    readonly officialTransfer: ReadonlyArray<string>
    readonly labourExport: ReadonlyArray<string>
  }
  /** How long a member has to report after returning; the due day itself comes from `reportDeadline` (calendar). */
  readonly reportDeadline: ReportDeadlineRule
  /** Who made this policy stricter than the regulation's text, in order (`tighten`): support and audit read it. */
  readonly tightenedBy: ReadonlyArray<string>
}

/**
 * The version's own deadline, for a policy read without a tenant: the longer of the two sanctioned
 * ones. A tenant's trips run under its `report.deadline` setting instead, whose default (7 working
 * days, settings/report-deadline.ts) is what the tenant's administrator sees on the settings page.
 */
const DEFAULT_REPORT_DEADLINE: SanctionedReportDeadline = { kind: "calendar_days", days: 15 }

// Both regulations count the same months; what differs is the text a reason cites and the dates
// each governs. A later change of numbers is a new entry here, not an edit of an old one: trips keep
// the version they were requested under.
const VERSIONS: Readonly<Record<RegulationVersionId, RegulationPolicy>> = {
  "228-2014": {
    version: "228-2014",
    citation: { vi: "Quy định 228-QĐ/TW ngày 07/02/2014", en: "Regulation 228-QĐ/TW of 7 Feb 2014" },
    inForceFrom: "2014-02-07",
    temporaryGroup: { minMembers: 3 },
    temporaryTransfer: { from: { months: 3, inclusive: false } },
    officialTransfer: { from: { months: 12, inclusive: true } },
    forms: { temporaryTransfer: ["3-SHĐ"], officialTransfer: ["3-SHĐ"], labourExport: ["3A-SHĐ", "3C-SHĐ"] },
    reportDeadline: DEFAULT_REPORT_DEADLINE,
    tightenedBy: [],
  },
  "86-2022": {
    version: "86-2022",
    citation: { vi: "Quy định 86-QĐ/TW ngày 28/10/2022", en: "Regulation 86-QĐ/TW of 28 Oct 2022" },
    inForceFrom: "2022-10-28",
    temporaryGroup: { minMembers: 3 },
    temporaryTransfer: { from: { months: 3, inclusive: false } },
    officialTransfer: { from: { months: 12, inclusive: true } },
    forms: { temporaryTransfer: ["3-SHĐ"], officialTransfer: ["3-SHĐ"], labourExport: ["3A-SHĐ", "3C-SHĐ"] },
    reportDeadline: DEFAULT_REPORT_DEADLINE,
    tightenedBy: [],
  },
}

/** Newest first: the first whose start is on or before a date governs it. */
const BY_START: ReadonlyArray<RegulationPolicy> = Object.values(VERSIONS).toSorted((a, b) =>
  compareDates(b.inForceFrom, a.inForceFrom),
)

/**
 * The version a trip requested on `requestDate` falls under: 86-2022 from 28 Oct 2022, 228-2014 before.
 * No earlier regulation is modelled, so older imported trips are read under 228-2014, the oldest known.
 */
export const versionInForce = (requestDate: CalendarDate): RegulationVersionId =>
  (BY_START.find((policy) => compareDates(policy.inForceFrom, requestDate) <= 0) ?? VERSIONS["228-2014"]).version

/**
 * A version's policy with the tenant's settings, or the refusal of a setting the regulation does not
 * allow. The two parts of the tenant's report deadline are told apart: its kind picks one of the
 * sanctioned deadlines (working days are never provably stricter than calendar days, so the kind is
 * a choice, not a tightening — see `deadlineAtLeastAsStrict`), and fewer days than that one are a
 * `tighten` by `tenant-settings`, kept in `tightenedBy` and checked like any plugin's.
 */
export const tenantPolicy = (
  version: RegulationVersionId,
  settings: TenantRegulationSettings,
): Result.Result<RegulationPolicy, RegulationLoosened | InvalidRegulationOverride> => {
  const chosen = settings.reportDeadline
  const sanctioned = SANCTIONED[chosen.kind]
  const base: RegulationPolicy = { ...VERSIONS[version], reportDeadline: sanctioned }
  if (chosen.days === sanctioned.days) return Result.succeed(base)
  return tighten(base, { source: "tenant-settings", reportDeadline: chosen })
}

/**
 * A version's policy with the tenant's choice of report deadline (the version's default without one).
 * A setting the regulation refuses was stored past the setting's own Schema, which allows only what
 * `tenantPolicy` accepts: a defect, so it throws rather than travel on as a value.
 */
export const policyFor = (version: RegulationVersionId, settings?: TenantRegulationSettings): RegulationPolicy => {
  if (settings === undefined) return VERSIONS[version]
  const policy = tenantPolicy(version, settings)
  if (Result.isFailure(policy)) throw new RangeError(`tenant regulation settings refused: ${policy.failure.message.en}`)
  return policy.success
}

/** The policy for a trip requested on `requestDate`, with the tenant's settings. */
export const policyInForce = (requestDate: CalendarDate, settings?: TenantRegulationSettings): RegulationPolicy =>
  policyFor(versionInForce(requestDate), settings)

export const REGULATION_VERSIONS: ReadonlyArray<RegulationVersionId> = ["228-2014", "86-2022"]
