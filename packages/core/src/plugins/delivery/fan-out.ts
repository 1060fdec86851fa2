import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import type { Effect } from "effect"

/** Whether a plugin that handles `subscriptions` wants events of `type`. */
export const subscribes = (subscriptions: ReadonlyArray<string>, type: string): boolean =>
  subscriptions.includes(type) || subscriptions.includes("*")

/**
 * Hands the current tenant's next `limit` outbox events, oldest first, to the plugins enabled in it
 * now: one `pending` delivery per event and subscribed plugin, and the event marked dispatched, in
 * one transaction. With no plugin enabled the events are only marked: a plugin receives the events
 * recorded while it is enabled, not the tenant's history. The caller holds the tenant's plugin
 * lock, so two processes never hand out the same tenant's events at once (a later event of an
 * entity could otherwise be delivered before an earlier one was handed out).
 */
export const fanOutEvents = (input: {
  readonly plugins: ReadonlyArray<{ readonly pluginId: string; readonly subscriptions: ReadonlyArray<string> }>
  readonly now: Date
  readonly limit: number
}): Effect.Effect<number, DatabaseError, TenantTx> =>
  tenantQuery(async (db, tenantId) => {
    const events = await db
      .selectFrom("outbox_event")
      .select(["id", "seq", "type", "entity_type", "entity_id"])
      .where("dispatched_at", "is", null)
      .orderBy("seq")
      .limit(input.limit)
      .execute()
    if (events.length === 0) return 0
    const deliveries = events.flatMap((event) =>
      input.plugins
        .filter((plugin) => subscribes(plugin.subscriptions, event.type))
        .map((plugin) => ({
          tenant_id: tenantId,
          plugin_id: plugin.pluginId,
          event_id: event.id,
          seq: event.seq,
          event_type: event.type,
          entity_type: event.entity_type,
          entity_id: event.entity_id,
          next_attempt_at: input.now,
        })),
    )
    // Chunks keep each statement well under the driver's limit on parameters.
    for (let start = 0; start < deliveries.length; start += 1000) {
      await db
        .insertInto("plugin_delivery")
        .values(deliveries.slice(start, start + 1000))
        .onConflict((conflict) => conflict.columns(["tenant_id", "plugin_id", "event_id"]).doNothing())
        .execute()
    }
    await db
      .updateTable("outbox_event")
      .set({ dispatched_at: input.now })
      .where(
        "id",
        "in",
        events.map((event) => event.id),
      )
      .execute()
    return events.length
  })
