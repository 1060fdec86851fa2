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
    // A plugin's required field, as the plugin worker words it.
    expect(issueText("vi", "Required")).toBe("Bắt buộc.")
    expect(issueText("vi", 'Expected a value with a length of at least 1, got ""')).toBe("Bắt buộc.")
    expect(issueText("vi", "Expected a value with a length of at least 3")).toBe("Cần ít nhất 3 ký tự.")
    expect(issueText("vi", "Expected a value with a length of at most 200")).toBe("Nhiều nhất 200 ký tự.")
    expect(issueText("vi", "Expected an integer, got 1.5")).toBe("Cần một số nguyên.")
    expect(issueText("vi", 'Expected number, got "abc"')).toBe("Cần một con số.")
    expect(issueText("vi", 'Expected a string matching the RegExp ^\\d+$, got "x"')).toBe("Không đúng định dạng.")
  })

  it("keeps an unknown refusal beside a plain 'not valid', and English as the API says it", () => {
    expect(issueText("vi", "Expected a GUID")).toBe("Giá trị không hợp lệ (Expected a GUID).")
    expect(issueText("en", "Expected a value between 1 and 60")).toBe("Expected a value between 1 and 60")
  })

  it("shows only the page's half of a rule's issue the API words in both languages", () => {
    const country = "country.unknown: Mã quốc gia không có trong danh mục: XX. / Not a country of ISO 3166-1: XX."
    expect(issueText("vi", country)).toBe("Mã quốc gia không có trong danh mục: XX.")
    expect(issueText("en", country)).toBe("Not a country of ISO 3166-1: XX.")
    const deadline =
      "report_deadline.days: Thời hạn theo ngày làm việc từ 1 đến 7 ngày. / Working days, weekends and public holidays skipped: between 1 and 7 days."
    expect(issueText("vi", deadline)).toBe("Thời hạn theo ngày làm việc từ 1 đến 7 ngày.")
    expect(issueText("en", deadline)).toBe("Working days, weekends and public holidays skipped: between 1 and 7 days.")
    // A plugin's field, its own rule name with a hyphen or not; a colon inside a half stays in it.
    const phone =
      "phone.international: Số quốc tế: dấu + rồi 7–15 chữ số. / An international number: + then 7–15 digits."
    expect(issueText("vi", phone)).toBe("Số quốc tế: dấu + rồi 7–15 chữ số.")
    expect(issueText("en", phone)).toBe("An international number: + then 7–15 digits.")
    expect(issueText("vi", "ho-chi-minh.congress: Trùng Đại hội. / During the Congress.")).toBe("Trùng Đại hội.")
    // A plugin's config check, a URL inside a half.
    const url = "url.http: Địa chỉ http:// hoặc https://. / An http(s) URL."
    expect(issueText("vi", url)).toBe("Địa chỉ http:// hoặc https://.")
    expect(issueText("en", url)).toBe("An http(s) URL.")
  })

  it("does not split an English message that merely has a slash in it", () => {
    expect(issueText("en", "Expected a date as dd/mm/yyyy")).toBe("Expected a date as dd/mm/yyyy")
  })

  it("shows a domain rule's issue, which the API words in both languages, in the page's language only", () => {
    const issue = "outcome.required: Đóng vụ việc phải ghi hình thức xử lý. / Closing a case requires its outcome."
    expect(issueText("vi", issue)).toBe("Đóng vụ việc phải ghi hình thức xử lý.")
    expect(issueText("en", issue)).toBe("Closing a case requires its outcome.")
  })
})
