import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { decodeBase32IgnorePadding } from "@oslojs/encoding"
import { generateTOTP } from "@oslojs/otp"
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"
import { afterAll, beforeAll } from "vitest"
import { todayInVietnam } from "../app/i18n/dates.ts"

/**
 * The end-to-end suites' means: Debian's Chromium driven by playwright-core, and the platform's
 * own server started as `pnpm start` starts it (demo mode) on a fresh embedded database.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const IN_CI = process.env.CI === "true"

/** Whether the browser suites can run here; under CI=true a missing Chromium is a failure, never a skip. */
export const chromiumAvailable = (): boolean => {
  if (existsSync(CHROMIUM)) return true
  if (IN_CI)
    throw new Error(`Chromium is required under CI=true but ${CHROMIUM} is missing (apt-get install -y chromium)`)
  console.warn(
    `\n!!! Chromium is not at ${CHROMIUM}: the browser suites are SKIPPED.\n` +
      "!!! Install it (apt-get install -y chromium) or set CHROMIUM_PATH. Under CI=true this is a failure.\n",
  )
  return false
}

const SERVER_BUILD = join(import.meta.dirname, "..", "build", "server", "index.js")
const MAIN = join(import.meta.dirname, "..", "..", "server", "src", "main.ts")

export const DEMO_PASSWORD = "dang-vien-86-demo"
const DEMO_TOTP_SECRET = "DEMODEMODEMODEMODEMODEMODEMODEMO"
const DEMO_TOTP_KEY = decodeBase32IgnorePadding(DEMO_TOTP_SECRET)

/** The code an authenticator app would show now for the demo accounts' shared secret. */
export const demoTotp = () => generateTOTP(DEMO_TOTP_KEY, 30, 6)

export interface RunningPlatform {
  readonly url: string
  readonly stop: () => Promise<void>
}

/** `start --demo` on a data folder of its own, on a free port; resolves once it prints its address. */
export const startPlatform = async (): Promise<RunningPlatform> => {
  if (!existsSync(SERVER_BUILD)) {
    throw new Error("apps/web is not built: run `pnpm --filter @abroad/web build` (pnpm test does it first)")
  }
  const dir = await mkdtemp(join(tmpdir(), "abroad-web-e2e-"))
  const child: ChildProcess = spawn(process.execPath, [MAIN, "start", "--demo"], {
    env: {
      PATH: process.env.PATH ?? "",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: join(dir, "pglite"),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let output = ""
  child.stdout?.on("data", (chunk) => {
    output += chunk
  })
  child.stderr?.on("data", (chunk) => {
    output += chunk
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /running at (http:\/\/[^\s]+)/.exec(output)
      if (match?.[1] !== undefined) {
        clearInterval(timer)
        resolve(match[1])
      } else if (child.exitCode !== null) {
        clearInterval(timer)
        reject(new Error(`the server exited early:\n${output}`))
      }
    }, 100)
  })
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve))
        child.kill("SIGTERM")
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  })

/** A browser of its own for one person, at an office screen's size unless told otherwise. */
export const openSession = async (
  browser: Browser,
  baseURL: string,
  options: { javaScript?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({
    baseURL,
    javaScriptEnabled: options.javaScript ?? true,
    viewport: options.viewport ?? { width: 1280, height: 720 },
    locale: "vi-VN",
  })
  const page = await context.newPage()
  // A script error in the page is a failure of the app: it shows in the test's output.
  page.on("pageerror", (error) => console.error(`page error at ${page.url()}: ${error.stack ?? error.message}`))
  page.on("console", (message) => {
    // The browser reports every 4xx page it loads; those the tests cause on purpose are not errors.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      console.error(`console error at ${page.url()}: ${message.text()}`)
  })
  return { context, page }
}

/** The time-step each account last signed in with: the API refuses a code used twice (replay). */
const usedSteps = new Map<string, number>()

const totpStep = () => Math.floor(Date.now() / 30_000)

/**
 * The code of `base32Secret` at the first time-step `username` has not used yet: the API
 * refuses a step an account has already signed in or enrolled with.
 */
export const unusedCode = async (username: string, base32Secret: string) => {
  while (usedSteps.get(username) === totpStep()) await new Promise((resolve) => setTimeout(resolve, 500))
  usedSteps.set(username, totpStep())
  return generateTOTP(decodeBase32IgnorePadding(base32Secret), 30, 6)
}

/** Signs in through the sign-in page, as a person would: username, password, the authenticator's code. */
export const signIn = async (page: Page, username: string, next = "/") => {
  // A second sign-in of one account waits for the authenticator's next code, as a person would.
  while (usedSteps.get(username) === totpStep()) await new Promise((resolve) => setTimeout(resolve, 500))
  usedSteps.set(username, totpStep())
  if (next !== "") await page.goto(next)
  await page.getByLabel("Tên đăng nhập").fill(username)
  await page.getByLabel("Mật khẩu").fill(DEMO_PASSWORD)
  await page.getByLabel("Mã xác thực (6 chữ số)").fill(demoTotp())
  await page.getByRole("button", { name: "Đăng nhập" }).click()
  await page.waitForURL((url) => url.pathname !== "/sign-in")
}

/**
 * Signs in with the keyboard alone, as someone without a mouse would: Tab to the first field,
 * type, Tab on, and Enter to send.
 */
export const signInByKeyboard = async (page: Page, username: string) => {
  while (usedSteps.get(username) === totpStep()) await new Promise((resolve) => setTimeout(resolve, 500))
  usedSteps.set(username, totpStep())
  await page.goto("/")
  for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== "username"; i++) {
    await page.keyboard.press("Tab")
  }
  await page.keyboard.type(username)
  await page.keyboard.press("Tab")
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press("Tab")
  await page.keyboard.type(demoTotp())
  await page.keyboard.press("Enter")
  await page.waitForURL((url) => url.pathname !== "/sign-in")
}

/** The form controls on the page that have no accessible name (a label, or aria-label). */
export const unlabelledControls = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>("input:not([type=hidden]), select, textarea")]
      .filter((control) => (control.labels?.length ?? 0) === 0 && !control.getAttribute("aria-label"))
      .map((control) => control.name),
  )

/** Keeps a picture of the page for the README when SCREENSHOTS=1 (`pnpm --filter @abroad/web screenshots`). */
export const screenshot = async (page: Page, name: string) => {
  if (process.env.SCREENSHOTS !== "1") return
  await page.screenshot({ path: join(import.meta.dirname, "..", "screenshots", `${name}.png`), fullPage: true })
}

/** Nothing sticks out sideways: the page reads on this viewport without scrolling across. */
export const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

/**
 * An API caller signed in as `username` through `POST /api/auth/login`, as a script would: for a
 * test to bring data to the state its pages start from without clicking through every step.
 */
export const apiSession = async (url: string, username: string) => {
  const totp = await unusedCode(username, DEMO_TOTP_SECRET)
  const response = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, totp }),
  })
  const token = /abroad_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1]
  if (token === undefined) throw new Error(`${username} could not sign in: ${response.status} ${await response.text()}`)
  return async <T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const json = (await answer.json()) as T
    if (!answer.ok) throw new Error(`${username}: ${method} ${path} answered ${answer.status} ${JSON.stringify(json)}`)
    return json
  }
}

/** Waits for `done` after a form is sent; a refusal shown on the page fails with its words. */
export const settles = async (page: Page, done: ReturnType<Page["locator"]>) => {
  const refusal = page.locator(".alert-error, .field-error, .error-page")
  await done.or(refusal).first().waitFor()
  if (await refusal.count()) throw new Error(`refused: ${await refusal.allInnerTexts()}`)
}

/** Today in Vietnam (UTC+7), shifted by `offsetDays`, as YYYY-MM-DD: the day the platform's rules count in. */
export const dayInVietnam = (offsetDays = 0): string => todayInVietnam(new Date(Date.now() + offsetDays * 86_400_000))

/**
 * A suite's platform and browser: the real server in demo mode on a fresh database, and Chromium,
 * started before the suite's tests and stopped after them. Read them inside a test or hook.
 */
export const platformAndBrowser = (): { readonly platform: RunningPlatform; readonly browser: Browser } => {
  let platform: RunningPlatform | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    platform = await startPlatform()
    browser = await launchChromium()
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await platform?.stop()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the platform and the browser start before the suite's tests")
    return value
  }
  return {
    get platform() {
      return started(platform)
    },
    get browser() {
      return started(browser)
    },
  }
}
