import { type DatabaseError, type GlobalTx, globalQuery } from "@abroad/db"
import { Effect } from "effect"
import { createSession, type Session } from "../sessions/store.ts"

/**
 * Opens a session; `enrolmentOnly` marks one that may do nothing but enrol the second factor
 * the account's roles require (the request layer reads the flag on every request).
 */
export const openSession = (
  userId: string,
  now: Date,
  enrolmentOnly: boolean,
): Effect.Effect<{ readonly token: string; readonly session: Session }, DatabaseError, GlobalTx> =>
  Effect.gen(function* () {
    const opened = yield* createSession(userId, now)
    if (enrolmentOnly) {
      yield* globalQuery((db) =>
        db.updateTable("user_session").set({ totp_enrolment_only: true }).where("id", "=", opened.session.id).execute(),
      )
    }
    return opened
  })
