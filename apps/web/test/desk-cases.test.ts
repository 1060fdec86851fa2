import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  chromiumAvailable,
  launchChromium,
  openSession,
  type RunningPlatform,
  screenshot,
  signIn,
  startPlatform,
  unlabelledControls,
} from "./browser.ts"

/**
 * The desk's cases beyond a trip's workflow, as an officer works them in a browser without
 * JavaScript (every form plain HTML): a violation case opened from a member's record, reviewed
 * and closed with its outcome. Run against the real server in demo mode on a fresh database.
 */

/** Waits for `done` after a form is sent; a refusal shown on the page fails with its words. */
const settles = async (page: Page, done: ReturnType<Page["locator"]>) => {
  const refusal = page.locator(".alert-error, .field-error, .error-page")
  await done.or(refusal).first().waitFor()
  if (await refusal.count()) throw new Error(`refused: ${await refusal.allInnerTexts()}`)
}

const available = chromiumAvailable()

describe.skipIf(!available)("the desk's cases, end to end in Chromium", () => {
  let platform: RunningPlatform
  let browser: Browser

  beforeAll(async () => {
    platform = await startPlatform()
    browser = await launchChromium()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await platform?.stop()
  })

  it("an officer opens a violation case from a member's record, reviews it and closes it with its outcome", async () => {
    const officer = await openSession(browser, platform.url, { javaScript: false })
    const { page } = officer
    await signIn(page, "officer@ho-chi-minh")

    // From the member's record.
    await page.goto("/desk/members?q=nguyen+van+a")
    await page.getByRole("link", { name: "Nguyễn Văn A", exact: true }).first().click()
    await page.getByRole("heading", { name: "Nguyễn Văn A" }).waitFor()
    await page.getByRole("link", { name: "Mở vụ vi phạm" }).click()
    await page.getByRole("heading", { name: "Mở vụ vi phạm" }).waitFor()
    expect(await unlabelledControls(page)).toEqual([])

    // Sent without a description: the API's refusal shows beside that field, what was typed kept.
    await page.getByLabel("Hành vi vi phạm").selectOption("unreported_travel")
    await page.getByLabel("Mô tả chứng cứ").fill("Hồ sơ xuất nhập cảnh tháng 10")
    await page.getByRole("button", { name: "Mở vụ vi phạm" }).click()
    const descriptionError = page.locator('[id="description-error"]')
    await descriptionError.waitFor()
    expect(await descriptionError.textContent()).toBe("Bắt buộc.")
    expect(await page.getByLabel("Mô tả vi phạm").getAttribute("aria-invalid")).toBe("true")
    expect(await page.getByLabel("Mô tả chứng cứ").inputValue()).toBe("Hồ sơ xuất nhập cảnh tháng 10")

    await page.getByLabel("Mô tả vi phạm").fill("Đi Thái Lan 3 ngày không báo cáo chi bộ.")
    await page.getByLabel(/Nơi lưu chứng cứ/).fill("Công văn 123/XNC")
    await page.getByRole("button", { name: "Mở vụ vi phạm" }).click()
    await page.waitForURL(/\/desk\/violations\/[0-9a-f-]{36}$/)
    const caseUrl = new URL(page.url()).pathname
    const summary = page.locator(".summary")
    expect(await summary.textContent()).toContain("Nguyễn Văn A")
    expect(await summary.textContent()).toContain("Đi nước ngoài không báo cáo")
    expect(await summary.locator(".badge").textContent()).toBe("Mới mở")
    expect(await page.locator(".evidence").textContent()).toContain("Hồ sơ xuất nhập cảnh tháng 10 — Công văn 123/XNC")
    expect(await unlabelledControls(page)).toEqual([])
    await screenshot(page, "desk-violation")

    // The review starts; closing asks for the outcome, beside its field, before it closes.
    await page.getByRole("button", { name: "Đưa ra xem xét" }).click()
    await settles(page, summary.locator(".badge", { hasText: "Đang xem xét" }))
    const closing = page.getByRole("region", { name: "Kết luận vụ việc" })
    await closing.getByRole("button", { name: "Kết luận vụ việc" }).click()
    const outcomeError = page.locator('[id="close.outcome-error"]')
    await outcomeError.waitFor()
    expect(await outcomeError.textContent()).toContain("phải ghi hình thức xử lý")
    expect(await summary.locator(".badge").textContent()).toBe("Đang xem xét")
    await closing.getByLabel("Kết quả").selectOption("reprimand")
    await closing.getByLabel("Ghi chú").fill("Chi bộ đã họp, thống nhất khiển trách.")
    await closing.getByRole("button", { name: "Kết luận vụ việc" }).click()
    await settles(page, summary.locator(".badge", { hasText: "Đã kết luận" }))
    expect(await summary.textContent()).toContain("Khiển trách")
    // A closed case offers no more steps; its history tells what happened.
    expect(await page.getByRole("button", { name: "Kết luận vụ việc" }).count()).toBe(0)
    const history = (await page.locator(".history").textContent()) ?? ""
    for (const step of ["Mở vụ việc", "Đưa ra xem xét", "Kết luận: Chi bộ đã họp, thống nhất khiển trách."]) {
      expect(history).toContain(step)
    }

    // The list shows it closed, with its outcome, and leads back to it.
    await page.goto("/desk/violations?status=closed")
    const row = page.locator("tbody tr", { has: page.locator(`a[href="${caseUrl}"]`) })
    expect(await row.textContent()).toContain("Nguyễn Văn A")
    expect(await row.textContent()).toContain("Khiển trách")
    await officer.context.close()
  }, 300_000)
})
