import { createHash } from "node:crypto"
import { globalQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  AccountLocked,
  actorForToken,
  createAccount,
  createPlatformAccount,
  InvalidCredentials,
  newTotpKey,
  requiresSecondFactor,
  type SignInInput,
  signIn,
  THROTTLE,
  TotpRequired,
  throttleState,
  totpCodeAt,
  unlockAccount,
  validateSession,
} from "../src/index.ts"
import { after, harness, PASSWORD, START, testKeyring } from "./account-fixtures.ts"
import { type AuthTestDatabase, authTestDatabase } from "./fixtures.ts"

describe("which roles need a second factor", () => {
  it("is the platform operator and the tenant roles that run accounts, decide trips or oversee", () => {
    expect(requiresSecondFactor("operator", [])).toBe(true)
    expect(requiresSecondFactor("analyst", [])).toBe(false)
    expect(requiresSecondFactor(null, ["admin"])).toBe(true)
    expect(requiresSecondFactor(null, ["approver"])).toBe(true)
    expect(requiresSecondFactor(null, ["oversight"])).toBe(true)
    expect(requiresSecondFactor(null, ["officer", "cell_secretary", "member"])).toBe(false)
    expect(requiresSecondFactor(null, ["member", "approver"])).toBe(true)
    expect(requiresSecondFactor(null, [])).toBe(false)
  })
})

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`signing in on ${dialect}`, () => {
    let t: AuthTestDatabase
    let tenantId: string
    const h = harness(() => t)
    const keyring = testKeyring()

    beforeAll(async () => {
      t = await authTestDatabase(dialect)
      tenantId = await h.tenantId("quang-ninh")
    })
    afterAll(() => t?.close())

    const account = (local: string, totpKey?: Uint8Array) =>
      h.run(
        createAccount(
          {
            tenantId,
            username: `${local}@quang-ninh`,
            displayName: "Trần Thị Bình",
            password: PASSWORD,
            ...(totpKey === undefined ? {} : { totpKey }),
          },
          keyring,
        ),
      )
    const attempt = (input: Partial<SignInInput> & { readonly username: string }) =>
      signIn({ password: PASSWORD, ip: "10.0.0.1", now: START, ...input }, keyring)

    it("signs in whatever the case and spacing of the username, and records it in the tenant's chain", async () => {
      const binh = await account("binh")
      const signedIn = await h.run(attempt({ username: "  Binh@Quang-Ninh ", ip: "10.1.0.1" }))
      expect(signedIn.user).toEqual({
        id: binh.id,
        username: "binh@quang-ninh",
        displayName: "Trần Thị Bình",
        homeTenantId: tenantId,
        platformRole: null,
      })
      expect(signedIn.totpEnrolmentRequired).toBe(false)
      expect(await h.global(validateSession(signedIn.token, after(60_000)))).toMatchObject({ userId: binh.id })
      const audit = await h.tenantAudit(tenantId, binh.id)
      expect(audit).toMatchObject([
        { action: "auth.login.succeeded", actorUserId: binh.id, actor: "binh@quang-ninh", ip: "10.1.0.1" },
      ])
    })

    it("answers a wrong password and an unknown username alike, and audits each in its own chain", async () => {
      const hoa = await account("hoa")
      const wrong = await h.failure(
        attempt({ username: "hoa@quang-ninh", password: "sai mật khẩu rồi nhé", ip: "10.2.0.1" }),
      )
      const unknown = await h.failure(attempt({ username: "nobody@quang-ninh", ip: "10.2.0.1" }))
      expect(wrong).toBeInstanceOf(InvalidCredentials)
      expect(unknown).toBeInstanceOf(InvalidCredentials)
      expect(unknown.message).toEqual(wrong.message)
      expect((wrong as InvalidCredentials).code).toBe("invalid_credentials")

      const tenantAudit = await h.tenantAudit(tenantId, hoa.id)
      expect(tenantAudit).toMatchObject([
        { action: "auth.login.failed", actorUserId: null, details: { reason: "password" }, ip: "10.2.0.1" },
      ])
      expect(JSON.stringify(tenantAudit)).not.toContain("sai mật khẩu")

      const platform = (await h.platformAudit()).filter((entry) => entry.action === "auth.login.unknown_account")
      const fingerprint = createHash("sha256").update("nobody@quang-ninh").digest("hex").slice(0, 12)
      expect(platform).toMatchObject([
        { actor: "anonymous", details: { reason: "password", usernameSha256Prefix: fingerprint }, ip: "10.2.0.1" },
      ])
      expect(JSON.stringify(platform)).not.toContain("nobody")
      expect(JSON.stringify(platform)).not.toContain(PASSWORD)
    })

    it("slows down, then locks the account after the limit — even against the right password — until an administrator unlocks it", async () => {
      const lan = await account("lan")
      const delays: Array<number> = []
      for (let i = 0; i < THROTTLE.accountLockAfter; i++) {
        const error = await h.failure(
          attempt({
            username: "lan@quang-ninh",
            password: "đoán mò lần nữa xem",
            now: after(i * 1000),
            ip: "10.3.0.1",
          }),
        )
        expect(error).toBeInstanceOf(InvalidCredentials)
        delays.push((error as InvalidCredentials).slowDownMs)
      }
      expect(delays[0]).toBe(0)
      expect(delays.at(-1)).toBeGreaterThan(0)

      const locked = await h.failure(attempt({ username: "lan@quang-ninh", now: after(10_000), ip: "10.3.0.2" }))
      expect(locked).toBeInstanceOf(AccountLocked)
      const until = after((THROTTLE.accountLockAfter - 1) * 1000 + THROTTLE.lockMs)
      expect((locked as AccountLocked).until).toEqual(until)
      // 08:15:04 in Vietnam, said as the next whole minute.
      expect((locked as AccountLocked).message.vi).toBe(
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau 08:16 hoặc nhờ quản trị viên mở khóa.",
      )
      expect((await h.accountRow(lan.id)).locked_until).toEqual(until)
      expect((await h.tenantAudit(tenantId, lan.id)).map((entry) => [entry.action, entry.details])).toEqual([
        ...Array.from({ length: THROTTLE.accountLockAfter }, () => ["auth.login.failed", { reason: "password" }]),
        ["auth.account.locked", { failures: THROTTLE.accountLockAfter, until: until.toISOString() }],
        ["auth.login.failed", { reason: "locked", lockedBy: "account" }],
      ])

      await h.run(unlockAccount(lan.id))
      expect((await h.accountRow(lan.id)).locked_until).toBeNull()
      const signedIn = await h.run(attempt({ username: "lan@quang-ninh", now: after(20_000), ip: "10.3.0.2" }))
      expect(signedIn.user.id).toBe(lan.id)
    })

    it("lets a lock lapse by itself", async () => {
      await account("mai")
      for (let i = 0; i < THROTTLE.accountLockAfter; i++) {
        await h.failure(attempt({ username: "mai@quang-ninh", password: "không phải mật khẩu", ip: "10.4.0.1" }))
      }
      expect(await h.failure(attempt({ username: "mai@quang-ninh", now: after(THROTTLE.lockMs - 1) }))).toBeInstanceOf(
        AccountLocked,
      )
      const signedIn = await h.run(attempt({ username: "mai@quang-ninh", now: after(THROTTLE.lockMs + 1) }))
      expect(signedIn.user.username).toBe("mai@quang-ninh")
    })

    it("locks an unknown username just like a real one, so the lock does not tell which accounts exist", async () => {
      for (let i = 0; i < THROTTLE.accountLockAfter; i++) {
        expect(await h.failure(attempt({ username: "ghost@quang-ninh", ip: "10.5.0.1" }))).toBeInstanceOf(
          InvalidCredentials,
        )
      }
      expect(await h.failure(attempt({ username: "ghost@quang-ninh", ip: "10.5.0.2" }))).toBeInstanceOf(AccountLocked)
    })

    it("counts a burst of parallel guesses before checking any: no more than the limit are tried", async () => {
      await account("tuan")
      const burst = await Promise.all(
        Array.from({ length: THROTTLE.accountLockAfter + 3 }, (_, i) =>
          h.failure(attempt({ username: "tuan@quang-ninh", password: `đoán song song số ${i}`, ip: "10.6.0.1" })),
        ),
      )
      expect(burst.filter((error) => error instanceof InvalidCredentials)).toHaveLength(THROTTLE.accountLockAfter)
      expect(burst.filter((error) => error instanceof AccountLocked)).toHaveLength(3)
    })

    it("locks an address after its limit, for every account, while other addresses still sign in", async () => {
      await account("nam")
      for (let i = 0; i < THROTTLE.addressLockAfter; i++) {
        await h.failure(attempt({ username: `spray${i}@quang-ninh`, ip: "10.7.0.1" }))
      }
      const locked = await h.failure(attempt({ username: "nam@quang-ninh", ip: "10.7.0.1" }))
      expect(locked).toBeInstanceOf(AccountLocked)
      expect((locked as AccountLocked).until).toEqual(after(THROTTLE.lockMs))
      // Not the account's fault: an administrator's unlock would not help, so the message does not suggest it.
      expect((locked as AccountLocked).message.en).toBe(
        "Too many failed sign-ins from this network address. Try again after 08:15 (Vietnam time).",
      )
      expect((await h.run(attempt({ username: "nam@quang-ninh", ip: "10.7.0.2" }))).user.username).toBe(
        "nam@quang-ninh",
      )
      const addressLocks = (await h.platformAudit()).filter((entry) => entry.action === "auth.address.locked")
      expect(addressLocks).toMatchObject([{ ip: "10.7.0.1", details: { until: after(THROTTLE.lockMs).toISOString() } }])
    })

    it("asks for the TOTP code, refuses a wrong or used one, and accepts each time step once", async () => {
      const key = newTotpKey()
      const thu = await account("thu", key)
      const code = totpCodeAt(key, START)
      const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, "0")
      const as = (totp: string | undefined, now: Date) =>
        attempt({ username: "thu@quang-ninh", ip: "10.8.0.1", now, ...(totp === undefined ? {} : { totp }) })

      // Being asked for the code is not a failure, however often it happens.
      for (let i = 0; i < THROTTLE.accountLockAfter + 1; i++) {
        expect(await h.failure(as(undefined, START))).toBeInstanceOf(TotpRequired)
      }
      expect((await h.global(throttleState(`user:${thu.id}`, START))).failures).toBe(0)
      // A wrong password with the right code is still wrong; so is the right password with a wrong code.
      expect(
        await h.failure(
          attempt({ username: "thu@quang-ninh", password: "mật khẩu sai hẳn", totp: code, ip: "10.8.0.1" }),
        ),
      ).toBeInstanceOf(InvalidCredentials)
      expect(await h.failure(as(wrongCode, START))).toBeInstanceOf(InvalidCredentials)

      const signedIn = await h.run(as(`${code.slice(0, 3)} ${code.slice(3)}`, START))
      expect(signedIn.totpEnrolmentRequired).toBe(false)
      // The same code again, or one of an earlier step, is a replay.
      expect(await h.failure(as(code, START))).toBeInstanceOf(InvalidCredentials)
      expect(await h.failure(as(totpCodeAt(key, after(-30_000)), after(5_000)))).toBeInstanceOf(InvalidCredentials)
      // The next step's code is good, once.
      const next = after(30_000)
      expect((await h.run(as(totpCodeAt(key, next), next))).user.id).toBe(thu.id)

      const audit = await h.tenantAudit(tenantId, thu.id)
      expect(audit.map((entry) => [entry.action, (entry.details as { reason?: string }).reason])).toEqual([
        ["auth.login.failed", "password"],
        ["auth.login.failed", "totp"],
        ["auth.login.succeeded", undefined],
        ["auth.login.failed", "totp"],
        ["auth.login.failed", "totp"],
        ["auth.login.succeeded", undefined],
      ])
      expect(JSON.stringify(audit)).not.toContain(code)
    })

    it("opens an enrolment-only session for an administrator without a second factor, a full one for an officer", async () => {
      const admin = await account("quantri")
      await h.grant(tenantId, admin.id, "admin")
      const officer = await account("canbo")
      await h.grant(tenantId, officer.id, "officer")

      const adminIn = await h.run(attempt({ username: "quantri@quang-ninh" }))
      expect(adminIn.totpEnrolmentRequired).toBe(true)
      expect(await h.global(actorForToken(adminIn.token, START))).toMatchObject({
        userId: admin.id,
        totpEnrolmentOnly: true,
        totpEnrolled: false,
      })

      const officerIn = await h.run(attempt({ username: "canbo@quang-ninh" }))
      expect(officerIn.totpEnrolmentRequired).toBe(false)
      expect(await h.global(actorForToken(officerIn.token, START))).toMatchObject({ totpEnrolmentOnly: false })
    })

    it("refuses a disabled account with the right credentials, and tells nobody else it is disabled", async () => {
      const an = await account("an")
      await h.global(
        globalQuery((db) => db.updateTable("app_user").set({ disabled_at: START }).where("id", "=", an.id).execute()),
      )
      const refused = await h.failure(attempt({ username: "an@quang-ninh", ip: "10.9.0.1" }))
      expect(refused).toBeInstanceOf(AccountLocked)
      expect((refused as AccountLocked).until).toBeNull()
      expect(
        await h.failure(attempt({ username: "an@quang-ninh", password: "không biết mật khẩu", ip: "10.9.0.1" })),
      ).toBeInstanceOf(InvalidCredentials)
      expect((await h.tenantAudit(tenantId, an.id)).map((entry) => entry.details)).toEqual([
        { reason: "disabled" },
        { reason: "password" },
      ])
    })

    it("signs a platform account in on the platform's chain, enrolment-only for an operator without a key", async () => {
      const operator = await h.run(
        createPlatformAccount({
          username: "ops@platform",
          displayName: "Vận hành nền tảng",
          platformRole: "operator",
          password: PASSWORD,
        }),
      )
      const signedIn = await h.run(attempt({ username: "ops@platform", ip: "10.10.0.1" }))
      expect(signedIn.user).toMatchObject({ homeTenantId: null, platformRole: "operator" })
      expect(signedIn.totpEnrolmentRequired).toBe(true)
      const platform = (await h.platformAudit()).filter((entry) => entry.entity_id === operator.id)
      expect(platform).toMatchObject([{ action: "auth.login.succeeded", actor_user_id: operator.id, ip: "10.10.0.1" }])
    })
  })
}
