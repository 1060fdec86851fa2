import { type DatabaseError, type DB, type TenantTx, tenantQuery } from "@abroad/db"
import type { PluginEvent } from "@abroad/plugin-sdk"
import { Effect } from "effect"
import { sql, type Transaction } from "kysely"
import type { PluginFailed } from "../dispatch.ts"
import { type DeliveryPolicy, retryDelay } from "./policy.ts"

/** A delivery this worker holds until `next_attempt_at`: its event as the plugin receives it. */
export interface ClaimedDelivery {
  readonly id: string
  readonly pluginId: string
  /** Proves the claim is still this worker's when it settles the delivery. */
  readonly token: string
  readonly event: PluginEvent
}

/** What the last failure was, as the administrator reads it. */
export interface DeliveryError {
  readonly kind: PluginFailed["kind"] | "defect"
  readonly hook: string
  readonly message: { readonly vi: string; readonly en: string }
}

/**
 * Claims up to `limit` deliveries of one plugin that are due at `now`, oldest event first — but
 * only the first unfinished one of each entity: a later event of an entity waits while an earlier
 * one is pending, backing off, held by a worker, or parked. A claim counts as an attempt (the
 * handler may run even if the worker dies before it can say so) and lasts `claimMs`; rows another
 * transaction is claiming are skipped, not waited for.
 */
export const claimDeliveries = (input: {
  readonly pluginId: string
  readonly now: Date
  readonly limit: number
  readonly policy: Pick<DeliveryPolicy, "claimMs">
}): Effect.Effect<ReadonlyArray<ClaimedDelivery>, DatabaseError, TenantTx> =>
  tenantQuery(async (db, tenantId) => {
    const token = crypto.randomUUID()
    const until = new Date(input.now.getTime() + input.policy.claimMs)
    const claimed = await sql<{
      id: string
      event_id: string
      seq: number
      event_type: string
      entity_type: string
      entity_id: string
      attempts: number
      payload: unknown
      occurred_at: Date
    }>`
      with due as (
        select d.tenant_id, d.id from plugin_delivery d
         where d.tenant_id = ${tenantId} and d.plugin_id = ${input.pluginId}
           and d.status = 'pending' and d.next_attempt_at <= ${input.now}
           and not exists (
             select 1 from plugin_delivery earlier
              where earlier.tenant_id = d.tenant_id and earlier.plugin_id = d.plugin_id
                and earlier.entity_type = d.entity_type and earlier.entity_id = d.entity_id
                and earlier.status <> 'delivered' and earlier.seq < d.seq)
         order by d.seq
         limit ${input.limit}
         for update of d skip locked
      )
      update plugin_delivery d
         set claim_token = ${token}, attempts = d.attempts + 1, last_attempt_at = ${input.now}, next_attempt_at = ${until}
        from due, outbox_event e
       where d.tenant_id = due.tenant_id and d.id = due.id and e.tenant_id = d.tenant_id and e.id = d.event_id
      returning d.id, d.event_id, d.seq, d.event_type, d.entity_type, d.entity_id, d.attempts, e.payload, e.occurred_at`.execute(
      db,
    )
    return claimed.rows
      .sort((a, b) => a.seq - b.seq)
      .map(
        (row): ClaimedDelivery => ({
          id: row.id,
          pluginId: input.pluginId,
          token,
          event: {
            id: row.event_id,
            type: row.event_type,
            entityType: row.entity_type,
            entityId: row.entity_id,
            payload: (row.payload ?? {}) as Readonly<Record<string, unknown>>,
            occurredAt: new Date(row.occurred_at).toISOString(),
            attempt: row.attempts,
          },
        }),
      )
  })

/** How one attempt ended. */
export type AttemptOutcome =
  | { readonly _tag: "delivered" }
  | { readonly _tag: "failed"; readonly retryable: boolean; readonly error: DeliveryError }
  /** The plugin is not (or no longer) enabled in the tenant: nothing ran, so nothing is counted. */
  | { readonly _tag: "not_enabled"; readonly error: DeliveryError }
  /** Not handed over at all (the plugin hung or crashed on an earlier event of the batch): due again, not counted. */
  | { readonly _tag: "untried" }

/** What became of the delivery. */
export type Settlement = "delivered" | "retrying" | "parked" | "released" | "lost_claim"

/** A plugin that is not enabled is asked again after this, without the attempt counting. */
const NOT_ENABLED_RECHECK_MS = 60_000

/**
 * Records how an attempt ended — only if the claim is still this worker's (one that held it past
 * its lapse has been overtaken; the other worker's outcome stands). A failure is retried after the
 * backoff, or parked once `maxAttempts` attempts have failed or when retrying cannot help.
 */
export const settleDelivery = (input: {
  readonly claim: ClaimedDelivery
  readonly outcome: AttemptOutcome
  readonly now: Date
  readonly policy: Pick<DeliveryPolicy, "maxAttempts" | "retryBaseMs" | "retryCapMs">
}): Effect.Effect<Settlement, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const { claim, outcome, now, policy } = input
    const mine = (db: Transaction<DB>) =>
      db.updateTable("plugin_delivery").where("id", "=", claim.id).where("claim_token", "=", claim.token)
    if (outcome._tag === "delivered") {
      const done = yield* tenantQuery((db) =>
        mine(db)
          .set({ status: "delivered", delivered_at: now, next_attempt_at: null, claim_token: null })
          .executeTakeFirst(),
      )
      return done.numUpdatedRows > 0n ? "delivered" : "lost_claim"
    }
    if (outcome._tag === "untried") {
      const putBack = yield* tenantQuery((db) =>
        mine(db)
          .set((eb) => ({ attempts: eb("attempts", "-", 1), next_attempt_at: now, claim_token: null }))
          .executeTakeFirst(),
      )
      return putBack.numUpdatedRows > 0n ? "released" : "lost_claim"
    }
    const error = JSON.stringify(outcome.error)
    if (outcome._tag === "not_enabled") {
      const released = yield* tenantQuery((db) =>
        mine(db)
          .set((eb) => ({
            attempts: eb("attempts", "-", 1),
            next_attempt_at: new Date(now.getTime() + NOT_ENABLED_RECHECK_MS),
            claim_token: null,
            last_error: sql`${error}::text::jsonb`,
          }))
          .executeTakeFirst(),
      )
      return released.numUpdatedRows > 0n ? "released" : "lost_claim"
    }
    const attempts = claim.event.attempt
    if (!outcome.retryable || attempts >= policy.maxAttempts) {
      const parked = yield* tenantQuery((db) =>
        mine(db)
          .set({
            status: "parked",
            parked_at: now,
            next_attempt_at: null,
            claim_token: null,
            last_error: sql`${error}::text::jsonb`,
          })
          .executeTakeFirst(),
      )
      return parked.numUpdatedRows > 0n ? "parked" : "lost_claim"
    }
    const delay = yield* retryDelay(attempts, policy.retryBaseMs, policy.retryCapMs)
    const retrying = yield* tenantQuery((db) =>
      mine(db)
        .set({
          next_attempt_at: new Date(now.getTime() + delay),
          claim_token: null,
          last_error: sql`${error}::text::jsonb`,
        })
        .executeTakeFirst(),
    )
    return retrying.numUpdatedRows > 0n ? "retrying" : "lost_claim"
  })
