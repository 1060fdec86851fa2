import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"

/** Which stored answer: the client's key, per account, in the current tenant. */
export interface KeyOwner {
  readonly key: string
  readonly userId: string
}

/** A key's row. `status` 0: the first request holds the key and has not answered yet. */
export interface StoredKey {
  readonly requestHash: string
  readonly status: number
  readonly response: unknown
}

export const PENDING = 0

/** The key's row unless it is older than `notBefore` (an expired key counts as never used). */
export const findKey = (
  owner: KeyOwner,
  notBefore: Date,
): Effect.Effect<StoredKey | undefined, DatabaseError, TenantTx> =>
  tenantQuery((db) =>
    db
      .selectFrom("idempotency_key")
      .select(["request_hash", "status", "response"])
      .where("user_id", "=", owner.userId)
      .where("key", "=", owner.key)
      .where("created_at", ">", notBefore)
      .executeTakeFirst(),
  ).pipe(
    Effect.map((row) =>
      row === undefined ? undefined : { requestHash: row.request_hash, status: row.status, response: row.response },
    ),
  )

/**
 * Takes the key for a request about to run, in that request's own transaction: the key and
 * what the request creates commit together or not at all. False when another request took
 * it first (a concurrent one waits here for the first to commit, then finds the key taken).
 * The account's expired keys are cleared first — this one's, should it be reused after a day,
 * and the rest, so the table holds about a day of each account's creating requests.
 */
export const claimKey = (
  owner: KeyOwner,
  requestHash: string,
  now: Date,
  notBefore: Date,
): Effect.Effect<boolean, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    yield* tenantQuery((db) =>
      db
        .deleteFrom("idempotency_key")
        .where("user_id", "=", owner.userId)
        .where("created_at", "<=", notBefore)
        .execute(),
    )
    const claimed = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("idempotency_key")
        .values((eb) => ({
          tenant_id: tenantId,
          key: owner.key,
          user_id: owner.userId,
          request_hash: requestHash,
          status: PENDING,
          response: eb.cast(eb.cast(eb.val("{}"), "text"), "jsonb"),
          created_at: now,
        }))
        .onConflict((conflict) => conflict.columns(["tenant_id", "user_id", "key"]).doNothing())
        .returning("key")
        .executeTakeFirst(),
    )
    return claimed !== undefined
  })

/** Keeps the answer under the key, for replay. Only fills a pending claim of the same request, or a free key. */
export const storeAnswer = (
  owner: KeyOwner,
  requestHash: string,
  answer: { readonly status: number; readonly body: unknown },
  now: Date,
): Effect.Effect<void, DatabaseError, TenantTx> =>
  tenantQuery((db, tenantId) =>
    db
      .insertInto("idempotency_key")
      .values((eb) => ({
        tenant_id: tenantId,
        key: owner.key,
        user_id: owner.userId,
        request_hash: requestHash,
        status: answer.status,
        // Sent as text and parsed by the server: postgres.js would otherwise store a JSON
        // string scalar instead of the object on PostgreSQL (PGlite parses either way).
        response: eb.cast(eb.cast(eb.val(JSON.stringify(answer.body)), "text"), "jsonb"),
        created_at: now,
      }))
      .onConflict((conflict) =>
        conflict
          .columns(["tenant_id", "user_id", "key"])
          .doUpdateSet((eb) => ({ status: eb.ref("excluded.status"), response: eb.ref("excluded.response") }))
          .where("idempotency_key.status", "=", PENDING)
          .where("idempotency_key.request_hash", "=", requestHash),
      )
      .execute(),
  ).pipe(Effect.asVoid)
