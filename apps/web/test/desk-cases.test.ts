import { describe, expect, it } from "vitest"
import {
  apiSession,
  chromiumAvailable,
  dayInVietnam,
  openSession,
  platformAndBrowser,
  screenshot,
  settles,
  signIn,
  unlabelledControls,
} from "./browser.ts"

/**
 * The desk's cases beyond a trip's workflow, as an officer works them in a browser without
 * JavaScript (every form plain HTML): a violation case opened from a member's record, reviewed
 * and closed with its outcome; a transfer of party activity sent from a trip under way, its
 * outcome, and the oversight body's notice read. Run against the real server in demo mode on a
 * fresh database.
 */

const available = chromiumAvailable()

describe.skipIf(!available)("the desk's cases, end to end in Chromium", () => {
  const suite = platformAndBrowser()

  it("an officer opens a violation case from a member's record, reviews it and closes it with its outcome", async () => {
    const officer = await openSession(suite.browser, suite.platform.url, { javaScript: false })
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

  it("an officer sends a member's transfer abroad, sees it accepted, and reads the oversight body's notice", async () => {
    // A member of Hà Nội studies in Japan for six months: requested, agreed, approved, departed.
    const tenant = "ha-noi"
    const member = await apiSession(suite.platform.url, `member@${tenant}`)
    const cell = await apiSession(suite.platform.url, `cell@${tenant}`)
    const approver = await apiSession(suite.platform.url, `approver@${tenant}`)
    const oversight = await apiSession(suite.platform.url, "oversight@bng")
    const { trip } = await member<{ trip: { id: string; memberId: string; memberName: string } }>(
      "POST",
      `/api/t/${tenant}/me/trips`,
      {
        purpose: "study",
        funding: "state_budget",
        countries: ["JP"],
        plannedDeparture: dayInVietnam(),
        plannedReturn: dayInVietnam(180),
      },
    )
    await member("POST", `/api/t/${tenant}/me/trips/${trip.id}/submit`, {})
    await cell("POST", `/api/t/${tenant}/trips/${trip.id}/cell-opinion`, { verdict: "agree", comment: "Đồng ý." })
    await approver("POST", `/api/t/${tenant}/trips/${trip.id}/decision`, { outcome: "approve" })
    await member("POST", `/api/t/${tenant}/me/trips/${trip.id}/departure`, { on: dayInVietnam() })

    // The officer sends the transfer from the trip's page, proposing the students' cell in Japan.
    const officer = await openSession(suite.browser, suite.platform.url, { javaScript: false })
    const { page } = officer
    await signIn(page, `officer@${tenant}`)
    await page.goto(`/desk/trips/${trip.id}`)
    const sending = page.getByRole("region", { name: "Gửi hồ sơ chuyển sinh hoạt đảng" })
    expect(await unlabelledControls(page)).toEqual([])
    await sending.getByLabel("Mẫu hồ sơ").selectOption("3-SHĐ")
    await sending
      .getByLabel("Đề nghị nơi sinh hoạt")
      .selectOption({ label: "Chi bộ lưu học sinh tại Nhật Bản (Nhật Bản)" })
    await sending.getByLabel("Ghi chú").fill("Học tập sáu tháng tại Tokyo.")
    await screenshot(page, "desk-trip-transfer")
    await sending.getByRole("button", { name: "Gửi hồ sơ chuyển sinh hoạt đảng" }).click()
    await settles(page, page.getByText("Đã gửi hồ sơ chuyển sinh hoạt đảng tới Đảng ủy Bộ Ngoại giao."))
    expect(new URL(page.url()).pathname).toBe("/desk/transfers")
    const sent = page.locator("tbody tr", { hasText: trip.memberName }).first()
    expect(await sent.textContent()).toContain("Chờ tiếp nhận")
    // The trip's file shows it sent, and offers no second one while it is under way.
    await page.goto(`/desk/trips/${trip.id}`)
    expect(await page.getByRole("region", { name: "Chuyển sinh hoạt đảng" }).textContent()).toContain(
      "3-SHĐ: Chờ tiếp nhận",
    )
    expect(await sending.count()).toBe(0)

    // The oversight body accepts it into the cell, and sends a notice home about the member.
    const { transfers } = await oversight<{ transfers: ReadonlyArray<{ id: string; tripId: string }> }>(
      "GET",
      "/api/oversight/transfers?status=received&limit=200",
    )
    const transfer = transfers.find((item) => item.tripId === trip.id)
    expect(transfer).toBeDefined()
    await oversight("POST", `/api/oversight/transfers/${transfer?.id}/accept`, {
      overseasOrgId: "0b5e3a10-86a0-4c00-8003-000000000392",
    })
    await oversight("POST", "/api/oversight/notices", {
      tenant,
      memberId: trip.memberId,
      tripId: trip.id,
      kind: "concern",
      body: "Đồng chí chưa liên hệ chi bộ lưu học sinh sau hai tuần.",
    })

    // The outcome shows on the transfers' list: accepted, into which cell.
    await page.goto("/desk/transfers?status=accepted")
    const accepted = page.locator("tbody tr", { hasText: trip.memberName }).first()
    expect(await accepted.textContent()).toContain("Đã tiếp nhận")
    expect(await accepted.textContent()).toContain("Chi bộ lưu học sinh tại Nhật Bản")

    // The notice waits unread, from the menu; marking it read keeps when.
    await page
      .getByRole("navigation", { name: "Menu chính" })
      .getByRole("link", { name: "Thông báo của Đảng ủy Bộ Ngoại giao" })
      .click()
    await page.getByRole("heading", { name: "Thông báo của Đảng ủy Bộ Ngoại giao" }).waitFor()
    const notice = page.locator("tbody tr", { hasText: "Đồng chí chưa liên hệ chi bộ lưu học sinh sau hai tuần." })
    expect(await notice.textContent()).toContain(trip.memberName)
    expect(await notice.textContent()).toContain("Vấn đề cần xem xét")
    expect(await notice.locator(".badge").textContent()).toBe("Chưa đọc")
    await screenshot(page, "desk-notices")
    await notice.getByRole("button", { name: "Đánh dấu đã đọc" }).click()
    await settles(
      page,
      notice
        .locator("td")
        .last()
        .filter({ hasText: /\d{2}\/\d{2}\/\d{4}/ }),
    )
    expect(await notice.getByRole("button", { name: "Đánh dấu đã đọc" }).count()).toBe(0)
    // Read, it leaves the unread ones.
    await page.goto("/desk/notices?unread=true")
    expect(await page.locator("tbody tr", { hasText: "Đồng chí chưa liên hệ chi bộ lưu học sinh" }).count()).toBe(0)
    await officer.context.close()
  }, 300_000)
})
