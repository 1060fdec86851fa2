import { Database, type DatabaseError, globalQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { sql } from "kysely"
import { accountById, recordAccountAudit } from "../accounts/account.ts"
import { verifyPassword } from "../passwords/hashing.ts"
import type { AccountNotFound } from "../permissions/errors.ts"
import { invalidateUserSessions, type Session } from "../sessions/store.ts"
import { recordFailure, slowDownMs, type ThrottleKey, throttleState } from "../sessions/throttle.ts"
import { AccountLocked, InvalidCredentials } from "../sign-in/errors.ts"
import { openSession } from "../sign-in/session.ts"
import { matchingTotpStep, newTotpKey, type TotpKeyring, totpEnrolmentUri, totpKeyBase32 } from "./totp.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** The code does not prove the key being enrolled (or no enrolment is under way). */
export class InvalidTotpCode extends Schema.TaggedError<InvalidTotpCode>()("InvalidTotpCode", {
  code: Schema.tag("invalid_totp_code"),
  message: Message,
}) {
  static readonly instance = () =>
    new InvalidTotpCode({
      message: {
        vi: "Mã xác thực không đúng. Hãy nhập mã đang hiển thị trong ứng dụng, hoặc bắt đầu đăng ký lại.",
        en: "The verification code is not correct. Enter the code your app shows now, or start the enrolment again.",
      },
    })
}

export interface TotpEnrolment {
  /** `otpauth://totp/…`, for a QR code. */
  readonly uri: string
  /** The same key in base32, for typing into the app by hand. */
  readonly secret: string
}

/**
 * Starts enrolling a new TOTP key: a fresh key is kept sealed as pending, and shown once.
 * The account's current key, if any, stays in force until the new one is proven. Starting
 * again replaces the pending key. The caller decides who may do this (the account itself).
 */
export const startTotpEnrolment = (
  userId: string,
  keyring: TotpKeyring,
  currentPassword?: string,
): Effect.Effect<TotpEnrolment, DatabaseError | AccountNotFound | InvalidCredentials | AccountLocked, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const now = new Date()
    const account = yield* database.withGlobal(accountById(userId))
    // Replacing a second factor takes the password as well: a stolen session alone must not
    // be enough to swap the victim's authenticator for the thief's. Wrong passwords count
    // against the account like failed sign-ins, and are audited.
    if (account.totpKeySealed !== null) {
      const key: ThrottleKey = `user:${userId}`
      const state = yield* database.withGlobal(throttleState(key, now))
      if (state.lockedUntil !== undefined) return yield* AccountLocked.until(state.lockedUntil)
      const hash = account.passwordHash
      const proven =
        currentPassword !== undefined && (yield* Effect.promise(() => verifyPassword(hash, currentPassword)))
      if (!proven) {
        const after = yield* database.withGlobal(recordFailure(key, now))
        yield* recordAccountAudit(account, {
          actorUserId: account.id,
          actor: account.username,
          action: "auth.totp.reenrolment_refused",
          entityType: "app_user",
          entityId: account.id,
          details: { failures: after.failures },
        })
        return yield* InvalidCredentials.of(slowDownMs(after.failures))
      }
    }
    const key = newTotpKey()
    yield* database.withGlobal(
      globalQuery((db) =>
        db
          .updateTable("app_user")
          .set({ totp_pending_sealed: keyring.seal(key) })
          .where("id", "=", userId)
          .execute(),
      ),
    )
    return { uri: totpEnrolmentUri(account.username, key), secret: totpKeyBase32(key) }
  })

/**
 * Proves the pending key with a code from the app and makes it the account's key. Every
 * session of the account ends — among them the enrolment-only one it was done from — and a
 * fresh, full session is returned. The code just used cannot sign in again.
 */
export const confirmTotpEnrolment = (
  userId: string,
  code: string,
  now: Date,
  keyring: TotpKeyring,
  ip?: string,
): Effect.Effect<
  { readonly token: string; readonly session: Session },
  InvalidTotpCode | AccountNotFound | DatabaseError,
  Database
> =>
  Effect.gen(function* () {
    const database = yield* Database
    const account = yield* database.withGlobal(accountById(userId))
    const pending = account.totpPendingSealed
    if (pending === null) return yield* InvalidTotpCode.instance()
    const key = yield* Effect.sync(() => keyring.unseal(pending))
    const step = matchingTotpStep(key, code.replace(/\s+/g, ""), now)
    if (step === undefined) return yield* InvalidTotpCode.instance()
    const opened = yield* database.withGlobal(
      Effect.gen(function* () {
        const moved = yield* globalQuery((db) =>
          db
            .updateTable("app_user")
            .set({
              totp_key_sealed: pending,
              totp_pending_sealed: null,
              // Steps only move forward, whichever key they were counted with.
              totp_last_step: sql<number>`greatest(coalesce(totp_last_step, 0), ${step})`,
            })
            .where("id", "=", userId)
            // The key this code proved, not one a second enrolment has put in its place since.
            .where("totp_pending_sealed", "=", pending)
            .executeTakeFirst(),
        )
        if (Number(moved.numUpdatedRows) !== 1) return undefined
        yield* invalidateUserSessions(userId)
        return yield* openSession(userId, now, false)
      }),
    )
    if (opened === undefined) return yield* InvalidTotpCode.instance()
    yield* recordAccountAudit(account, {
      actorUserId: account.id,
      actor: account.username,
      action: "auth.totp.enrolled",
      entityType: "app_user",
      entityId: account.id,
      details: { replacedKey: account.totpKeySealed !== null },
      ...(ip === undefined ? {} : { ip }),
    })
    return opened
  })
