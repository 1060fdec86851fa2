import { type DatabaseError, type GlobalTx, globalQuery } from "@abroad/db"
import { Effect } from "effect"

/**
 * Failed sign-ins are counted per account and per address within a window. After a few the
 * answers slow down; after more the account (or the address) is locked for a while. An
 * administrator can unlock an account before then.
 */
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
  accountLockAfter: 5,
  addressLockAfter: 20,
  /** From this many failures on, each answer waits a little longer, up to `maxDelayMs`. */
  slowAfter: 2,
  delayStepMs: 400,
  maxDelayMs: 2_000,
} as const

export type ThrottleKey = `user:${string}` | `address:${string}`

export interface ThrottleState {
  readonly failures: number
  readonly lockedUntil: Date | undefined
}

const read = (key: ThrottleKey, now: Date) =>
  globalQuery((db) => db.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst()).pipe(
    Effect.map((row): ThrottleState => {
      if (row === undefined) return { failures: 0, lockedUntil: undefined }
      const locked = row.locked_until !== null && row.locked_until > now ? row.locked_until : undefined
      const inWindow = now.getTime() - row.window_started_at.getTime() < THROTTLE.windowMs
      return { failures: inWindow || locked ? row.failures : 0, lockedUntil: locked }
    }),
  )

export const throttleState = (key: ThrottleKey, now: Date): Effect.Effect<ThrottleState, DatabaseError, GlobalTx> =>
  read(key, now)

/** Counts one failure; returns the state after it (locked when the limit was reached). */
export const recordFailure = (key: ThrottleKey, now: Date): Effect.Effect<ThrottleState, DatabaseError, GlobalTx> =>
  Effect.gen(function* () {
    const before = yield* read(key, now)
    const failures = before.failures + 1
    const limit = key.startsWith("user:") ? THROTTLE.accountLockAfter : THROTTLE.addressLockAfter
    const lockedUntil = failures >= limit ? new Date(now.getTime() + THROTTLE.lockMs) : before.lockedUntil
    yield* globalQuery((db) =>
      db
        .insertInto("login_throttle")
        .values({ key, failures, window_started_at: now, locked_until: lockedUntil ?? null })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            failures,
            // A new window starts with the first failure after the last one expired.
            window_started_at: before.failures === 0 ? now : (eb) => eb.ref("login_throttle.window_started_at"),
            locked_until: lockedUntil ?? null,
          }),
        )
        .execute(),
    )
    return { failures, lockedUntil }
  })

/** Forgets the failures: after a successful sign-in, or an administrator's unlock. */
export const clearFailures = (key: ThrottleKey): Effect.Effect<void, DatabaseError, GlobalTx> =>
  globalQuery((db) => db.deleteFrom("login_throttle").where("key", "=", key).execute()).pipe(Effect.asVoid)

/** How long to hold the answer to a sign-in after `failures` recent failures. */
export const slowDownMs = (failures: number): number =>
  failures <= THROTTLE.slowAfter
    ? 0
    : Math.min((failures - THROTTLE.slowAfter) * THROTTLE.delayStepMs, THROTTLE.maxDelayMs)
