import { Database, type DatabaseError, globalQuery } from "@abroad/db"
import { Effect } from "effect"
import type { AuditEntry } from "../audit/record.ts"
import { hashPassword, verifyPassword } from "../passwords/hashing.ts"
import { passwordProblems } from "../passwords/policy.ts"
import type { AccountNotFound } from "../permissions/errors.ts"
import { invalidateUserSessions, type Session } from "../sessions/store.ts"
import { slowDownMs } from "../sessions/throttle.ts"
import { type AttemptKeys, beginAttempt, forgetAttempts, lockAccount } from "../sign-in/attempts.ts"
import { AccountLocked, InvalidCredentials } from "../sign-in/errors.ts"
import { totpEnrolmentDue } from "../sign-in/second-factor.ts"
import { openSession } from "../sign-in/session.ts"
import { accountById, recordAccountAudit } from "./account.ts"
import { WeakPassword } from "./errors.ts"

/**
 * Changes the signed-in account's password. The current password is asked for, and a wrong
 * one counts against the account like a failed sign-in: a session left open on a shared
 * computer must not become a way to guess it. Every session ends, the one in use included,
 * and a fresh one is returned — enrolment-only still, if the account's second factor is due.
 */
export const changePassword = (
  userId: string,
  current: string,
  next: string,
  now: Date,
  ip?: string,
): Effect.Effect<
  { readonly token: string; readonly session: Session },
  InvalidCredentials | AccountLocked | WeakPassword | AccountNotFound | DatabaseError,
  Database
> =>
  Effect.gen(function* () {
    const database = yield* Database
    const keys: AttemptKeys = { account: `user:${userId}` }
    const account = yield* database.withGlobal(accountById(userId))
    const problems = passwordProblems(next, account.username)
    if (problems.length > 0) return yield* WeakPassword.of(problems)
    const start = yield* database.withGlobal(beginAttempt(keys, now, account.lockedUntil))
    if (start._tag === "Locked") return yield* AccountLocked.until(start.until)
    const audited = (entry: Omit<AuditEntry, "ip">): AuditEntry => ({ ...entry, ...(ip === undefined ? {} : { ip }) })

    if (!(yield* Effect.promise(() => verifyPassword(account.passwordHash, current)))) {
      const lockUntil = start.locksAccountUntil
      const locked =
        lockUntil === undefined ? [] : [yield* database.withGlobal(lockAccount(account, lockUntil, start.failures, ip))]
      for (const entry of [
        audited({
          actorUserId: account.id,
          actor: account.username,
          action: "auth.password.change_failed",
          entityType: "app_user",
          entityId: account.id,
          details: { reason: "password" },
        }),
        ...locked,
      ]) {
        yield* recordAccountAudit(account, entry)
      }
      return yield* InvalidCredentials.of(slowDownMs(start.failures))
    }

    const enrolmentOnly = yield* totpEnrolmentDue(account)
    const passwordHash = yield* Effect.promise(() => hashPassword(next))
    const opened = yield* database.withGlobal(
      Effect.gen(function* () {
        yield* globalQuery((db) =>
          db
            .updateTable("app_user")
            .set({ password_hash: passwordHash, password_changed_at: now })
            .where("id", "=", userId)
            .execute(),
        )
        yield* forgetAttempts(keys)
        yield* invalidateUserSessions(userId)
        return yield* openSession(userId, now, enrolmentOnly)
      }),
    )
    yield* recordAccountAudit(
      account,
      audited({
        actorUserId: account.id,
        actor: account.username,
        action: "auth.password.changed",
        entityType: "app_user",
        entityId: account.id,
      }),
    )
    return opened
  })
