import { readFile } from "node:fs/promises"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { formatDay } from "../app/i18n/dates.ts"
import {
  chromiumAvailable,
  DEMO_PASSWORD,
  dayInVietnam,
  fitsWidth,
  openSession,
  platformAndBrowser,
  screenshot,
  signIn,
  signInByKeyboard,
  unlabelledControls,
  unusedCode,
} from "./browser.ts"
import { readZip } from "./zip-reader.ts"

/**
 * One trip through the web app, by the people who handle it: the member files a request (in a
 * browser without JavaScript: every form must work as plain HTML), the cell secretary gives the
 * cell's opinion, the approver approves, and the member records the departure and the return and
 * files the report. Run against the real server in demo mode on a fresh database.
 */

const statusOf = (page: Page) => page.locator(".summary .badge").first().textContent()

/** Waits for the trip to show `status` after a step; a refusal shown on the page fails with its words. */
const reaches = async (page: Page, status: string) => {
  const badge = page.locator(".summary .badge", { hasText: status })
  const refusal = page.locator(".alert-error, .field-error, .error-page")
  await badge.or(refusal).first().waitFor()
  if (await refusal.count()) throw new Error(`refused: ${await refusal.allInnerTexts()}`)
  expect(await statusOf(page)).toBe(status)
}

const available = chromiumAvailable()

describe.skipIf(!available)("the web app, end to end in Chromium", () => {
  const suite = platformAndBrowser()

  it("a request goes from the member to the cell, the approver, abroad, home and reported", async () => {
    const member = await openSession(suite.browser, suite.platform.url, { javaScript: false })
    await member.page.goto("/")
    expect(new URL(member.page.url()).pathname).toBe("/sign-in")
    await screenshot(member.page, "sign-in")
    await signIn(member.page, "member@ho-chi-minh", "")
    expect(new URL(member.page.url()).pathname).toBe("/my/trips")
    await screenshot(member.page, "member-trips")

    // The request form, sent without JavaScript; the API's refusal of a field shows beside it.
    await member.page.goto("/my/trips/new")
    expect(await unlabelledControls(member.page)).toEqual([])
    await member.page.getByLabel("Mục đích").selectOption("private_tourism")
    await member.page.getByLabel("Ngày đi dự kiến").fill(formatDay(dayInVietnam()))
    await member.page.getByLabel("Ngày về dự kiến").fill(formatDay(dayInVietnam(7)))
    // The demo installs the ho-chi-minh plugin for this tenant: its fields are on the form, drawn from its description.
    await member.page.getByLabel("Người/cơ quan tiếp đón ở nước ngoài").fill("Công ty Sakura Travel")
    await member.page.getByLabel("Địa chỉ lưu trú ở nước ngoài").fill("1-2-3 Shinjuku, Tokyo, Nhật Bản")
    await member.page.getByLabel("Điện thoại người tiếp đón").fill("+81312345678")
    await member.page.getByLabel("Người liên hệ khẩn cấp ở trong nước").fill("Trần Thị B")
    await member.page.getByLabel("Quan hệ với đảng viên").fill("vợ")
    await member.page.getByLabel("Điện thoại người liên hệ khẩn cấp").fill("0912345678")
    await member.page.getByRole("button", { name: "Gửi đề nghị" }).click()
    await member.page.locator("#countries-error").waitFor()
    expect(await member.page.getByLabel("Nước đến").getAttribute("aria-invalid")).toBe("true")
    expect(await member.page.getByLabel("Ngày đi dự kiến").inputValue()).toBe(formatDay(dayInVietnam()))
    await member.page.getByLabel("Nước đến").fill("JP")
    await screenshot(member.page, "member-new-request")
    await member.page.getByRole("button", { name: "Gửi đề nghị" }).click()
    await member.page.waitForURL(/\/my\/trips\/[0-9a-f-]{36}$/)
    const tripId = new URL(member.page.url()).pathname.split("/").pop() as string
    expect(await statusOf(member.page)).toBe("Chờ chi bộ cho ý kiến")
    expect(await member.page.locator(".summary").textContent()).toContain("Nhật Bản")
    // The plugin's fields the member typed are kept and shown back, under the plugin's own labels.
    const memberExtra = member.page.locator(".plugin-values")
    expect(await memberExtra.locator("h2").textContent()).toBe("Thông tin bổ sung")
    expect(await memberExtra.textContent()).toContain("Người/cơ quan tiếp đón ở nước ngoàiCông ty Sakura Travel")

    // The cell secretary finds it in the inbox and agrees, in one step.
    const cell = await openSession(suite.browser, suite.platform.url)
    await signInByKeyboard(cell.page, "cell@ho-chi-minh")
    expect(new URL(cell.page.url()).pathname).toBe("/desk/inbox")
    await screenshot(cell.page, "desk-inbox")
    await cell.page.locator(`a[href="/desk/trips/${tripId}"]`).click()
    await cell.page.waitForURL(`**/desk/trips/${tripId}`)
    expect(await unlabelledControls(cell.page)).toEqual([])
    // The cell reads what the member filed in the plugin's fields: the host abroad, the stay, the contacts.
    const cellExtra = cell.page.locator(".plugin-values")
    expect(await cellExtra.textContent()).toContain("Người/cơ quan tiếp đón ở nước ngoàiCông ty Sakura Travel")
    expect(await cellExtra.textContent()).toContain("Địa chỉ lưu trú ở nước ngoài1-2-3 Shinjuku, Tokyo, Nhật Bản")
    await cell.page.getByLabel("Đồng ý", { exact: true }).check()
    await cell.page.getByLabel("Ý kiến", { exact: true }).fill("Chi bộ đồng ý cho đồng chí đi du lịch.")
    await screenshot(cell.page, "desk-cell-opinion")
    await cell.page.getByRole("button", { name: "Gửi ý kiến" }).click()
    await reaches(cell.page, "Chờ cấp ủy quyết định")

    // The approver decides.
    const approver = await openSession(suite.browser, suite.platform.url)
    await signIn(approver.page, "approver@ho-chi-minh")
    await approver.page.locator(`a[href="/desk/trips/${tripId}"]`).click()
    await approver.page.waitForURL(`**/desk/trips/${tripId}`)
    expect(await approver.page.locator(".summary").textContent()).toContain("Chi bộ đồng ý cho đồng chí đi du lịch.")
    expect(await approver.page.locator(".plugin-values").textContent()).toContain("Công ty Sakura Travel")
    await approver.page.getByLabel("Đồng ý cho đi", { exact: true }).check()
    await approver.page.getByRole("button", { name: "Quyết định", exact: true }).click()
    await reaches(approver.page, "Đã được đồng ý")
    await screenshot(approver.page, "desk-decision")

    // The member leaves, comes back and reports — still without JavaScript.
    await member.page.goto(`/my/trips/${tripId}`)
    expect(await statusOf(member.page)).toBe("Đã được đồng ý")
    await member.page.getByRole("button", { name: "Ghi nhận", exact: true }).click()
    await reaches(member.page, "Đang ở nước ngoài")
    await member.page.getByRole("button", { name: "Ghi nhận", exact: true }).click()
    await reaches(member.page, "Đã về, chờ báo cáo")
    await member.page
      .getByLabel(/Nội dung báo cáo/)
      .fill("Đi du lịch Nhật Bản cùng gia đình; không tiếp xúc tổ chức nước ngoài; giữ liên lạc với chi bộ.")
    await screenshot(member.page, "member-report")
    await member.page.getByRole("button", { name: "Nộp báo cáo" }).click()
    await reaches(member.page, "Đã báo cáo")
    const history = await member.page.locator(".history").textContent()
    for (const step of ["Lập đề nghị", "Gửi đề nghị", "Chi bộ cho ý kiến", "Cấp ủy đồng ý", "Xuất cảnh", "Về nước"]) {
      expect(history).toContain(step)
    }
    await screenshot(member.page, "member-trip")

    // The cell receives the report and comments on it.
    await cell.page.goto(`/desk/trips/${tripId}`)
    await cell.page.getByLabel("Ý kiến", { exact: true }).fill("Đồng chí đã báo cáo đầy đủ.")
    await cell.page.getByRole("button", { name: "Gửi", exact: true }).click()
    await cell.page.locator(".history", { hasText: "Nhận xét báo cáo" }).waitFor()

    // The cell secretary and the approver read bulletins too: the menu leads to those that reach them,
    // and an account tied to no member's record is told why none do.
    for (const desk of [cell.page, approver.page]) {
      await desk
        .getByRole("navigation", { name: "Menu chính" })
        .getByRole("link", { name: "Thông tin chính thống" })
        .click()
      await desk.getByRole("heading", { name: "Thông tin chính thống" }).waitFor()
      expect(new URL(desk.url()).pathname).toBe("/my/bulletins")
      await desk.getByText("Tài khoản này chưa gắn với hồ sơ đảng viên nào").waitFor()
    }

    // A member's account has no desk: the page says so (403) inside the frame.
    await member.page.goto("/desk/inbox")
    expect(await member.page.locator(".error-page h1").textContent()).toBe("Lỗi 403")

    // The member's pages read on a phone, with the same session.
    const phone = await suite.browser.newContext({
      baseURL: suite.platform.url,
      viewport: { width: 390, height: 844 },
      storageState: await member.context.storageState(),
    })
    const phonePage = await phone.newPage()
    for (const path of [
      "/my/trips",
      "/my/trips/new",
      `/my/trips/${tripId}`,
      "/my/tasks",
      "/my/bulletins",
      "/handbook",
    ]) {
      await phonePage.goto(path)
      expect(await fitsWidth(phonePage), path).toBe(true)
      if (path === `/my/trips/${tripId}`) await screenshot(phonePage, "phone-member-trip")
    }
    await phone.close()

    await Promise.all([member.context.close(), cell.context.close(), approver.context.close()])
  }, 300_000)

  it("gives the desk its lists, exports, search without diacritics, two languages and a graceful end of session", async () => {
    const officer = await openSession(suite.browser, suite.platform.url)
    await signIn(officer.page, "officer@ho-chi-minh")
    const { page } = officer
    expect(new URL(page.url()).pathname).toBe("/desk/inbox")

    // The inbox as an Excel file: a real .xlsx whose sheet lists what the page lists.
    const firstMember = (await page.locator("table tbody tr td a").first().textContent()) ?? ""
    expect(firstMember).not.toBe("")
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByText("Xuất Excel (.xlsx)").click()])
    expect(download.suggestedFilename()).toMatch(/^inbox-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const sheet = readZip(await readFile(await download.path())).get("xl/worksheets/sheet1.xml") ?? ""
    expect(sheet).toContain(">Đảng viên</t>")
    expect(sheet).toContain(`>${firstMember}</t>`)

    // English, remembered from page to page, and back.
    await page.getByRole("button", { name: "English" }).click()
    await page.getByRole("heading", { name: "Awaiting me" }).waitFor()
    await page.goto("/desk/abroad")
    await page.getByRole("heading", { name: "Abroad now" }).waitFor()
    await screenshot(page, "desk-abroad-english")
    await page.getByRole("button", { name: "Tiếng Việt" }).click()
    await page.getByRole("heading", { name: "Đang ở nước ngoài" }).waitFor()

    // Search as people type on any keyboard: without diacritics.
    await page.goto("/desk/members")
    await page.getByLabel("Tìm kiếm", { exact: true }).fill("nguyen van a")
    await page.getByRole("button", { name: "Tìm kiếm" }).click()
    await page.getByRole("link", { name: "Nguyễn Văn A", exact: true }).first().click()
    await page.getByRole("heading", { name: "Nguyễn Văn A" }).waitFor()
    await screenshot(page, "desk-member")
    await page.getByLabel("Tiêu đề", { exact: true }).fill("Báo cáo tình hình học tập ở Nhật Bản")
    await page.getByLabel("Hạn", { exact: true }).fill(formatDay(dayInVietnam(14)))
    await page.getByRole("button", { name: "Giao nhiệm vụ" }).click()
    // Back on the record, saying so.
    await page.getByRole("status").filter({ hasText: "Đã giao nhiệm vụ." }).waitFor()
    await page.goto("/desk/tasks?state=open")
    const assigned = page.locator("tr", { hasText: "Báo cáo tình hình học tập ở Nhật Bản" })
    expect(await assigned.locator("td").first().textContent()).toBe("Nguyễn Văn A")
    expect(await assigned.locator("td").nth(2).textContent()).toBe(formatDay(dayInVietnam(14)))

    // Every list opens inside the frame; an id that is not there gets the 404 page, menu still there.
    for (const [path, heading] of [
      ["/desk/trips", "Chuyến đi"],
      ["/desk/overdue", "Quá hạn"],
      ["/desk/violations", "Vi phạm"],
      ["/desk/tasks", "Nhiệm vụ"],
      ["/desk/bulletins", "Thông tin chính thống"],
      ["/handbook", "Cẩm nang"],
    ] as const) {
      await page.goto(path)
      await page.getByRole("heading", { name: heading, exact: true }).waitFor()
      expect(await page.locator(".error-page").count(), path).toBe(0)
      await screenshot(page, `desk${path.replaceAll("/", "-")}`)
    }
    // A bulletin published from its list shows there at once, read by nobody yet.
    await page.goto("/desk/bulletins")
    await page.getByLabel("Tiêu đề", { exact: true }).fill("Lưu ý khi đi Nhật Bản mùa đông")
    await page.getByLabel("Nội dung", { exact: true }).fill("Mang theo giấy tờ tùy thân; giữ liên lạc với chi bộ.")
    await page.getByRole("button", { name: "Đăng thông tin" }).click()
    const published = page.locator("tr", { hasText: "Lưu ý khi đi Nhật Bản mùa đông" })
    await published.waitFor()
    expect(await published.locator("td").last().textContent()).toBe("0")

    await page.goto("/desk/trips/00000000-0000-4000-8000-000000000000")
    expect(await page.locator(".error-page h1").textContent()).toBe("Lỗi 404")
    expect(await page.getByRole("navigation", { name: "Menu chính" }).count()).toBe(1)

    // Signing out everywhere ends the other browser's session too; it is asked to sign in
    // again, with a word why, and comes back to the page it wanted.
    const other = await suite.browser.newContext({
      baseURL: suite.platform.url,
      storageState: await officer.context.storageState(),
    })
    const otherPage = await other.newPage()
    await otherPage.goto("/desk/overdue")
    await otherPage.getByRole("heading", { name: "Quá hạn", exact: true }).waitFor()
    await page.goto("/account")
    await page.getByRole("button", { name: "Đăng xuất khỏi mọi thiết bị" }).click()
    await page.waitForURL("**/sign-in?signed-out=1")
    await otherPage.goto("/desk/overdue")
    expect(new URL(otherPage.url()).pathname).toBe("/sign-in")
    expect(new URL(otherPage.url()).searchParams.get("next")).toBe("/desk/overdue")
    await otherPage.getByText("Phiên đăng nhập đã hết hạn").waitFor()
    await signIn(otherPage, "officer@ho-chi-minh", "")
    expect(new URL(otherPage.url()).pathname).toBe("/desk/overdue")
    await other.close()
    await officer.context.close()
  }, 300_000)

  it("enrols an authenticator from a QR code drawn on the server", async () => {
    const admin = await openSession(suite.browser, suite.platform.url)
    await signIn(admin.page, "admin@ho-chi-minh")
    const { page } = admin
    await page.goto("/account")
    // The password form above has a current password too: this one is the second factor's.
    const currentPassword = page.getByRole("region", { name: "Xác thực hai lớp" }).getByLabel("Mật khẩu hiện tại")
    // A wrong one is said beside it; the session goes on.
    await currentPassword.fill("not the password")
    await page.getByRole("button", { name: "Thay ứng dụng xác thực" }).click()
    await page.locator('[id="currentPassword-error"]').waitFor()
    expect(new URL(page.url()).pathname).toBe("/account")
    await currentPassword.fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "Thay ứng dụng xác thực" }).click()
    await page.locator("svg.qr path").waitFor()
    expect((await page.locator("svg.qr path").getAttribute("d"))?.length ?? 0).toBeGreaterThan(1000)
    const secret = (await page.locator(".secret").textContent()) ?? ""
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    await screenshot(page, "account-enrolment")
    // A code that is not six digits is said so beside the field, the same key kept to try again.
    await page.getByLabel("Mã 6 chữ số", { exact: true }).fill("12")
    await page.getByRole("button", { name: "Xác nhận" }).click()
    await page.locator(".field-error", { hasText: "Nhập mã xác thực 6 chữ số." }).waitFor()
    expect(await page.locator(".secret").textContent()).toBe(secret)
    await page.getByLabel("Mã 6 chữ số", { exact: true }).fill(await unusedCode("admin@ho-chi-minh", secret))
    await page.getByRole("button", { name: "Xác nhận" }).click()
    await page.getByText("Đã đăng ký xác thực hai lớp.").first().waitFor()
    // The new session the confirmation set keeps the account signed in.
    await page.goto("/account")
    expect(new URL(page.url()).pathname).toBe("/account")
    await admin.context.close()
  }, 300_000)
})
