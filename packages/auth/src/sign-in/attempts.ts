import { type DatabaseError, type GlobalTx, globalQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import type { AuditEntry } from "../audit/record.ts"
import { clearFailures, recordFailure, THROTTLE, type ThrottleKey, throttleState } from "../sessions/throttle.ts"

/**
 * An attempt is counted *before* its password is checked, and given back if it turns out
 * not to be a failure. Counting afterwards would let a burst of parallel guesses all pass
 * the lock check while the first of them is still being hashed; counted first, the
 * (limit + 1)th guess is refused however many are in flight.
 */
export type AttemptStart =
  | {
      readonly _tag: "Locked"
      /** The later of the locks in force. */
      readonly until: Date
      readonly by: "account" | "address"
    }
  | {
      readonly _tag: "Counted"
      /** The most failures on any of the keys, this attempt included: what the slow-down is based on. */
      readonly failures: number
      /** Set when this attempt reached the account's limit: if it fails, the account is locked until then. */
      readonly locksAccountUntil: Date | undefined
      /** Likewise for the address. */
      readonly locksAddressUntil: Date | undefined
    }

export interface AttemptKeys {
  readonly account: ThrottleKey
  readonly address?: ThrottleKey
}

const keysOf = (keys: AttemptKeys): ReadonlyArray<ThrottleKey> =>
  keys.address === undefined ? [keys.account] : [keys.account, keys.address]

const limitOf = (key: ThrottleKey) => (key.startsWith("user:") ? THROTTLE.accountLockAfter : THROTTLE.addressLockAfter)

/**
 * Attempts on the same key take turns until their transaction ends, so that each reads the
 * count the previous one wrote. Taken in one order (sorted) so two attempts never wait on
 * each other crosswise.
 */
const takeTurns = (keys: ReadonlyArray<ThrottleKey>) =>
  Effect.forEach(
    [...keys].sort(),
    (key) =>
      globalQuery((db) =>
        sql`select pg_advisory_xact_lock(hashtextextended(${`abroad_throttle:${key}`}, 0))`.execute(db),
      ),
    { discard: true },
  )

const later = (a: Date | undefined, b: Date | undefined): Date | undefined =>
  a === undefined ? b : b === undefined || a >= b ? a : b

/**
 * Refuses the attempt if a lock is in force — the throttle's on either key, or the one an
 * administrator or an earlier lockout left on the account (`accountLockedUntil`) — and
 * counts it otherwise.
 */
export const beginAttempt = (
  keys: AttemptKeys,
  now: Date,
  accountLockedUntil: Date | null,
): Effect.Effect<AttemptStart, DatabaseError, GlobalTx> =>
  Effect.gen(function* () {
    yield* takeTurns(keysOf(keys))
    const account = yield* throttleState(keys.account, now)
    const address = keys.address === undefined ? undefined : yield* throttleState(keys.address, now)
    const accountUntil = later(
      account.lockedUntil,
      accountLockedUntil !== null && accountLockedUntil > now ? accountLockedUntil : undefined,
    )
    const addressUntil = address?.lockedUntil
    if (accountUntil !== undefined && (addressUntil === undefined || accountUntil >= addressUntil)) {
      return { _tag: "Locked", until: accountUntil, by: "account" }
    }
    if (addressUntil !== undefined) return { _tag: "Locked", until: addressUntil, by: "address" }
    const accountAfter = yield* recordFailure(keys.account, now)
    const addressAfter = keys.address === undefined ? undefined : yield* recordFailure(keys.address, now)
    return {
      _tag: "Counted",
      failures: Math.max(accountAfter.failures, addressAfter?.failures ?? 0),
      locksAccountUntil: accountAfter.lockedUntil,
      locksAddressUntil: addressAfter?.lockedUntil,
    }
  })

/**
 * Gives back a counted attempt that was not a failure (the password was right but a code
 * is still to come), lifting a lock it alone brought about.
 */
export const refundAttempt = (keys: AttemptKeys): Effect.Effect<void, DatabaseError, GlobalTx> =>
  Effect.forEach(
    keysOf(keys),
    (key) =>
      globalQuery((db) =>
        db
          .updateTable("login_throttle")
          .set({
            failures: sql<number>`greatest(failures - 1, 0)`,
            locked_until: sql<Date | null>`case when failures - 1 < ${limitOf(key)} then null else locked_until end`,
          })
          .where("key", "=", key)
          .execute(),
      ),
    { discard: true },
  )

/** A successful sign-in forgets the account's failures and takes its own attempt back from the address. */
export const forgetAttempts = (keys: AttemptKeys): Effect.Effect<void, DatabaseError, GlobalTx> =>
  Effect.gen(function* () {
    // The account starts afresh; the address only gets this attempt back. Clearing the address
    // too would let a guesser with one real account reset the address count between guesses.
    yield* clearFailures(keys.account)
    if (keys.address !== undefined) yield* refundAttempt({ account: keys.address })
  })

/**
 * Carries a lockout onto the account row, where the administrators' account list shows it
 * and `unlockAccount` lifts it; returns the audit entry that records it.
 */
export const lockAccount = (
  account: { readonly id: string },
  until: Date,
  failures: number,
  ip: string | undefined,
): Effect.Effect<AuditEntry, DatabaseError, GlobalTx> =>
  globalQuery((db) =>
    db.updateTable("app_user").set({ locked_until: until }).where("id", "=", account.id).execute(),
  ).pipe(
    Effect.as({
      actorUserId: null,
      actor: "system",
      action: "auth.account.locked",
      entityType: "app_user",
      entityId: account.id,
      details: { failures, until: until.toISOString() },
      ...(ip === undefined ? {} : { ip }),
    }),
  )
