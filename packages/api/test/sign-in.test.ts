import {
  DEMO_PASSWORD_DEFAULT,
  DEMO_TOTP_SECRET_DEFAULT,
  demoUsernames,
  seedDemoAccounts,
  THROTTLE,
  TotpSealing,
  totpCodeAt,
  totpKeyFromBase32,
} from "@abroad/auth"
import { seedDemoData } from "@abroad/core"
import { Database, globalQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type TestApi, testApi } from "./fixtures.ts"

const DEMO_KEY = totpKeyFromBase32(DEMO_TOTP_SECRET_DEFAULT)
const THIRTY_SECONDS = 30_000

interface Answer {
  readonly status: number
  readonly body: { error?: { code: string; message: { vi: string; en: string } } } & Record<string, unknown>
  readonly cookie: string | null
  readonly headers: Headers
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`signing in on ${dialect}`, () => {
    let api: TestApi
    // The clock the API judges sessions by; a test moves it to age a session.
    let offsetMs = 0

    beforeAll(async () => {
      api = await testApi(dialect, {
        migrated: true,
        now: () => new Date(Date.now() + offsetMs),
        seed: async (runtime) => {
          await runtime.runPromise(seedDemoData)
          await runtime.runPromise(
            TotpSealing.use((keyring) =>
              seedDemoAccounts({ password: DEMO_PASSWORD_DEFAULT, totpKey: DEMO_KEY, keyring }),
            ),
          )
        },
      })
    }, 180_000)
    afterAll(() => api?.close())

    const request = async (
      method: string,
      path: string,
      options: { body?: unknown; cookie?: string | null; headers?: Record<string, string>; url?: string } = {},
    ): Promise<Answer> => {
      const headers: Record<string, string> = { ...options.headers }
      if (options.body !== undefined) headers["content-type"] = "application/json"
      if (options.cookie) headers.cookie = options.cookie.split(";")[0] as string
      const response = await api.app.request(`${options.url ?? "http://localhost"}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      })
      return {
        status: response.status,
        body: (await response.json()) as Answer["body"],
        cookie: response.headers.get("set-cookie"),
        headers: response.headers,
      }
    }
    const login = (username: string, password = DEMO_PASSWORD_DEFAULT, totp?: string, headers = {}) =>
      request("POST", "/api/auth/login", {
        body: { username, password, ...(totp === undefined ? {} : { totp }) },
        headers,
      })

    /** Fresh codes: the account's last accepted step moves on, so each sign-in waits for a new step. */
    const codeAfter = async (username: string) => {
      const last = await api.run(
        Database.use((database) =>
          database.withGlobal(
            globalQuery((db) =>
              db
                .selectFrom("app_user")
                .select("totp_last_step")
                .where("username", "=", username)
                .executeTakeFirstOrThrow(),
            ),
          ),
        ),
      )
      // The code of the step after the last one used is accepted (clocks a step apart are tolerated).
      const nextStep = (last.totp_last_step ?? Math.floor(Date.now() / THIRTY_SECONDS) - 1) + 1
      return totpCodeAt(DEMO_KEY, new Date(nextStep * THIRTY_SECONDS))
    }

    it("seeds every demo account of the README, and each signs in with the default password and TOTP", async () => {
      const usernames = demoUsernames()
      expect(usernames).toHaveLength(18)
      for (const username of ["officer@ho-chi-minh", "oversight@bng", "operator@platform", "member@ha-noi"]) {
        const answer = await login(username, DEMO_PASSWORD_DEFAULT, await codeAfter(username))
        expect({ username, status: answer.status }).toEqual({ username, status: 200 })
      }
      const accounts = await api.run(
        Database.use((database) =>
          database.withGlobal(globalQuery((db) => db.selectFrom("app_user").select("username").execute())),
        ),
      )
      expect(accounts.map((a) => a.username).sort()).toEqual([...usernames].sort())
    })

    it("sets an HttpOnly, SameSite=Lax cookie, Secure and host-bound over TLS, and /me answers with it", async () => {
      const plain = await login("officer@quang-ninh", DEMO_PASSWORD_DEFAULT, await codeAfter("officer@quang-ninh"))
      expect(plain.status).toBe(200)
      expect(plain.cookie).toMatch(/^abroad_session=[a-z2-7]{24}\.[a-z2-7]+; Path=\/; HttpOnly; SameSite=Lax/)
      expect(plain.cookie).not.toContain("Secure")
      const me = await request("GET", "/api/auth/me", { cookie: plain.cookie })
      expect(me.status).toBe(200)
      expect(me.body.user).toMatchObject({
        username: "officer@quang-ninh",
        homeTenant: { code: "quang-ninh" },
        capabilities: expect.arrayContaining(["member.read", "trip.review"]),
      })

      const tls = await request("POST", "/api/auth/login", {
        url: "https://platform.example",
        body: {
          username: "approver@quang-ninh",
          password: DEMO_PASSWORD_DEFAULT,
          totp: await codeAfter("approver@quang-ninh"),
        },
      })
      expect(tls.cookie).toMatch(/^__Host-abroad_session=.*; Secure/)
    })

    it("asks for the second factor, refuses a wrong one, and refuses a code used once already", async () => {
      const missing = await login("approver@ha-noi")
      expect(missing.status).toBe(401)
      expect(missing.body.error?.code).toBe("totp_required")
      const wrong = await login("approver@ha-noi", DEMO_PASSWORD_DEFAULT, "000000")
      expect(wrong.status).toBe(401)
      expect(wrong.body.error?.code).toBe("invalid_credentials")
      const code = await codeAfter("approver@ha-noi")
      expect((await login("approver@ha-noi", DEMO_PASSWORD_DEFAULT, code)).status).toBe(200)
      const replay = await login("approver@ha-noi", DEMO_PASSWORD_DEFAULT, code)
      expect(replay.status).toBe(401)
      expect(replay.body.error?.code).toBe("invalid_credentials")
    })

    it("locks an account after repeated failures with a clear message, until an administrator unlocks it", async () => {
      for (let i = 0; i < THROTTLE.accountLockAfter; i++) {
        const failed = await login("cell@ha-noi", "not the password at all")
        expect(failed.status).toBe(401)
      }
      const locked = await login("cell@ha-noi", DEMO_PASSWORD_DEFAULT, await codeAfter("cell@ha-noi"))
      expect(locked.status).toBe(429)
      expect(locked.body.error?.code).toBe("account_locked")
      expect(locked.body.error?.message.vi).toMatch(/khóa/)
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0)

      const admin = await login("admin@ha-noi", DEMO_PASSWORD_DEFAULT, await codeAfter("admin@ha-noi"))
      const accounts = await request("GET", "/api/t/ha-noi/users", { cookie: admin.cookie })
      const cell = (accounts.body.accounts as Array<{ id: string; username: string; lockedUntil: string | null }>).find(
        (account) => account.username === "cell@ha-noi",
      )
      expect(cell?.lockedUntil).not.toBeNull()
      const unlocked = await request("POST", `/api/t/ha-noi/users/${cell?.id}/unlock`, {
        cookie: admin.cookie,
        body: {},
        headers: { origin: "http://localhost" },
      })
      expect(unlocked.status).toBe(200)
      expect((await login("cell@ha-noi", DEMO_PASSWORD_DEFAULT, await codeAfter("cell@ha-noi"))).status).toBe(200)

      const log = await request("GET", "/api/t/ha-noi/audit?action=auth.", { cookie: admin.cookie })
      const actions = (log.body.entries as Array<{ action: string }>).map((entry) => entry.action)
      expect(actions).toEqual(
        expect.arrayContaining([
          "auth.login.failed",
          "auth.account.locked",
          "auth.account.unlocked",
          "auth.login.succeeded",
        ]),
      )
    })

    it("refuses an expired session and a session signed out everywhere", async () => {
      const first = await login("officer@ha-noi", DEMO_PASSWORD_DEFAULT, await codeAfter("officer@ha-noi"))
      expect((await request("GET", "/api/auth/me", { cookie: first.cookie })).status).toBe(200)
      offsetMs = 3 * 60 * 60 * 1000
      try {
        const expired = await request("GET", "/api/auth/me", { cookie: first.cookie })
        expect(expired.status).toBe(401)
        expect(expired.body.error?.code).toBe("not_authenticated")
      } finally {
        offsetMs = 0
      }
      const second = await login("officer@ha-noi", DEMO_PASSWORD_DEFAULT, await codeAfter("officer@ha-noi"))
      const everywhere = await request("POST", "/api/auth/logout-everywhere", {
        cookie: second.cookie,
        headers: { origin: "http://localhost" },
      })
      expect(everywhere.status).toBe(200)
      expect(everywhere.cookie).toContain("Max-Age=0")
      expect((await request("GET", "/api/auth/me", { cookie: second.cookie })).status).toBe(401)
    })

    it("refuses a sign-in posted from another site", async () => {
      const forged = await login("officer@ho-chi-minh", DEMO_PASSWORD_DEFAULT, "123456", {
        origin: "https://evil.example",
      })
      expect(forged.status).toBe(403)
    })

    it("lets an administrator without a second factor only enrol one, then everything its role allows", async () => {
      const admin = await login("admin@ho-chi-minh", DEMO_PASSWORD_DEFAULT, await codeAfter("admin@ho-chi-minh"))
      const origin = { origin: "http://localhost" }
      const created = await request("POST", "/api/t/ho-chi-minh/users", {
        cookie: admin.cookie,
        headers: origin,
        body: { localName: "pho.chanh", displayName: "Phó Chánh Văn phòng" },
      })
      expect(created.status).toBe(201)
      const { account, passwordReset } = created.body as { account: { id: string }; passwordReset: { token: string } }
      // The administrators' search needs no diacritics, and finds a part of the username too.
      for (const q of ["pho chanh", "Chánh văn", "pho.chanh@"]) {
        const found = await request("GET", `/api/t/ho-chi-minh/users?q=${encodeURIComponent(q)}`, {
          cookie: admin.cookie,
        })
        expect((found.body.accounts as Array<{ id: string }>).map((row) => row.id)).toEqual([account.id])
      }
      const none = await request("GET", "/api/t/ho-chi-minh/users?q=100%25", { cookie: admin.cookie })
      expect(none.body.accounts).toEqual([])
      expect(
        (
          await request("POST", `/api/t/ho-chi-minh/users/${account.id}/grants`, {
            cookie: admin.cookie,
            headers: origin,
            body: { role: "admin" },
          })
        ).status,
      ).toBe(201)

      const weak = await request("POST", "/api/auth/password-reset", {
        body: { token: passwordReset.token, newPassword: "matkhau@123" },
      })
      expect(weak.status).toBe(422)
      expect(weak.body.error?.code).toBe("weak_password")
      const password = "cây tre trăm đốt 2026"
      expect(
        (
          await request("POST", "/api/auth/password-reset", {
            body: { token: passwordReset.token, newPassword: password },
          })
        ).status,
      ).toBe(200)
      const again = await request("POST", "/api/auth/password-reset", {
        body: { token: passwordReset.token, newPassword: password },
      })
      expect(again.status).toBe(422)

      const first = await login("pho.chanh@ho-chi-minh", password)
      expect(first.status).toBe(200)
      expect(first.body.totpEnrolmentRequired).toBe(true)
      const refused = await request("GET", "/api/t/ho-chi-minh/users", { cookie: first.cookie })
      expect(refused.status).toBe(403)
      expect(refused.body.error?.message.en).toMatch(/second factor/)

      const enrolment = await request("POST", "/api/auth/totp/enrolment", {
        cookie: first.cookie,
        headers: origin,
        body: {},
      })
      expect(enrolment.body.uri).toMatch(/^otpauth:\/\/totp\//)
      const key = totpKeyFromBase32(enrolment.body.secret as string)
      const confirmed = await request("POST", "/api/auth/totp/confirm", {
        cookie: first.cookie,
        headers: origin,
        body: { code: totpCodeAt(key, new Date()) },
      })
      expect(confirmed.status).toBe(200)
      expect((await request("GET", "/api/t/ho-chi-minh/users", { cookie: first.cookie })).status).toBe(401)
      expect((await request("GET", "/api/t/ho-chi-minh/users", { cookie: confirmed.cookie })).status).toBe(200)
    })

    it("asks for the password before replacing an enrolled authenticator", async () => {
      const officer = await login("officer@quang-ninh", DEMO_PASSWORD_DEFAULT, await codeAfter("officer@quang-ninh"))
      const origin = { origin: "http://localhost" }
      const stolen = await request("POST", "/api/auth/totp/enrolment", {
        cookie: officer.cookie,
        headers: origin,
        body: {},
      })
      expect(stolen.status).toBe(401)
      const guessed = await request("POST", "/api/auth/totp/enrolment", {
        cookie: officer.cookie,
        headers: origin,
        body: { currentPassword: "một mật khẩu đoán bừa" },
      })
      expect(guessed.status).toBe(401)
      // Both refusals count against the account and are in its tenant's log.
      const admin = await login("admin@quang-ninh", DEMO_PASSWORD_DEFAULT, await codeAfter("admin@quang-ninh"))
      const refusals = await request("GET", "/api/t/quang-ninh/audit?action=auth.totp.reenrolment_refused", {
        cookie: admin.cookie,
      })
      expect((refusals.body.entries as Array<unknown>).length).toBe(2)
      const owner = await request("POST", "/api/auth/totp/enrolment", {
        cookie: officer.cookie,
        headers: origin,
        body: { currentPassword: DEMO_PASSWORD_DEFAULT },
      })
      expect(owner.status).toBe(200)
    })

    it("audits signing out, refuses a disabled account with 403, and keeps an administrator from disabling themself", async () => {
      const origin = { origin: "http://localhost" }
      const admin = await login("admin@quang-ninh", DEMO_PASSWORD_DEFAULT, await codeAfter("admin@quang-ninh"))
      const me = (await request("GET", "/api/auth/me", { cookie: admin.cookie })).body.user as { id: string }
      const self = await request("PATCH", `/api/t/quang-ninh/users/${me.id}`, {
        cookie: admin.cookie,
        headers: origin,
        body: { disabled: true },
      })
      expect(self.status).toBe(422)
      const accounts = (await request("GET", "/api/t/quang-ninh/users", { cookie: admin.cookie })).body
        .accounts as Array<{
        id: string
        username: string
      }>
      const member = accounts.find((account) => account.username === "member@quang-ninh")
      expect(
        (
          await request("PATCH", `/api/t/quang-ninh/users/${member?.id}`, {
            cookie: admin.cookie,
            headers: origin,
            body: { disabled: true },
          })
        ).status,
      ).toBe(200)
      const refused = await login("member@quang-ninh", DEMO_PASSWORD_DEFAULT, await codeAfter("member@quang-ninh"))
      expect(refused.status).toBe(403)
      expect(refused.body.error?.code).toBe("account_disabled")

      const officer = await login("approver@quang-ninh", DEMO_PASSWORD_DEFAULT, await codeAfter("approver@quang-ninh"))
      await request("POST", "/api/auth/logout", { cookie: officer.cookie, headers: origin })
      const log = await request("GET", "/api/t/quang-ninh/audit?action=auth.logout&actor=approver@quang-ninh", {
        cookie: admin.cookie,
      })
      expect((log.body.entries as Array<unknown>).length).toBe(1)
    })
  })
}
