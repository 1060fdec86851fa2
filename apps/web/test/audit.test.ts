import { describe, expect, it } from "vitest"
import { detailEntries, detailsText, entityHref, shortId } from "../app/audit.ts"

/** The audit page's details: labelled, in the page's language, with ids short on the page and whole in a spreadsheet. */

const MEMBER = "6f1c2a90-1b2c-4d5e-8f90-1234567890ab"

const APPROVED = {
  memberId: MEMBER,
  revision: 4,
  occurredOn: "2025-07-01",
  actorKind: "cell_secretary",
  committeeId: "a1b2c3d4-0000-4000-8000-000000000001",
  hasReason: false,
  arrangement: { kind: "temporary", forms: ["2-SHĐ"] },
}

describe("an audit entry's details", () => {
  it("are labelled lines, days as dd/mm/yyyy, yes and no in words, ids shortened with the whole id kept", () => {
    expect(detailEntries("vi", APPROVED)).toEqual([
      { key: "memberId", label: "Đảng viên", value: "6f1c2a90", full: MEMBER },
      { key: "revision", label: "Lần sửa", value: "4" },
      { key: "occurredOn", label: "Ngày", value: "01/07/2025" },
      { key: "actorKind", label: "Người thực hiện", value: "Bí thư chi bộ" },
      { key: "committeeId", label: "Cấp ủy", value: "a1b2c3d4", full: "a1b2c3d4-0000-4000-8000-000000000001" },
      { key: "hasReason", label: "Có lý do", value: "không" },
      { key: "arrangement", label: "Sinh hoạt đảng", value: "kind: temporary, forms: 2-SHĐ" },
    ])
    expect(detailEntries("en", { late: true, purpose: "private_tourism" })).toEqual([
      { key: "late", label: "Late", value: "yes" },
      { key: "purpose", label: "Purpose", value: expect.not.stringMatching(/private_tourism/) },
    ])
  })

  it("say the codes the interface has words for in words: outcomes, kinds, opinions, evaluations", () => {
    expect(
      detailEntries("vi", {
        outcome: "none",
        kind: "unapproved_travel",
        verdict: "agree",
        evaluation: "completed",
      }).map((entry) => entry.value),
    ).toEqual(["Không vi phạm", "Đi nước ngoài không được đồng ý", "Đồng ý", "Hoàn thành"])
    expect(detailEntries("en", { verdict: "disagree" })[0]?.value).toBe("Disagree")
    // A code without words stays as it is.
    expect(detailEntries("vi", { outcome: "something_new" })[0]?.value).toBe("something_new")
  })

  it("keep a key the page has no words for, as it is", () => {
    expect(detailEntries("vi", { somethingNew: "x" })).toEqual([
      { key: "somethingNew", label: "somethingNew", value: "x" },
    ])
    expect(detailEntries("vi", null)).toEqual([])
  })

  it("go into the spreadsheet in one line, ids whole", () => {
    expect(detailsText("en", { memberId: MEMBER, fields: ["fullName", "phone"] })).toBe(
      `Member: ${MEMBER}; Fields changed: fullName, phone`,
    )
  })
})

describe("an audit entry's subject", () => {
  it("links to the administrators' page about it, where there is one", () => {
    expect(entityHref("app_user", MEMBER)).toBe(`/admin/users/${MEMBER}`)
    expect(entityHref("plugin", "ho-chi-minh")).toBe("/admin/plugins/ho-chi-minh")
    expect(entityHref("trip", MEMBER)).toBeUndefined()
    expect(shortId(MEMBER)).toBe("6f1c2a90")
    expect(shortId("ho-chi-minh")).toBe("ho-chi-minh")
  })
})
