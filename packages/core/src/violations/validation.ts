/**
 * What makes a violation case (vụ vi phạm) acceptable as written: each rule explains itself in
 * Vietnamese and English and names the field, so the officer can correct the form alone.
 */
import type { ViolationKind, ViolationOutcome } from "@abroad/db"

export type { ViolationKind, ViolationOutcome }

/** Who raised the case: an officer, a tenant's rule (an overdue report), or an integration (border records). */
export type ViolationSource = "officer" | "rule" | "integration"

export const VIOLATION_KINDS: ReadonlyArray<ViolationKind> = [
  "unreported_travel",
  "unapproved_travel",
  "overdue_return",
  "report_overdue",
  "unreported_sponsorship",
  "duty_breach",
  "other",
]

/**
 * Regulation 69-QĐ/TW: khiển trách (reprimand), cảnh cáo (warning), cách chức (dismissal),
 * khai trừ (expulsion); xóa tên (removal from the roll); or none, when the case finds no fault.
 */
export const VIOLATION_OUTCOMES: ReadonlyArray<ViolationOutcome> = [
  "none",
  "reprimand",
  "warning",
  "dismissal",
  "expulsion",
  "removal_from_roll",
]

/** One piece of evidence: what it is, and where it is kept (a document number, a file, a record id). */
export interface Evidence {
  readonly description: string
  readonly reference: string | null
}

export interface ViolationIssue {
  /** Where in the input: `["description"]`, `["evidence", 2, "reference"]`. */
  readonly path: ReadonlyArray<string | number>
  readonly rule: string
  readonly message: { readonly vi: string; readonly en: string }
}

export const DESCRIPTION_MAX = 4000
export const NOTE_MAX = 4000
export const EVIDENCE_MAX = 50
const EVIDENCE_DESCRIPTION_MAX = 1000
const REFERENCE_MAX = 500

/** Text as stored: NFC, trimmed. */
export const cleanText = (text: string) => text.normalize("NFC").trim()

const textProblems = (
  path: ReadonlyArray<string | number>,
  text: string,
  max: number,
  what: { readonly vi: string; readonly en: string },
): ReadonlyArray<ViolationIssue> => {
  const clean = cleanText(text)
  if (clean === "") {
    return [{ path, rule: "text.required", message: { vi: `Cần nhập ${what.vi}.`, en: `The ${what.en} is required.` } }]
  }
  if (clean.length > max) {
    return [
      {
        path,
        rule: "text.too_long",
        message: {
          vi: `${what.vi[0]?.toUpperCase()}${what.vi.slice(1)} không quá ${max} ký tự.`,
          en: `The ${what.en} has at most ${max} characters.`,
        },
      },
    ]
  }
  return []
}

/** Every problem with the pieces of evidence given, at `["evidence", i, …]`. */
export const evidenceProblems = (
  evidence: ReadonlyArray<Evidence>,
  alreadyHeld: number,
  requireOne: boolean,
): ReadonlyArray<ViolationIssue> => {
  const problems: Array<ViolationIssue> = []
  if (requireOne && evidence.length === 0) {
    problems.push({
      path: ["evidence"],
      rule: "evidence.required",
      message: { vi: "Cần ít nhất một chứng cứ.", en: "At least one piece of evidence is required." },
    })
  }
  if (alreadyHeld + evidence.length > EVIDENCE_MAX) {
    problems.push({
      path: ["evidence"],
      rule: "evidence.too_many",
      message: {
        vi: `Một vụ việc có không quá ${EVIDENCE_MAX} chứng cứ.`,
        en: `A case holds at most ${EVIDENCE_MAX} pieces of evidence.`,
      },
    })
  }
  evidence.forEach((item, index) => {
    problems.push(
      ...textProblems(["evidence", index, "description"], item.description, EVIDENCE_DESCRIPTION_MAX, {
        vi: "mô tả chứng cứ",
        en: "evidence's description",
      }),
    )
    if (item.reference !== null) {
      problems.push(
        ...textProblems(["evidence", index, "reference"], item.reference, REFERENCE_MAX, {
          vi: "nơi lưu chứng cứ",
          en: "evidence's reference",
        }),
      )
    }
  })
  return problems
}

/** Every problem with a new case, all at once; an empty list means it may be opened. */
export const openingProblems = (input: {
  readonly description: string
  readonly evidence: ReadonlyArray<Evidence>
}): ReadonlyArray<ViolationIssue> => [
  ...textProblems(["description"], input.description, DESCRIPTION_MAX, {
    vi: "mô tả vi phạm",
    en: "description of the violation",
  }),
  ...evidenceProblems(input.evidence, 0, false),
]

/** A note on the case's history. */
export const noteProblems = (note: string, required: boolean): ReadonlyArray<ViolationIssue> =>
  !required && cleanText(note) === "" ? [] : textProblems(["note"], note, NOTE_MAX, { vi: "ghi chú", en: "note" })

/** Closing decides the case: an outcome is required, even when it is that there is none. */
export const closingProblems = (input: {
  readonly outcome: ViolationOutcome | undefined
  readonly note: string | undefined
}): ReadonlyArray<ViolationIssue> => [
  ...(input.outcome === undefined
    ? [
        {
          path: ["outcome"],
          rule: "outcome.required",
          message: {
            vi:
              "Đóng vụ việc phải ghi hình thức xử lý: khiển trách, cảnh cáo, cách chức, khai trừ, xóa tên, " +
              "hoặc không vi phạm.",
            en:
              "Closing a case requires its outcome: reprimand, warning, dismissal, expulsion, removal from the roll, " +
              "or no fault.",
          },
        },
      ]
    : []),
  ...(input.note === undefined ? [] : noteProblems(input.note, false)),
]
