import { globalQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { decodeBase32IgnorePadding } from "@oslojs/encoding"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  AccountLocked,
  actorForToken,
  changePassword,
  completePasswordReset,
  confirmTotpEnrolment,
  createAccount,
  createPlatformAccount,
  createSession,
  InvalidCredentials,
  InvalidDisplayName,
  InvalidResetToken,
  InvalidTotpCode,
  InvalidUsername,
  issuePasswordReset,
  PASSWORD_RESET_TTL_MS,
  type SignInInput,
  signIn,
  startTotpEnrolment,
  THROTTLE,
  TotpRequired,
  totpCodeAt,
  UsernameTaken,
  validateSession,
  WeakPassword,
} from "../src/index.ts"
import { after, harness, NEW_PASSWORD, PASSWORD, START, testKeyring } from "./account-fixtures.ts"
import { type AuthTestDatabase, authTestDatabase } from "./fixtures.ts"

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`accounts and credentials on ${dialect}`, () => {
    let t: AuthTestDatabase
    let tenantId: string
    let administratorId: string
    const h = harness(() => t)
    const keyring = testKeyring()

    beforeAll(async () => {
      t = await authTestDatabase(dialect)
      tenantId = await h.tenantId("quang-ninh")
      administratorId = (await account("quantri")).id
    })
    afterAll(() => t?.close())

    const account = (local: string, password: string | undefined = PASSWORD) =>
      h.run(
        createAccount({
          tenantId,
          username: `${local}@quang-ninh`,
          displayName: "Nguyễn Văn Hùng",
          ...(password === undefined ? {} : { password }),
        }),
      )
    const attempt = (input: Partial<SignInInput> & { readonly username: string }) =>
      signIn({ password: PASSWORD, ip: "10.20.0.1", now: START, ...input }, keyring)

    describe("enrolling a TOTP key", () => {
      it("takes an administrator from an enrolment-only session to a full one with a proven key", async () => {
        const admin = await account("truong")
        await h.grant(tenantId, admin.id, "approver")
        const first = await h.run(attempt({ username: "truong@quang-ninh" }))
        expect(first.totpEnrolmentRequired).toBe(true)

        const enrolment = await h.run(startTotpEnrolment(admin.id, keyring))
        expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/.*truong%40quang-ninh.*secret=/)
        expect((await h.accountRow(admin.id)).totp_pending_sealed).not.toContain(enrolment.secret)
        const key = decodeBase32IgnorePadding(enrolment.secret)
        const code = totpCodeAt(key, START)
        const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, "0")

        expect(await h.failure(confirmTotpEnrolment(admin.id, wrongCode, START, keyring))).toBeInstanceOf(
          InvalidTotpCode,
        )
        // Until it is proven, the pending key is not the account's.
        expect((await h.accountRow(admin.id)).totp_key_sealed).toBeNull()

        const confirmed = await h.run(confirmTotpEnrolment(admin.id, code, START, keyring, "10.20.0.9"))
        // Every earlier session is gone, the enrolment-only one included; the new one is full.
        expect(await h.global(validateSession(first.token, START))).toBeUndefined()
        expect(await h.global(actorForToken(confirmed.token, START))).toMatchObject({
          userId: admin.id,
          totpEnrolmentOnly: false,
          totpEnrolled: true,
        })
        const row = await h.accountRow(admin.id)
        expect(row.totp_pending_sealed).toBeNull()
        expect(keyring.unseal(row.totp_key_sealed ?? "")).toEqual(key)

        // From now on the code is needed; the one used to enrol is spent.
        expect(await h.failure(attempt({ username: "truong@quang-ninh" }))).toBeInstanceOf(TotpRequired)
        expect(await h.failure(attempt({ username: "truong@quang-ninh", totp: code }))).toBeInstanceOf(
          InvalidCredentials,
        )
        const next = after(30_000)
        const signedIn = await h.run(attempt({ username: "truong@quang-ninh", totp: totpCodeAt(key, next), now: next }))
        expect(signedIn.totpEnrolmentRequired).toBe(false)

        expect((await h.tenantAudit(tenantId, admin.id)).map((entry) => entry.action)).toContain("auth.totp.enrolled")
      })

      it("refuses a confirmation with no enrolment under way", async () => {
        const plain = await account("khong")
        expect(await h.failure(confirmTotpEnrolment(plain.id, "123456", START, keyring))).toBeInstanceOf(
          InvalidTotpCode,
        )
      })
    })

    describe("resetting a password", () => {
      it("sets a new password once with the token, and signs the account out everywhere", async () => {
        const hung = await account("hung")
        const before = await h.global(createSession(hung.id, START))
        const reset = await h.run(issuePasswordReset(hung.id, administratorId, START))
        expect(reset.token).toMatch(/^[a-z2-7]{52}$/)
        expect(reset.expiresAt).toEqual(after(PASSWORD_RESET_TTL_MS))
        expect(reset).toMatchObject({ userId: hung.id, username: "hung@quang-ninh", homeTenantId: tenantId })
        const stored = await h.global(
          globalQuery((db) => db.selectFrom("password_reset").selectAll().where("user_id", "=", hung.id).execute()),
        )
        expect(stored).toHaveLength(1)
        expect(Buffer.from(stored[0]?.token_hash ?? []).toString()).not.toContain(reset.token)

        const weak = await h.failure(completePasswordReset(reset.token, "matkhau@123", after(60_000)))
        expect(weak).toBeInstanceOf(WeakPassword)
        expect((weak as WeakPassword).problems).toEqual(["too_short", "common"])
        expect((weak as WeakPassword).message.vi).toContain("ít nhất 12 ký tự")

        const done = await h.run(
          completePasswordReset(reset.token.toUpperCase(), NEW_PASSWORD, after(60_000), "10.20.0.7"),
        )
        expect(done).toEqual({ userId: hung.id, username: "hung@quang-ninh" })
        expect(await h.global(validateSession(before.token, after(60_000)))).toBeUndefined()
        expect(await h.failure(completePasswordReset(reset.token, `${NEW_PASSWORD}!`, after(120_000)))).toBeInstanceOf(
          InvalidResetToken,
        )
        expect(await h.failure(attempt({ username: "hung@quang-ninh", now: after(180_000) }))).toBeInstanceOf(
          InvalidCredentials,
        )
        const signedIn = await h.run(
          attempt({ username: "hung@quang-ninh", password: NEW_PASSWORD, now: after(180_000) }),
        )
        expect(signedIn.user.id).toBe(hung.id)

        expect(await h.tenantAudit(tenantId, hung.id)).toContainEqual(
          expect.objectContaining({
            action: "auth.password.reset_completed",
            actorUserId: hung.id,
            ip: "10.20.0.7",
            details: { issuedBy: administratorId },
          }),
        )
      })

      it("voids an earlier token when a new one is issued, and lets a token expire after a day", async () => {
        const vy = await account("vy")
        const first = await h.run(issuePasswordReset(vy.id, administratorId, START))
        const second = await h.run(issuePasswordReset(vy.id, administratorId, START))
        expect(await h.failure(completePasswordReset(first.token, NEW_PASSWORD, START))).toBeInstanceOf(
          InvalidResetToken,
        )
        expect(
          await h.failure(completePasswordReset(second.token, NEW_PASSWORD, after(PASSWORD_RESET_TTL_MS))),
        ).toBeInstanceOf(InvalidResetToken)
        const third = await h.run(issuePasswordReset(vy.id, administratorId, START))
        await h.run(completePasswordReset(third.token, NEW_PASSWORD, after(PASSWORD_RESET_TTL_MS - 1)))
        expect(await h.failure(completePasswordReset("not a token", NEW_PASSWORD, START))).toBeInstanceOf(
          InvalidResetToken,
        )
      })

      it("unlocks a locked account", async () => {
        const khoa = await account("khoa")
        for (let i = 0; i < THROTTLE.accountLockAfter; i++) {
          await h.failure(attempt({ username: "khoa@quang-ninh", password: "quên mất mật khẩu rồi", ip: "10.21.0.1" }))
        }
        expect(await h.failure(attempt({ username: "khoa@quang-ninh" }))).toBeInstanceOf(AccountLocked)
        const reset = await h.run(issuePasswordReset(khoa.id, administratorId, START))
        await h.run(completePasswordReset(reset.token, NEW_PASSWORD, after(60_000)))
        const signedIn = await h.run(
          attempt({ username: "khoa@quang-ninh", password: NEW_PASSWORD, now: after(60_000) }),
        )
        expect(signedIn.user.id).toBe(khoa.id)
      })
    })

    describe("changing a password", () => {
      it("needs the current password, follows the policy, and replaces every session with a fresh one", async () => {
        const linh = await account("linh")
        const old = await h.global(createSession(linh.id, START))
        const wrong = await h.failure(changePassword(linh.id, "không đúng đâu nhé", NEW_PASSWORD, START))
        expect(wrong).toBeInstanceOf(InvalidCredentials)
        expect(await h.failure(changePassword(linh.id, PASSWORD, "linh-linh-linh-2026", START))).toBeInstanceOf(
          WeakPassword,
        )
        const changed = await h.run(changePassword(linh.id, PASSWORD, NEW_PASSWORD, START, "10.20.0.5"))
        expect(await h.global(validateSession(old.token, START))).toBeUndefined()
        expect(await h.global(validateSession(changed.token, START))).toMatchObject({ userId: linh.id })
        expect(await h.failure(attempt({ username: "linh@quang-ninh" }))).toBeInstanceOf(InvalidCredentials)
        expect((await h.run(attempt({ username: "linh@quang-ninh", password: NEW_PASSWORD }))).user.id).toBe(linh.id)
        expect((await h.tenantAudit(tenantId, linh.id)).map((entry) => [entry.action, entry.ip]).slice(0, 2)).toEqual([
          ["auth.password.change_failed", null],
          ["auth.password.changed", "10.20.0.5"],
        ])
      })

      it("counts wrong current passwords against the account, so a session left open cannot guess it", async () => {
        const son = await account("son")
        for (let i = 0; i < THROTTLE.accountLockAfter; i++) {
          await h.failure(changePassword(son.id, `thử đoán số ${i} xem sao`, NEW_PASSWORD, START))
        }
        expect(await h.failure(changePassword(son.id, PASSWORD, NEW_PASSWORD, START))).toBeInstanceOf(AccountLocked)
        expect(await h.failure(attempt({ username: "son@quang-ninh" }))).toBeInstanceOf(AccountLocked)
      })

      it("keeps an account that owes a second factor in an enrolment-only session", async () => {
        const duyet = await account("duyet")
        await h.grant(tenantId, duyet.id, "admin")
        const changed = await h.run(changePassword(duyet.id, PASSWORD, NEW_PASSWORD, START))
        expect(await h.global(actorForToken(changed.token, START))).toMatchObject({ totpEnrolmentOnly: true })
      })
    })

    describe("creating accounts", () => {
      it("normalises the username and names the tenant in it", async () => {
        const created = await h.run(
          createAccount({ tenantId, username: "  Thu.Ha@Quang-Ninh ", displayName: " Lê Thu Hà ", password: PASSWORD }),
        )
        expect(created).toMatchObject({
          username: "thu.ha@quang-ninh",
          displayName: "Lê Thu Hà",
          homeTenantId: tenantId,
        })
        const create = (username: string) =>
          h.failure(createAccount({ tenantId, username, displayName: "Ai đó", password: PASSWORD }))
        expect(await create("thu.ha@quang-ninh")).toBeInstanceOf(UsernameTaken)
        expect(await create("Thu Ha@quang-ninh")).toBeInstanceOf(InvalidUsername)
        expect(await create("thư@quang-ninh")).toBeInstanceOf(InvalidUsername)
        expect(await create("no-tenant")).toBeInstanceOf(InvalidUsername)
        // Not a Foreign Ministry account made in a province.
        expect(await create("admin@bng")).toBeInstanceOf(InvalidUsername)
        expect(
          await h.failure(createAccount({ tenantId, username: "blank@quang-ninh", displayName: "  " })),
        ).toBeInstanceOf(InvalidDisplayName)
        const weak = await h.failure(
          createAccount({ tenantId, username: "yeu@quang-ninh", displayName: "Ai đó", password: "12345678" }),
        )
        expect(weak).toMatchObject({ _tag: "WeakPassword", code: "weak_password" })
      })

      it("gives an account created without a password one nobody knows, until a reset sets it", async () => {
        const noPassword = await account("moi", undefined)
        expect((await h.accountRow(noPassword.id)).password_hash).toMatch(/^\$argon2id\$/)
        expect(await h.failure(attempt({ username: "moi@quang-ninh", password: "" }))).toBeInstanceOf(
          InvalidCredentials,
        )
        const reset = await h.run(issuePasswordReset(noPassword.id, administratorId, START))
        await h.run(completePasswordReset(reset.token, NEW_PASSWORD, START))
        expect((await h.run(attempt({ username: "moi@quang-ninh", password: NEW_PASSWORD }))).user.id).toBe(
          noPassword.id,
        )
      })

      it("creates platform accounts outside every tenant's name, with a TOTP key when given one", async () => {
        const key = new Uint8Array(20).fill(7)
        const analyst = await h.run(
          createPlatformAccount(
            {
              username: "analyst@national",
              displayName: "Phân tích",
              platformRole: "analyst",
              password: PASSWORD,
              totpKey: key,
            },
            keyring,
          ),
        )
        expect(analyst).toMatchObject({ homeTenantId: null, platformRole: "analyst" })
        expect(keyring.unseal((await h.accountRow(analyst.id)).totp_key_sealed ?? "")).toEqual(key)
        const signedIn = await h.run(
          attempt({ username: "analyst@national", totp: totpCodeAt(key, START), ip: "10.20.0.3" }),
        )
        expect(signedIn.totpEnrolmentRequired).toBe(false)
        expect(
          await h.failure(
            createPlatformAccount({
              username: "operator@quang-ninh",
              displayName: "Giả danh",
              platformRole: "operator",
              password: PASSWORD,
            }),
          ),
        ).toBeInstanceOf(InvalidUsername)
      })
    })
  })
}
