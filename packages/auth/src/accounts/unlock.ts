import { Database, type DatabaseError, globalQuery } from "@abroad/db"
import { Effect } from "effect"
import type { AccountNotFound } from "../permissions/errors.ts"
import { clearFailures } from "../sessions/throttle.ts"
import { accountById } from "./account.ts"

/**
 * Lifts a lockout before it lapses: the lock on the account row and the failures counted
 * against the account. A lock on an address is left alone — it may be someone else's attack.
 * Who may unlock, and the audit entry (`auth.account.unlocked`), are the caller's: it knows
 * the administrator; what is returned is enough to write it to the right chain.
 */
export const unlockAccount = (
  userId: string,
): Effect.Effect<
  { readonly userId: string; readonly username: string; readonly homeTenantId: string | null },
  DatabaseError | AccountNotFound,
  Database
> =>
  Database.use((database) =>
    database.withGlobal(
      Effect.gen(function* () {
        const account = yield* accountById(userId)
        yield* globalQuery((db) =>
          db.updateTable("app_user").set({ locked_until: null }).where("id", "=", userId).execute(),
        )
        yield* clearFailures(`user:${userId}`)
        return { userId, username: account.username, homeTenantId: account.homeTenantId }
      }),
    ),
  )
