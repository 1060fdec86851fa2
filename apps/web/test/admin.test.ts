import type { Page } from "playwright-core"
import { beforeAll, describe, expect, it } from "vitest"
import {
  chromiumAvailable,
  fitsWidth,
  openSession,
  platformAndBrowser,
  screenshot,
  signIn,
  unlabelledControls,
} from "./browser.ts"
import { readZip } from "./zip-reader.ts"

/**
 * The tenant administrator's pages, driven as Hà Nội's administrator would — in a browser without
 * JavaScript, so every form is proven to work as plain HTML: installing Ho Chi Minh City's plugin
 * (which the Hà Nội demo does not have) through the form generated from its config schema, a
 * refused value shown beside its control, enabling it so that its fields appear on a Hà Nội
 * member's request form, disabling it so that they go; an account and a grant; the tree, the
 * settings and the audit log that recorded it all.
 */

const available = chromiumAvailable()

/** The control whose `name` is the config path (rows repeat their labels, names do not). */
const control = (page: Page, name: string) => page.locator(`[name="${name}"]`)

/** Waits for the page after a post: the notice of success, or fails with the refusal shown. */
const agreed = async (page: Page, notice: string) => {
  const ok = page.locator(".alert-ok", { hasText: notice })
  const refusal = page.locator(".alert-error, .field-error, .error-page")
  await ok.or(refusal).first().waitFor()
  if (await refusal.count()) throw new Error(`refused: ${await refusal.allInnerTexts()}`)
}

describe.skipIf(!available)("the tenant administrator's pages, end to end in Chromium", () => {
  const suite = platformAndBrowser()
  let admin: Page

  beforeAll(async () => {
    admin = (await openSession(suite.browser, suite.platform.url, { javaScript: false })).page
    await signIn(admin, "admin@ha-noi")
  }, 300_000)

  const memberRequestForm = async (page: Page) => {
    await page.goto("/my/trips/new")
    return page.getByLabel("Người/cơ quan tiếp đón ở nước ngoài").count()
  }

  it("installs a plugin through its generated form, shows a refused value beside it, and its field reaches the request form", async () => {
    const nav = admin.getByRole("navigation", { name: "Menu chính" })
    for (const item of [
      "Tài khoản và phân quyền",
      "Cây tổ chức",
      "Cài đặt của đơn vị",
      "Phần mở rộng",
      "Nhật ký hoạt động",
    ]) {
      await expect(nav.getByRole("link", { name: item }).count()).resolves.toBe(1)
    }
    await nav.getByRole("link", { name: "Phần mở rộng" }).click()
    await admin.getByRole("heading", { name: "Phần mở rộng" }).waitFor()
    await screenshot(admin, "admin-plugins")
    await admin.getByRole("link", { name: "Quy định riêng của TP. Hồ Chí Minh" }).click()
    await admin.getByRole("button", { name: "Cài đặt" }).waitFor()
    expect(await admin.locator(".page-header .badge").textContent()).toBe("Chưa cài")
    expect(await unlabelledControls(admin)).toEqual([])

    // Before: a Hà Nội member's request form has no such field.
    const member = (await openSession(suite.browser, suite.platform.url)).page
    await signIn(member, "member@ha-noi")
    expect(await memberRequestForm(member)).toBe(0)

    // The form drawn from the schema: a table of dated periods (dd/mm/yyyy) and a number of days.
    await control(admin, "config.congressPeriods.0.name").fill("Đại hội đại biểu Đảng bộ Thành phố Hà Nội")
    await control(admin, "config.congressPeriods.0.from").fill("01/10/2026")
    await control(admin, "config.congressPeriods.0.to").fill("20/10/2026")
    await admin.getByLabel("Thời hạn nộp báo cáo (ngày làm việc)").fill("90")
    await admin.getByRole("button", { name: "Cài đặt" }).click()
    // The plugin's schema refuses 90 days: the API's issue shows under that control, the rest kept.
    const error = admin.locator('[id="config.reportWorkingDays-error"]')
    await error.waitFor()
    expect(await error.textContent()).not.toBe("")
    expect(await admin.getByLabel("Thời hạn nộp báo cáo (ngày làm việc)").getAttribute("aria-invalid")).toBe("true")
    expect(await control(admin, "config.congressPeriods.0.from").inputValue()).toBe("01/10/2026")
    await screenshot(admin, "admin-plugin-refused")

    await admin.getByLabel("Thời hạn nộp báo cáo (ngày làm việc)").fill("5")
    await admin.getByRole("button", { name: "Cài đặt" }).click()
    await agreed(admin, "Đã lưu cấu hình.")
    expect(await admin.locator(".page-header .badge").textContent()).toBe("Đang tắt")
    // Stored and shown back in dd/mm/yyyy.
    expect(await control(admin, "config.congressPeriods.0.to").inputValue()).toBe("20/10/2026")
    // Installed but disabled: still no field for the member.
    expect(await memberRequestForm(member)).toBe(0)

    await admin.getByRole("button", { name: "Bật", exact: true }).click()
    await agreed(admin, "Đã lưu.")
    expect(await admin.locator(".page-header .badge").textContent()).toBe("Đang bật")
    await screenshot(admin, "admin-plugin")
    expect(await fitsWidth(admin)).toBe(true)
    expect(await memberRequestForm(member)).toBe(1)
    await member.getByLabel("Điện thoại người liên hệ khẩn cấp").waitFor()

    await admin.getByRole("button", { name: "Tắt", exact: true }).click()
    await agreed(admin, "Đã lưu.")
    expect(await admin.locator(".page-header .badge").textContent()).toBe("Đang tắt")
    expect(await memberRequestForm(member)).toBe(0)

    // A member has no administrators' pages: none in the menu, and the page itself is refused.
    expect(await member.getByRole("link", { name: "Phần mở rộng" }).count()).toBe(0)
    const refused = await member.goto("/admin/plugins")
    expect(refused?.status()).toBe(403)

    await admin.goto("/admin/plugins/deliveries")
    await admin.getByRole("heading", { name: "Sự kiện gửi phần mở rộng" }).waitFor()
  })

  /**
   * The new account's holder, in a browser of their own without JavaScript: from the sign-in page
   * to the page that takes the administrator's code, a password the policy refuses (said beside
   * it), two that differ, then one that is kept; they sign in with it and change it on their account page.
   */
  const setsPasswordWithCodeAndSignsIn = async (code: string) => {
    const holder = await openSession(suite.browser, suite.platform.url, { javaScript: false })
    const { page } = holder
    await page.goto("/sign-in")
    await page.getByRole("link", { name: "Đặt mật khẩu bằng mã" }).click()
    await page.getByRole("heading", { name: "Đặt mật khẩu bằng mã" }).waitFor()
    expect(await unlabelledControls(page)).toEqual([])
    await page.getByLabel("Mã đặt lại mật khẩu").fill(code)
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill("ngan-qua")
    await page.getByLabel("Nhập lại mật khẩu mới").fill("ngan-qua")
    await page.getByRole("button", { name: "Đặt mật khẩu bằng mã" }).click()
    const policy = page.locator('[id="newPassword-error"]')
    await policy.waitFor()
    expect(await policy.textContent()).toBe("Mật khẩu phải có ít nhất 12 ký tự.")
    expect(await page.getByLabel("Mật khẩu mới", { exact: true }).getAttribute("aria-invalid")).toBe("true")
    // The code stays in its field; the passwords are never sent back.
    expect(await page.getByLabel("Mã đặt lại mật khẩu").inputValue()).toBe(code)
    expect(await page.getByLabel("Mật khẩu mới", { exact: true }).inputValue()).toBe("")
    await screenshot(page, "set-password-refused")

    const chosen = "song hong chay qua ha noi"
    await page.getByLabel("Mật khẩu mới", { exact: true }).fill(chosen)
    await page.getByLabel("Nhập lại mật khẩu mới").fill(`${chosen}!`)
    await page.getByRole("button", { name: "Đặt mật khẩu bằng mã" }).click()
    await page.locator('[id="repeatPassword-error"]').waitFor()
    expect(await page.locator('[id="repeatPassword-error"]').textContent()).toBe("Hai mật khẩu không giống nhau.")

    await page.getByLabel("Mật khẩu mới", { exact: true }).fill(chosen)
    await page.getByLabel("Nhập lại mật khẩu mới").fill(chosen)
    await page.getByRole("button", { name: "Đặt mật khẩu bằng mã" }).click()
    await page.waitForURL((url) => url.pathname === "/sign-in")
    await page.getByText("Đã đặt mật khẩu. Hãy đăng nhập bằng mật khẩu mới.").waitFor()
    expect(await page.getByLabel("Tên đăng nhập").inputValue()).toBe("nguyen.thi.hong@ha-noi")
    await page.getByLabel("Mật khẩu", { exact: true }).fill(chosen)
    await page.getByRole("button", { name: "Đăng nhập" }).click()
    await page.waitForURL((url) => url.pathname !== "/sign-in")

    // Signed in, they change it on their account page: a wrong current password is said beside it.
    await page.goto("/account")
    const passwordForm = page.getByRole("region", { name: "Đổi mật khẩu" })
    await passwordForm.getByLabel("Mật khẩu hiện tại").fill("not the password")
    await passwordForm.getByLabel("Mật khẩu mới", { exact: true }).fill("mua thu ha noi nam ay")
    await passwordForm.getByLabel("Nhập lại mật khẩu mới").fill("mua thu ha noi nam ay")
    await passwordForm.getByRole("button", { name: "Đổi mật khẩu" }).click()
    await page.locator('[id="password-current-error"]').waitFor()
    await passwordForm.getByLabel("Mật khẩu hiện tại").fill(chosen)
    await passwordForm.getByLabel("Mật khẩu mới", { exact: true }).fill("mua thu ha noi nam ay")
    await passwordForm.getByLabel("Nhập lại mật khẩu mới").fill("mua thu ha noi nam ay")
    await passwordForm.getByRole("button", { name: "Đổi mật khẩu" }).click()
    await agreed(page, "Đã đổi mật khẩu.")
    await screenshot(page, "account-password-changed")
    // The session the change set keeps them signed in.
    await page.goto("/account")
    expect(new URL(page.url()).pathname).toBe("/account")
    await holder.context.close()
  }

  it("creates an account, finds it without diacritics, and grants it a role over a unit", async () => {
    await admin.goto("/admin/users")
    await admin.getByLabel("Tên đăng nhập (phần trước @)").fill("Có Dấu")
    await admin.getByLabel("Họ và tên").fill("Nguyễn Thị Hồng")
    await admin.getByRole("button", { name: "Tạo", exact: true }).click()
    await admin.locator('[id="localName-error"]').waitFor()

    await admin.getByLabel("Tên đăng nhập (phần trước @)").fill("nguyen.thi.hong")
    await admin.getByLabel("Họ và tên").fill("Nguyễn Thị Hồng")
    await admin.getByRole("button", { name: "Tạo", exact: true }).click()
    await admin.getByText("Đã tạo tài khoản: nguyen.thi.hong@ha-noi").waitFor()
    const code = (await admin.locator("code.token").textContent()) ?? ""
    expect(code).toMatch(/\S{16,}/)
    await screenshot(admin, "admin-users")
    await setsPasswordWithCodeAndSignsIn(code)

    await admin.getByRole("searchbox", { name: "Tìm kiếm" }).fill("nguyen thi hong")
    await admin.getByRole("button", { name: "Tìm kiếm" }).click()
    await admin.waitForURL(/q=nguyen/)
    expect(await admin.locator("table tbody tr").count()).toBe(1)
    await admin.getByRole("link", { name: "nguyen.thi.hong@ha-noi" }).click()
    await admin.getByRole("heading", { name: "Nguyễn Thị Hồng" }).waitFor()
    expect(await unlabelledControls(admin)).toEqual([])

    const scope = admin.getByLabel("Phạm vi")
    const unit = ((await scope.locator("option").nth(2).textContent()) ?? "").replace(/^(— )+/, "")
    await admin.getByLabel("Vai trò", { exact: true }).selectOption("officer")
    await scope.selectOption({ index: 2 })
    await admin.getByRole("button", { name: "Cấp", exact: true }).click()
    await agreed(admin, "Đã lưu.")
    const grant = admin.locator("table tbody tr").first()
    expect(await grant.textContent()).toContain("Cán bộ tổ chức")
    expect(await grant.textContent()).toContain(unit)
    await screenshot(admin, "admin-user")

    // Without a member record the member role is refused, and the refusal shows on the form.
    await admin.getByLabel("Vai trò", { exact: true }).selectOption("member")
    await admin.getByRole("button", { name: "Cấp", exact: true }).click()
    await admin.locator(".alert-error").waitFor()

    await admin.getByRole("button", { name: "Thu hồi: Cán bộ tổ chức" }).click()
    await agreed(admin, "Đã lưu.")
    expect(await admin.getByText("Không có kết quả.").count()).toBe(1)
  })

  it("shows the tree, adds a unit, keeps the settings within the regulation, and the audit log has it all", async () => {
    await admin.goto("/admin/org")
    const tree = admin.getByRole("region", { name: "Cây tổ chức" })
    expect(await tree.locator("li").count()).toBeGreaterThan(3)
    await admin.getByLabel("Tên tổ chức đảng").fill("Chi bộ Thử nghiệm")
    await admin.getByLabel("Cấp tổ chức").selectOption("cell")
    await admin.getByLabel("Trực thuộc", { exact: true }).selectOption({ index: 1 })
    await admin.getByRole("button", { name: "Thêm", exact: true }).click()
    await agreed(admin, "Đã thêm tổ chức đảng.")
    expect(await tree.getByText("Chi bộ Thử nghiệm").count()).toBe(1)
    await screenshot(admin, "admin-org")
    expect(await fitsWidth(admin)).toBe(true)

    await admin.goto("/admin/settings")
    await admin.getByLabel("Số ngày").fill("10")
    await admin.getByRole("button", { name: "Lưu", exact: true }).click()
    await admin.locator('[id="days-error"]').waitFor()
    await admin.getByLabel("Số ngày").fill("5")
    await admin.getByRole("button", { name: "Lưu", exact: true }).click()
    await agreed(admin, "Đã lưu.")
    expect(await admin.getByLabel("Số ngày").inputValue()).toBe("5")
    await screenshot(admin, "admin-settings")

    await admin.goto("/admin/audit")
    await admin.getByLabel("Hành động").fill("plugin.")
    await admin.getByLabel("Người thực hiện").fill("admin@ha-noi")
    await admin.getByRole("button", { name: "Lọc" }).click()
    await admin.waitForURL(/action=plugin/)
    const actions = await admin.locator("table tbody tr td:nth-child(3)").allInnerTexts()
    expect(actions).toEqual(["Tắt phần mở rộng", "Bật phần mở rộng", "Cài phần mở rộng"])
    const logged = await admin.locator("table tbody").textContent()
    // What each entry is about and its details, in words: the plugin by its id, the details labelled.
    expect(logged).toContain("Phần mở rộng ho-chi-minh")
    expect(logged).toContain("Phiên bản: ")
    expect(logged).not.toContain("configKeys")
    await screenshot(admin, "admin-audit")

    // The same, as an Excel file.
    const exported = await admin.request.get(`/export/audit.xlsx?${new URL(admin.url()).searchParams}`)
    expect(exported.status()).toBe(200)
    const sheet = readZip(Buffer.from(await exported.body())).get("xl/worksheets/sheet1.xml") ?? ""
    expect(sheet).toContain(">Cài phần mở rộng</t>")
    expect(sheet).not.toContain(">Thay đổi cài đặt</t>")
  })
})
