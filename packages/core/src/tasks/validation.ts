/**
 * What makes a task (nhiệm vụ) and its report and evaluation acceptable, each rule explaining
 * itself in Vietnamese and English with the field it concerns.
 */

/** Đánh giá: how the committee judges the task's execution. */
export type TaskEvaluation = "excellent" | "good" | "completed" | "not_completed"

export const TASK_EVALUATIONS: ReadonlyArray<TaskEvaluation> = ["excellent", "good", "completed", "not_completed"]

export interface TaskIssue {
  readonly field: "memberId" | "title" | "description" | "dueOn" | "note"
  readonly rule: string
  readonly message: { readonly vi: string; readonly en: string }
}

export interface TaskFields {
  readonly title: string
  readonly description: string
  readonly dueOn: string
}

export const TITLE_MAX = 200
export const TEXT_MAX = 4000

const DAY = /^\d{4}-\d{2}-\d{2}$/
const isDay = (text: string) => {
  if (!DAY.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  // "2026-13-01" is no date at all; "2026-02-30" rolls over to March: both are refused.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) && text >= "1900-01-01"
}

/** Text as stored: NFC, trimmed. */
export const cleanText = (text: string) => text.normalize("NFC").trim()

/** Every problem with a task as assigned; `today` is the earliest due date that makes sense. */
export const taskProblems = (fields: TaskFields, today: string): ReadonlyArray<TaskIssue> => {
  const problems: Array<TaskIssue> = []
  const title = cleanText(fields.title)
  if (title === "" || title.length > TITLE_MAX) {
    problems.push({
      field: "title",
      rule: "title.format",
      message: {
        vi: `Cần nhập tên nhiệm vụ, không quá ${TITLE_MAX} ký tự.`,
        en: `The task needs a title of at most ${TITLE_MAX} characters.`,
      },
    })
  }
  if (cleanText(fields.description).length > TEXT_MAX) {
    problems.push({
      field: "description",
      rule: "description.too_long",
      message: {
        vi: `Nội dung không quá ${TEXT_MAX} ký tự.`,
        en: `The description has at most ${TEXT_MAX} characters.`,
      },
    })
  }
  if (!isDay(fields.dueOn)) {
    problems.push({
      field: "dueOn",
      rule: "date.format",
      message: {
        vi: `Ngày không hợp lệ: ${fields.dueOn} (định dạng YYYY-MM-DD).`,
        en: `Not a date: ${fields.dueOn} (YYYY-MM-DD).`,
      },
    })
  } else if (fields.dueOn < today) {
    problems.push({
      field: "dueOn",
      rule: "due_on.past",
      message: { vi: "Hạn hoàn thành đã qua.", en: "The due date has already passed." },
    })
  }
  return problems
}

/** The note with which a member reports the task done: what was done, required. */
export const completionProblems = (note: string): ReadonlyArray<TaskIssue> => {
  const clean = cleanText(note)
  if (clean === "" || clean.length > TEXT_MAX) {
    return [
      {
        field: "note",
        rule: "note.required",
        message: {
          vi: `Cần ghi kết quả thực hiện nhiệm vụ, không quá ${TEXT_MAX} ký tự.`,
          en: `Say what was done, in at most ${TEXT_MAX} characters.`,
        },
      },
    ]
  }
  return []
}

/** The committee's note on its evaluation: optional, bounded. */
export const evaluationNoteProblems = (note: string | undefined): ReadonlyArray<TaskIssue> =>
  note !== undefined && cleanText(note).length > TEXT_MAX
    ? [
        {
          field: "note",
          rule: "note.too_long",
          message: { vi: `Nhận xét không quá ${TEXT_MAX} ký tự.`, en: `The note has at most ${TEXT_MAX} characters.` },
        },
      ]
    : []
