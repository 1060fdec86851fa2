import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"

/**
 * A domain event, written to the outbox in the same transaction as the change it describes:
 * if the change is rolled back, so is the event. Plugins receive it afterwards, at least once,
 * and tell deliveries apart by the event's id.
 */
export interface DomainEvent {
  /** `violation.opened`, `task.completed`, …: the entity, a dot, what happened. */
  readonly type: string
  readonly entityType: string
  readonly entityId: string
  /** Ids and codes a consumer needs; no free text a member wrote, no personal data beyond ids. */
  readonly payload?: Readonly<Record<string, unknown>>
}

/** Appends one event to the current tenant's outbox. */
export const recordDomainEvent = (event: DomainEvent): Effect.Effect<void, DatabaseError, TenantTx> =>
  tenantQuery((db, tenantId) =>
    db
      .insertInto("outbox_event")
      .values({
        tenant_id: tenantId,
        type: event.type,
        entity_type: event.entityType,
        entity_id: event.entityId,
        // Sent as text and parsed by the server: postgres.js would otherwise store a JSON
        // string scalar instead of the object on PostgreSQL (PGlite parses either way).
        payload: sql<string>`${JSON.stringify(event.payload ?? {})}::text::jsonb`,
      })
      .execute(),
  ).pipe(Effect.asVoid)
