import { describe, expect, it } from "vitest"
import { closingProblems, completionProblems, openingProblems, stateOf, taskProblems } from "../src/index.ts"

const rules = (issues: ReadonlyArray<{ readonly rule: string }>) => issues.map((issue) => issue.rule)

describe("a violation case as written", () => {
  const valid = {
    description: "Đi Lào không báo cáo",
    evidence: [{ description: "Dữ liệu xuất nhập cảnh", reference: "XNC-1" }],
  }

  it("accepts a described case, with or without evidence yet", () => {
    expect(openingProblems(valid)).toEqual([])
    expect(openingProblems({ ...valid, evidence: [] })).toEqual([])
  })

  it("names the place of each problem, down to the piece of evidence", () => {
    const issues = openingProblems({
      description: " \n ",
      evidence: [valid.evidence[0] as never, { description: "", reference: "x".repeat(501) }],
    })
    expect(issues.map((issue) => [issue.path.join("."), issue.rule])).toEqual([
      ["description", "text.required"],
      ["evidence.1.description", "text.required"],
      ["evidence.1.reference", "text.too_long"],
    ])
    expect(rules(openingProblems({ ...valid, evidence: Array(51).fill(valid.evidence[0]) }))).toEqual([
      "evidence.too_many",
    ])
  })

  it("closes only with an outcome, and says which ones there are in both languages", () => {
    const [issue, ...rest] = closingProblems({ outcome: undefined, note: undefined })
    expect(rest).toEqual([])
    expect(issue?.path).toEqual(["outcome"])
    expect(issue?.rule).toBe("outcome.required")
    expect(issue?.message.vi).toContain("khiển trách")
    expect(issue?.message.en).toContain("removal from the roll")
    expect(closingProblems({ outcome: "none", note: "   " })).toEqual([])
    expect(rules(closingProblems({ outcome: "expulsion", note: "x".repeat(4001) }))).toEqual(["text.too_long"])
  })
})

describe("a task", () => {
  const today = "2026-05-10"

  it("needs a title and a due date from today on", () => {
    expect(taskProblems({ title: "Họp chi bộ", description: "", dueOn: today }, today)).toEqual([])
    expect(rules(taskProblems({ title: "  ", description: "", dueOn: "2026-05-09" }, today))).toEqual([
      "title.format",
      "due_on.past",
    ])
    expect(rules(taskProblems({ title: "Họp", description: "", dueOn: "2026-02-30" }, today))).toEqual(["date.format"])
  })

  it("is reported done with a note saying what was done", () => {
    expect(rules(completionProblems(" "))).toEqual(["note.required"])
    expect(completionProblems("Đã làm")).toEqual([])
  })

  it("is open until its due date, overdue after it, done once reported", () => {
    expect(stateOf({ completedAt: null, dueOn: today }, today)).toBe("open")
    expect(stateOf({ completedAt: null, dueOn: "2026-05-09" }, today)).toBe("overdue")
    expect(stateOf({ completedAt: new Date(), dueOn: "2026-05-09" }, today)).toBe("done")
  })
})
