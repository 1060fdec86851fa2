import { readFile } from "node:fs/promises"
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { formatDay } from "../app/i18n/dates.ts"
import {
  apiSession,
  chromiumAvailable,
  dayInVietnam,
  fitsWidth,
  openSession,
  platformAndBrowser,
  screenshot,
  settles,
  signIn,
  unlabelledControls,
} from "./browser.ts"
import { readZip } from "./zip-reader.ts"

/**
 * The oversight body's and the centre's pages, end to end: a member of Hà Nội goes to study in
 * Australia for six months (the workflow driven through the API, as the member, the cell, the
 * approver and the officer would), and then the oversight body finds the member on the world map
 * — in a browser without JavaScript — registers an organisation in Australia, accepts the
 * member's transfer into it and sends a notice home; and the national analyst sees the trip
 * counted. Against the real server in demo mode on a fresh database.
 */

const TENANT = "ha-noi"

/** The figure in the statistics table's total row for a bucket; null where it is suppressed ("<5"). */
const totalOf = async (page: Page, bucket?: string) => {
  const cell = page.locator(bucket === undefined ? "tfoot td" : `tfoot td[data-bucket="${bucket}"]`).first()
  const text = ((await cell.textContent()) ?? "").trim()
  return /^\d+$/.test(text) ? Number(text) : null
}

const available = chromiumAvailable()

describe.skipIf(!available)("the oversight and national pages, end to end in Chromium", () => {
  const suite = platformAndBrowser()

  it("oversight finds a member abroad on the map and takes in the transfer; the analyst sees the trip counted", async () => {
    const thisYear = `${dayInVietnam().slice(0, 4)}-01-01`

    // The analyst's figures before the trip: members abroad today, and trips departed this year.
    const analyst = await openSession(suite.browser, suite.platform.url)
    await signIn(analyst.page, "analyst@national")
    expect(new URL(analyst.page.url()).pathname).toBe("/national")
    await analyst.page.goto("/national?measure=abroad&by=purpose")
    const abroadBefore = await totalOf(analyst.page)
    await analyst.page.goto("/national?measure=trips&by=purpose&period=5y")
    const tripsBefore = await totalOf(analyst.page, thisYear)
    // The demo has a dozen members abroad at any time: a total above the threshold.
    expect(abroadBefore).toBeGreaterThanOrEqual(5)

    // A member of Hà Nội asks to study in Australia for six months; the cell agrees, the approver
    // approves, the member leaves, and the officer transfers the member's party activity (3-SHĐ).
    const member = await apiSession(suite.platform.url, `member@${TENANT}`)
    const cell = await apiSession(suite.platform.url, `cell@${TENANT}`)
    const approver = await apiSession(suite.platform.url, `approver@${TENANT}`)
    const officer = await apiSession(suite.platform.url, `officer@${TENANT}`)
    const { trip } = await member<{ trip: { id: string; memberName: string } }>("POST", `/api/t/${TENANT}/me/trips`, {
      purpose: "study",
      funding: "state_budget",
      countries: ["AU"],
      plannedDeparture: dayInVietnam(),
      plannedReturn: dayInVietnam(180),
    })
    await member("POST", `/api/t/${TENANT}/me/trips/${trip.id}/submit`, {})
    await cell("POST", `/api/t/${TENANT}/trips/${trip.id}/cell-opinion`, {
      verdict: "agree",
      comment: "Chi bộ đồng ý.",
    })
    await approver("POST", `/api/t/${TENANT}/trips/${trip.id}/decision`, { outcome: "approve" })
    await member("POST", `/api/t/${TENANT}/me/trips/${trip.id}/departure`, { on: dayInVietnam() })
    await officer("POST", `/api/t/${TENANT}/transfers`, {
      form: "3-SHĐ",
      tripIds: [trip.id],
      note: "Học tập sáu tháng tại Úc.",
    })

    // Oversight, in a browser without JavaScript: the member's country is on the map, a link.
    const oversight = await openSession(suite.browser, suite.platform.url, { javaScript: false })
    const { page } = oversight
    await signIn(page, "oversight@bng")
    expect(new URL(page.url()).pathname).toBe("/oversight")
    const australia = page.locator('svg a[data-country="AU"]')
    expect(await australia.getAttribute("aria-label")).toBe("Úc: 1")
    expect(await page.locator('svg a[data-country="AU"] path').getAttribute("fill")).toMatch(/^#[0-9a-f]{6}$/)
    // The table beside the map counts every country, the small ones too.
    expect(await page.getByRole("link", { name: "Singapore", exact: true }).count()).toBe(1)
    expect(await fitsWidth(page)).toBe(true)
    await screenshot(page, "oversight-map")

    // The keyboard reaches the country and opens it; so does a click.
    await australia.focus()
    await page.keyboard.press("Enter")
    await page.waitForURL("**/oversight/abroad?country=AU")
    await page.goBack()
    await australia.click()
    await page.waitForURL("**/oversight/abroad?country=AU")
    await page.getByRole("heading", { name: "Đảng viên đang ở nước ngoài — Úc" }).waitFor()
    const row = page.locator("tbody tr", { hasText: trip.memberName })
    expect(await row.count()).toBe(1)
    expect(await row.textContent()).toContain("Hà Nội")
    expect(await row.textContent()).toContain("Học tập")
    expect(await row.textContent()).toContain(formatDay(dayInVietnam()))
    expect(await unlabelledControls(page)).toEqual([])
    await screenshot(page, "oversight-abroad-country")
    // Narrowed to the member's home tenant, chosen by its name.
    await page.getByLabel("Đơn vị", { exact: true }).selectOption({ label: "Hà Nội" })
    await page.getByRole("button", { name: "Tìm kiếm" }).click()
    await page.waitForURL("**/oversight/abroad?country=AU&tenant=ha-noi")
    expect(await page.locator("tbody tr", { hasText: trip.memberName }).count()).toBe(1)
    await page.getByLabel("Đơn vị", { exact: true }).selectOption({ label: "Quảng Ninh" })
    await page.getByRole("button", { name: "Tìm kiếm" }).click()
    await page.waitForURL("**/oversight/abroad?country=AU&tenant=quang-ninh")
    expect(await page.locator("tbody tr", { hasText: trip.memberName }).count()).toBe(0)
    await page.goto("/oversight/abroad?country=AU")

    // The list as a spreadsheet, with the page's filter.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByText("Xuất Excel (.xlsx)").click()])
    expect(download.suggestedFilename()).toMatch(/^oversightAbroad-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const sheet = readZip(await readFile(await download.path())).get("xl/worksheets/sheet1.xml") ?? ""
    expect(sheet).toContain(`>${trip.memberName}</t>`)
    expect(sheet).toContain(">Úc</t>")

    // The register has nothing in Australia yet: a committee is added, the refused field first.
    await page.goto("/oversight/organisations")
    expect(await unlabelledControls(page)).toEqual([])
    await page.getByLabel("Loại", { exact: true }).selectOption("committee")
    // The country is typed as its code, or picked by its name from the page's suggestions.
    expect(await page.getByLabel("Nước (mã ISO 2 chữ cái)").last().getAttribute("list")).toBe("country-codes")
    expect(await page.locator('#country-codes option[value="AU"]').textContent()).toBe("Úc (AU)")
    await page.getByLabel("Nước (mã ISO 2 chữ cái)").last().fill("au")
    await page.getByRole("button", { name: "Thêm tổ chức đảng" }).click()
    await page.locator("#name-error").waitFor()
    expect(await page.getByLabel("Tên", { exact: true }).getAttribute("aria-invalid")).toBe("true")
    const committeeName = "Đảng bộ Đại sứ quán Việt Nam tại Australia"
    await page.getByLabel("Tên", { exact: true }).fill(committeeName)
    await page.getByLabel("Cơ quan đại diện").last().fill("Đại sứ quán Việt Nam tại Australia")
    await page.getByRole("button", { name: "Thêm tổ chức đảng" }).click()
    await page.getByRole("link", { name: committeeName }).waitFor()
    // …and its cell, where members are assigned.
    const cellName = "Chi bộ Đại sứ quán tại Canberra"
    await page.getByLabel("Loại", { exact: true }).selectOption("cell")
    await page.getByLabel("Trực thuộc đảng bộ").selectOption({ label: `${committeeName} (AU)` })
    await page.getByLabel("Tên", { exact: true }).fill(cellName)
    await page.getByLabel("Nước (mã ISO 2 chữ cái)").last().fill("AU")
    await page.getByRole("button", { name: "Thêm tổ chức đảng" }).click()
    await page.getByRole("link", { name: cellName }).waitFor()
    await screenshot(page, "oversight-register")

    // The transfer waits in the intake; it is accepted into the new cell.
    await page.goto("/oversight/transfers?status=received")
    // Tenants by name, not by code: in the intake's rows and on the transfer.
    const intakeRow = page.locator("tbody tr", { has: page.getByRole("link", { name: trip.memberName }) })
    expect(await intakeRow.textContent()).toContain("Hà Nội")
    expect(await intakeRow.textContent()).not.toContain(TENANT)
    await page.getByRole("link", { name: trip.memberName }).click()
    await page.getByRole("heading", { name: `Hồ sơ chuyển sinh hoạt đảng: ${trip.memberName}` }).waitFor()
    expect(await page.locator(".summary").textContent()).toContain("Hà Nội")
    expect(await page.locator(".summary").textContent()).not.toContain(TENANT)
    expect(await unlabelledControls(page)).toEqual([])
    // No cell is chosen for the officer: accepting without one is refused next to the choice.
    const cellChoice = page.getByLabel("Chi bộ ở nước ngoài", { exact: true })
    expect(await cellChoice.inputValue()).toBe("")
    await page.getByRole("button", { name: "Tiếp nhận", exact: true }).click()
    await page.locator("#overseasOrgId-error", { hasText: "Chọn chi bộ tiếp nhận đảng viên." }).waitFor()
    expect(await cellChoice.getAttribute("aria-invalid")).toBe("true")
    await cellChoice.selectOption({ label: cellName })
    await screenshot(page, "oversight-transfer")
    await page.getByRole("button", { name: "Tiếp nhận", exact: true }).click()
    await settles(page, page.locator(".summary .badge", { hasText: "Đã tiếp nhận" }))

    // On the map's list the member now attends it; a notice about the member goes home.
    await page.goto("/oversight/abroad?country=AU")
    expect(await row.textContent()).toContain(cellName)
    await row.getByRole("link", { name: "Gửi thông báo" }).click()
    await page.getByLabel("Loại thông báo").waitFor()
    expect(await page.locator(".summary").textContent()).toContain("Hà Nội")
    expect(await page.locator(".summary").textContent()).not.toContain(TENANT)
    await page.getByLabel("Loại thông báo").selectOption("concern")
    await page.getByLabel("Nội dung").fill("Đồng chí đã đến Úc và sinh hoạt tại Đảng bộ Đại sứ quán.")
    await page.getByRole("button", { name: "Gửi thông báo" }).click()
    await settles(page, page.getByText("Đã gửi thông báo."))
    expect(await page.locator("tbody tr").first().textContent()).toContain(trip.memberName)

    // The analyst sees the trip counted: one more member abroad, one more trip this year.
    await analyst.page.goto("/national?measure=abroad&by=purpose")
    expect(await totalOf(analyst.page)).toBe((abroadBefore as number) + 1)
    await analyst.page.goto("/national?measure=trips&by=purpose&period=5y")
    const tripsAfter = await totalOf(analyst.page, thisYear)
    // In the first days of January this year's total may still be under the threshold, and hidden.
    if (tripsBefore !== null) expect(tripsAfter).toBe(tripsBefore + 1)
    else expect(tripsAfter === null || tripsAfter >= 5).toBe(true)
    expect(await analyst.page.locator("table").textContent()).not.toContain(trip.memberName)
    await analyst.page.goto("/national")
    expect(await unlabelledControls(analyst.page)).toEqual([])
    expect(await fitsWidth(analyst.page)).toBe(true)
    await screenshot(analyst.page, "national")
    await analyst.page.goto("/national/review")
    await analyst.page.getByRole("heading", { name: /^Tổng kết 5 năm/ }).waitFor()
    // The picker chooses the review's first year, and says so: the one the heading starts with.
    const firstYear = await analyst.page.getByLabel("Năm bắt đầu").inputValue()
    expect(await analyst.page.locator("h1").textContent()).toContain(`${firstYear}–${Number(firstYear) + 4}`)
    await screenshot(analyst.page, "national-review")

    // The analyst has no oversight pages: the page says so (403) inside the frame.
    await analyst.page.goto("/oversight")
    expect(await analyst.page.locator(".error-page h1").textContent()).toBe("Lỗi 403")

    await Promise.all([analyst.context.close(), oversight.context.close()])
  }, 300_000)
})
