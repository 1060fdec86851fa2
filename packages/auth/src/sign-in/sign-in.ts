import { createHash } from "node:crypto"
import { Database, type DatabaseError, type GlobalTx, globalQuery, type PlatformRole } from "@abroad/db"
import { Effect } from "effect"
import { type AccountRecord, accountByUsername, normaliseUsername, recordAccountAudit } from "../accounts/account.ts"
import { type AuditEntry, recordAudit, recordPlatformAudit } from "../audit/record.ts"
import { DECOY_HASH, hashPassword, needsRehash, verifyPassword } from "../passwords/hashing.ts"
import type { Session } from "../sessions/store.ts"
import { slowDownMs, type ThrottleKey } from "../sessions/throttle.ts"
import { matchingTotpStep, type TotpKeyring } from "../totp/totp.ts"
import {
  type AttemptKeys,
  type AttemptStart,
  beginAttempt,
  forgetAttempts,
  lockAccount,
  refundAttempt,
} from "./attempts.ts"
import { AccountLocked, InvalidCredentials, TotpRequired } from "./errors.ts"
import { totpEnrolmentDue } from "./second-factor.ts"
import { openSession } from "./session.ts"

export interface SignInInput {
  readonly username: string
  readonly password: string
  /** The 6-digit code, when the client has asked for it (after `TotpRequired`). Spaces are ignored. */
  readonly totp?: string
  /** The client's address, as the HTTP layer determined it: throttled and written to the audit log. */
  readonly ip: string
  readonly now: Date
}

/** Who signed in, as the client may know it. */
export interface SignedInUser {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly homeTenantId: string | null
  readonly platformRole: PlatformRole | null
}

export interface SignedIn {
  /** `<id>.<secret>`, for the session cookie; stored nowhere. */
  readonly token: string
  readonly session: Session
  readonly user: SignedInUser
  /** The session may only enrol a TOTP key: the account's roles require one and it has none yet. */
  readonly totpEnrolmentRequired: boolean
}

export type SignInError = InvalidCredentials | AccountLocked | TotpRequired

/**
 * What the audit log keeps of a username that matches no account: enough to see the same
 * name tried again, not the name itself — people type their password into the username
 * field, and the log must not keep it.
 */
export const usernameFingerprint = (username: string): string =>
  createHash("sha256").update(normaliseUsername(username)).digest("hex").slice(0, 12)

type Refusal = "password" | "totp" | "locked" | "disabled"

interface Attempt {
  readonly account: AccountRecord | undefined
  /** As typed, normalised; kept only as a fingerprint when it matches no account. */
  readonly username: string
  readonly ip: string
}

const refusalEntry = (attempt: Attempt, reason: Refusal, details: Record<string, unknown> = {}): AuditEntry =>
  attempt.account === undefined
    ? {
        actorUserId: null,
        actor: "anonymous",
        action: "auth.login.unknown_account",
        details: { reason, usernameSha256Prefix: usernameFingerprint(attempt.username), ...details },
        ip: attempt.ip,
      }
    : {
        // Who the attempt claimed to be; no user id, for nobody was shown to be them.
        actorUserId: null,
        actor: attempt.account.username,
        action: "auth.login.failed",
        entityType: "app_user",
        entityId: attempt.account.id,
        details: { reason, ...details },
        ip: attempt.ip,
      }

/**
 * Writes entries to the attempt's chain: its tenant's for a tenant account, the platform's
 * for a platform account or a username that matches none. `platformAlso` always goes to the
 * platform (an address lock belongs to no tenant). Platform entries are written in the same
 * unit as `work`, so the two stand or fall together; tenant entries in a unit of their own,
 * after it.
 */
const settle = <A>(
  attempt: Attempt,
  work: Effect.Effect<A, DatabaseError, GlobalTx>,
  entries: (result: A) => ReadonlyArray<AuditEntry>,
  platformAlso: ReadonlyArray<AuditEntry> = [],
): Effect.Effect<A, DatabaseError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const tenantId = attempt.account?.homeTenantId ?? null
    const result = yield* database.withGlobal(
      Effect.gen(function* () {
        const result = yield* work
        const platform = tenantId === null ? [...entries(result), ...platformAlso] : platformAlso
        yield* Effect.forEach(platform, recordPlatformAudit, { discard: true })
        return result
      }),
    )
    const tenantEntries = tenantId === null ? [] : entries(result)
    if (tenantId !== null && tenantEntries.length > 0) {
      yield* database.withTenant(tenantId, Effect.forEach(tenantEntries, recordAudit, { discard: true }))
    }
    return result
  })

/** Records a refusal that changes nothing else: one unit of work, in the attempt's chain. */
const recordRefusal = (attempt: Attempt, entry: AuditEntry): Effect.Effect<void, DatabaseError, Database> =>
  recordAccountAudit({ homeTenantId: attempt.account?.homeTenantId ?? null }, entry)

/** A counted attempt failed: keep it counted, lock what it locked, record it, and say so vaguely. */
const fail = (
  attempt: Attempt,
  start: Extract<AttemptStart, { _tag: "Counted" }>,
  reason: "password" | "totp",
): Effect.Effect<never, InvalidCredentials | DatabaseError, Database> =>
  Effect.gen(function* () {
    const { account } = attempt
    const lockUntil = account === undefined ? undefined : start.locksAccountUntil
    const addressLock: ReadonlyArray<AuditEntry> =
      start.locksAddressUntil === undefined
        ? []
        : [
            {
              actorUserId: null,
              actor: "system",
              action: "auth.address.locked",
              details: { until: start.locksAddressUntil.toISOString() },
              ip: attempt.ip,
            },
          ]
    yield* settle(
      attempt,
      account === undefined || lockUntil === undefined
        ? Effect.succeed([])
        : lockAccount(account, lockUntil, start.failures, attempt.ip).pipe(Effect.map((entry) => [entry])),
      (locked) => [refusalEntry(attempt, reason), ...locked],
      addressLock,
    )
    return yield* InvalidCredentials.of(slowDownMs(start.failures))
  })

/** Marks a TOTP step used; false when it (or a later one) already was — a replay, perhaps a concurrent one. */
const claimTotpStep = (userId: string, step: number) =>
  globalQuery((db) =>
    db
      .updateTable("app_user")
      .set({ totp_last_step: step })
      .where("id", "=", userId)
      .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
      .executeTakeFirst(),
  ).pipe(Effect.map((result) => Number(result.numUpdatedRows) === 1))

/**
 * Signs in with a username, a password and, when the account has a key, a TOTP code.
 *
 * Every answer but success says as little as it can: a wrong username, password or code is
 * the same `InvalidCredentials` (an unknown username still costs one password hashing, so
 * the time taken does not tell either). Failures are counted per account and per address;
 * past the limits every attempt is `AccountLocked` until the lock lapses or an administrator
 * lifts it. Every outcome is written to the audit log, never with a password or a code.
 *
 * Several units of work, one after the other and none holding a connection while a password
 * is hashed: find and count the attempt; check the credentials; read the account's roles
 * (may it only enrol?); commit the session; record it in the tenant's chain.
 */
export const signIn = (
  input: SignInInput,
  keyring: TotpKeyring,
): Effect.Effect<SignedIn, SignInError | DatabaseError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const username = normaliseUsername(input.username)
    const address: ThrottleKey = `address:${input.ip}`
    const { account, keys, start } = yield* database.withGlobal(
      Effect.gen(function* () {
        const account = yield* accountByUsername(username)
        // A username that matches no account is throttled like one that does: otherwise
        // "locked after five tries" would tell which accounts exist.
        const keys: AttemptKeys = {
          account: account === undefined ? `user:unknown:${usernameFingerprint(username)}` : `user:${account.id}`,
          address,
        }
        const start = yield* beginAttempt(keys, input.now, account?.lockedUntil ?? null)
        return { account, keys, start }
      }),
    )
    const attempt: Attempt = { account, username, ip: input.ip }

    if (start._tag === "Locked") {
      yield* recordRefusal(attempt, refusalEntry(attempt, "locked", { lockedBy: start.by }))
      return yield* start.by === "account" ? AccountLocked.until(start.until) : AccountLocked.address(start.until)
    }

    const passwordRight = yield* Effect.promise(() =>
      verifyPassword(account?.passwordHash ?? DECOY_HASH, input.password),
    )
    if (account === undefined || !passwordRight) return yield* fail(attempt, start, "password")

    let step: number | undefined
    if (account.totpKeySealed !== null) {
      const code = (input.totp ?? "").replace(/\s+/g, "")
      if (code === "") {
        // Not a failure: the password was right and the code is yet to come.
        yield* database.withGlobal(refundAttempt(keys))
        return yield* TotpRequired.instance()
      }
      const sealed = account.totpKeySealed
      const key = yield* Effect.sync(() => keyring.unseal(sealed))
      step = matchingTotpStep(key, code, input.now)
      // A step at or before the last one accepted is a code already used: refused like a wrong one.
      if (step === undefined || (account.totpLastStep !== null && step <= account.totpLastStep)) {
        return yield* fail(attempt, start, "totp")
      }
    }

    // Said only to whoever has the account's credentials, so it tells nobody else it exists.
    if (account.disabledAt !== null) {
      yield* settle(attempt, refundAttempt(keys), () => [refusalEntry(attempt, "disabled")])
      return yield* AccountLocked.disabled()
    }

    const totpEnrolmentRequired = yield* totpEnrolmentDue(account)
    const rehashed = needsRehash(account.passwordHash)
      ? yield* Effect.promise(() => hashPassword(input.password))
      : undefined
    const usedStep = step
    const opened = yield* settle(
      attempt,
      Effect.gen(function* () {
        if (usedStep !== undefined && !(yield* claimTotpStep(account.id, usedStep))) return undefined
        yield* forgetAttempts(keys)
        if (rehashed !== undefined) {
          // Only over the hash just verified: a password changed meanwhile stays changed.
          yield* globalQuery((db) =>
            db
              .updateTable("app_user")
              .set({ password_hash: rehashed })
              .where("id", "=", account.id)
              .where("password_hash", "=", account.passwordHash)
              .execute(),
          )
        }
        return yield* openSession(account.id, input.now, totpEnrolmentRequired)
      }),
      (opened): ReadonlyArray<AuditEntry> =>
        opened === undefined
          ? []
          : [
              {
                actorUserId: account.id,
                actor: account.username,
                action: "auth.login.succeeded",
                entityType: "app_user",
                entityId: account.id,
                details: { secondFactor: usedStep === undefined ? "none" : "totp", totpEnrolmentRequired },
                ip: input.ip,
              },
            ],
    )
    // Another request presented the same code a moment earlier.
    if (opened === undefined) return yield* fail(attempt, start, "totp")

    return {
      token: opened.token,
      session: opened.session,
      user: {
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        homeTenantId: account.homeTenantId,
        platformRole: account.platformRole,
      },
      totpEnrolmentRequired,
    }
  })
