import { createHash, randomBytes } from "node:crypto"
import { Database, type DatabaseError, globalQuery } from "@abroad/db"
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding"
import { Effect, Schema } from "effect"
import { accountById, recordAccountAudit } from "../accounts/account.ts"
import { WeakPassword } from "../accounts/errors.ts"
import type { AccountNotFound } from "../permissions/errors.ts"
import { invalidateUserSessions } from "../sessions/store.ts"
import { clearFailures } from "../sessions/throttle.ts"
import { hashPassword } from "./hashing.ts"
import { passwordProblems } from "./policy.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** The reset token is unknown, already used, replaced by a later one, or expired: the four are not told apart. */
export class InvalidResetToken extends Schema.TaggedError<InvalidResetToken>()("InvalidResetToken", {
  code: Schema.tag("invalid_reset_token"),
  message: Message,
}) {
  static readonly instance = () =>
    new InvalidResetToken({
      message: {
        vi: "Mã đặt lại mật khẩu không hợp lệ, đã được dùng hoặc đã hết hạn. Hãy nhờ quản trị viên cấp mã mới.",
        en: "The password reset code is not valid, already used or expired. Ask your administrator for a new one.",
      },
    })
}

/** How long a reset token is good for: long enough to reach the user in person, short enough not to linger. */
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60 * 1000

export interface PasswordResetIssued {
  /** 256 random bits in lower-case base32 (52 characters); only its SHA-256 is stored. Shown once. */
  readonly token: string
  readonly expiresAt: Date
  /** The account the token resets, for the caller's audit entry (`auth.password.reset_issued`). */
  readonly userId: string
  readonly username: string
  readonly homeTenantId: string | null
}

// Someone reading the token aloud or typing it from paper may group it or use capitals.
const TOKEN = /^[a-z2-7]{52}$/
const normaliseToken = (token: string) => token.replace(/[\s-]+/g, "").toLowerCase()
const tokenHash = (token: string) => new Uint8Array(createHash("sha256").update(token).digest())

/**
 * Issues a one-time password reset for an account, voiding any earlier one not yet used.
 * Who may issue it (a tenant administrator for the tenant's own accounts) is the caller's
 * decision, and so is the audit entry: it knows the issuer's name and address.
 */
export const issuePasswordReset = (
  userId: string,
  issuedBy: string,
  now: Date,
): Effect.Effect<PasswordResetIssued, DatabaseError | AccountNotFound, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const token = encodeBase32LowerCaseNoPadding(randomBytes(32))
    const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS)
    const account = yield* database.withGlobal(
      Effect.gen(function* () {
        const account = yield* accountById(userId)
        yield* globalQuery((db) =>
          db.deleteFrom("password_reset").where("user_id", "=", userId).where("used_at", "is", null).execute(),
        )
        yield* globalQuery((db) =>
          db
            .insertInto("password_reset")
            .values({ token_hash: tokenHash(token), user_id: userId, created_by: issuedBy, expires_at: expiresAt })
            .execute(),
        )
        return account
      }),
    )
    return { token, expiresAt, userId, username: account.username, homeTenantId: account.homeTenantId }
  })

/**
 * Sets a new password with a reset token. The token is spent; the account is unlocked and
 * signed out everywhere. No session is opened: the user signs in next, with the second
 * factor if the account has one — a reset token alone never gets past it.
 */
export const completePasswordReset = (
  token: string,
  newPassword: string,
  now: Date,
  ip?: string,
): Effect.Effect<
  { readonly userId: string; readonly username: string },
  InvalidResetToken | WeakPassword | DatabaseError,
  Database
> =>
  Effect.gen(function* () {
    const database = yield* Database
    const presented = normaliseToken(token)
    if (!TOKEN.test(presented)) return yield* InvalidResetToken.instance()
    const hash = tokenHash(presented)
    const reset = yield* database.withGlobal(
      globalQuery((db) =>
        db
          .selectFrom("password_reset")
          .innerJoin("app_user", "app_user.id", "password_reset.user_id")
          .select([
            "password_reset.user_id",
            "password_reset.created_by",
            "password_reset.used_at",
            "password_reset.expires_at",
            "app_user.username",
            "app_user.home_tenant_id",
          ])
          .where("password_reset.token_hash", "=", hash)
          .executeTakeFirst(),
      ),
    )
    if (reset === undefined || reset.used_at !== null || reset.expires_at <= now) {
      return yield* InvalidResetToken.instance()
    }
    const problems = passwordProblems(newPassword, reset.username)
    if (problems.length > 0) return yield* WeakPassword.of(problems)
    const passwordHash = yield* Effect.promise(() => hashPassword(newPassword))
    const spent = yield* database.withGlobal(
      Effect.gen(function* () {
        // Spent in the same statement that checks it: of two requests with one token, one wins.
        const claimed = yield* globalQuery((db) =>
          db
            .updateTable("password_reset")
            .set({ used_at: now })
            .where("token_hash", "=", hash)
            .where("used_at", "is", null)
            .where("expires_at", ">", now)
            .returning("user_id")
            .executeTakeFirst(),
        )
        if (claimed === undefined) return false
        yield* globalQuery((db) =>
          db
            .updateTable("app_user")
            .set({ password_hash: passwordHash, password_changed_at: now, locked_until: null })
            .where("id", "=", claimed.user_id)
            .execute(),
        )
        yield* clearFailures(`user:${claimed.user_id}`)
        yield* invalidateUserSessions(claimed.user_id)
        return true
      }),
    )
    if (!spent) return yield* InvalidResetToken.instance()
    yield* recordAccountAudit(
      { homeTenantId: reset.home_tenant_id },
      {
        // Whoever holds the token is taken to be the account's owner: that is what it was issued for.
        actorUserId: reset.user_id,
        actor: reset.username,
        action: "auth.password.reset_completed",
        entityType: "app_user",
        entityId: reset.user_id,
        details: { issuedBy: reset.created_by },
        ...(ip === undefined ? {} : { ip }),
      },
    )
    return { userId: reset.user_id, username: reset.username }
  })
