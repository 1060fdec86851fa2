import { type DatabaseError, type GlobalTx, globalQuery } from "@abroad/db"
import { Effect } from "effect"
import { newSessionToken } from "./token.ts"

/**
 * How long a session lives: it slides forward while used, up to an absolute cap after which
 * the user signs in again whatever they do. An office day fits inside the cap.
 */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** The sliding expiry is written back at most this often, not on every request. */
export const SESSION_BUMP_MS = 5 * 60 * 1000

export interface Session {
  readonly id: string
  readonly userId: string
  readonly expiresAt: Date
  readonly absoluteExpiresAt: Date
}

/** Opens a session for `userId` and returns the token to hand to the browser (never stored). */
export const createSession = (
  userId: string,
  now: Date,
): Effect.Effect<{ readonly token: string; readonly session: Session }, DatabaseError, GlobalTx> => {
  const token = newSessionToken()
  const session: Session = {
    id: token.id,
    userId,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
    absoluteExpiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
  }
  return globalQuery((db) =>
    db
      .insertInto("user_session")
      .values({
        id: session.id,
        secret_hash: token.secretHash,
        user_id: userId,
        // The caller's clock, not the database's: every expiry decision uses the same one.
        last_used_at: now,
        expires_at: session.expiresAt,
        absolute_expires_at: session.absoluteExpiresAt,
      })
      .execute(),
  ).pipe(Effect.as({ token: token.token, session }))
}

/** What a session row says at `now`, before anything is written back. */
export type SessionVerdict =
  | { readonly kind: "expired" }
  | { readonly kind: "alive"; readonly session: Session; readonly bump: boolean }

/** The columns of `user_session` a verdict needs. */
export interface SessionRow {
  readonly id: string
  readonly user_id: string
  readonly last_used_at: Date
  readonly expires_at: Date
  readonly absolute_expires_at: Date
}

/**
 * Judges a stored session whose secret was proved (the lookup finds it only by the secret's hash,
 * `abroad_session_actor`): an expired session is to be deleted, a live one slides its idle expiry
 * forward when due.
 */
export const sessionVerdict = (row: SessionRow, now: Date): SessionVerdict => {
  if (now >= row.expires_at || now >= row.absolute_expires_at) return { kind: "expired" }
  const bump = now.getTime() - row.last_used_at.getTime() >= SESSION_BUMP_MS
  const expiresAt = bump
    ? new Date(Math.min(now.getTime() + SESSION_IDLE_MS, row.absolute_expires_at.getTime()))
    : row.expires_at
  return {
    kind: "alive",
    session: { id: row.id, userId: row.user_id, expiresAt, absoluteExpiresAt: row.absolute_expires_at },
    bump,
  }
}

export const invalidateSession = (sessionId: string): Effect.Effect<void, DatabaseError, GlobalTx> =>
  globalQuery((db) => db.deleteFrom("user_session").where("id", "=", sessionId).execute()).pipe(Effect.asVoid)

/** Signs the user out everywhere: after a password change, a grant change, or on request. */
export const invalidateUserSessions = (userId: string): Effect.Effect<number, DatabaseError, GlobalTx> =>
  globalQuery((db) => db.deleteFrom("user_session").where("user_id", "=", userId).executeTakeFirst()).pipe(
    Effect.map((result) => Number(result.numDeletedRows)),
  )
