import { describe, expect, it } from "vitest"
import { issueText } from "../app/server/forms.server.ts"

/** The API validates in English (Effect's words); a Vietnamese page shows the common refusals in Vietnamese. */
describe("a field's refusal in the page's language", () => {
  it("says a number out of range in Vietnamese, with its bounds", () => {
    expect(issueText("vi", "Expected a value between 1 and 60, got 90")).toBe("Cần từ 1 đến 60.")
    expect(issueText("vi", "Expected a value between 1 and 60")).toBe("Cần từ 1 đến 60.")
    expect(issueText("vi", "Expected a value greater than or equal to 3, got 1")).toBe("Cần lớn hơn hoặc bằng 3.")
    expect(issueText("vi", "Expected a value less than or equal to 10")).toBe("Cần nhỏ hơn hoặc bằng 10.")
    expect(issueText("vi", "Expected a value greater than 0, got -1")).toBe("Cần lớn hơn 0.")
    expect(issueText("vi", "Expected a value less than 5")).toBe("Cần nhỏ hơn 5.")
  })

  it("says a missing, short, long, fractional or malformed value in Vietnamese", () => {
    expect(issueText("vi", "Missing key")).toBe("Bắt buộc.")
    expect(issueText("vi", 'Expected a value with a length of at least 1, got ""')).toBe("Bắt buộc.")
    expect(issueText("vi", "Expected a value with a length of at least 3")).toBe("Cần ít nhất 3.")
    expect(issueText("vi", "Expected a value with a length of at most 200")).toBe("Nhiều nhất 200.")
    expect(issueText("vi", "Expected an integer, got 1.5")).toBe("Cần một số nguyên.")
    expect(issueText("vi", 'Expected number, got "abc"')).toBe("Cần một con số.")
    expect(issueText("vi", 'Expected a string matching the RegExp ^\\d+$, got "x"')).toBe("Không đúng định dạng.")
  })

  it("keeps an unknown refusal beside a plain 'not valid', and English as the API says it", () => {
    expect(issueText("vi", "Expected a GUID")).toBe("Giá trị không hợp lệ (Expected a GUID).")
    expect(issueText("en", "Expected a value between 1 and 60")).toBe("Expected a value between 1 and 60")
  })

  it("shows a domain rule's issue, which the API words in both languages, in the page's language only", () => {
    const issue = "outcome.required: Đóng vụ việc phải ghi hình thức xử lý. / Closing a case requires its outcome."
    expect(issueText("vi", issue)).toBe("Đóng vụ việc phải ghi hình thức xử lý.")
    expect(issueText("en", issue)).toBe("Closing a case requires its outcome.")
  })
})
