import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"

/** What an administrator narrows the tenant's log by. Every field is optional. */
export interface AuditFilter {
  /** The actor's username, exact (`officer@ho-chi-minh`). */
  readonly actor?: string
  /** An action, or a prefix ending in a dot: `auth.` matches every sign-in event. */
  readonly action?: string
  readonly entityType?: string
  readonly entityId?: string
  readonly from?: Date
  readonly to?: Date
  /** Keyset pagination: entries older than this sequence number. */
  readonly before?: number
  readonly limit: number
}

export interface AuditRecord {
  readonly seq: number
  readonly occurredAt: Date
  readonly actorUserId: string | null
  readonly actor: string
  readonly action: string
  readonly entityType: string | null
  readonly entityId: string | null
  readonly details: unknown
  readonly ip: string | null
  readonly hash: string
}

/**
 * The current tenant's log, newest first. Returns one page and the cursor of the next
 * (undefined on the last page).
 */
export const listAuditEvents = (
  filter: AuditFilter,
): Effect.Effect<
  { readonly entries: ReadonlyArray<AuditRecord>; readonly next: number | undefined },
  DatabaseError,
  TenantTx
> =>
  tenantQuery((db) => {
    let query = db
      .selectFrom("audit_event")
      .select([
        "seq",
        "occurred_at",
        "actor_user_id",
        "actor",
        "action",
        "entity_type",
        "entity_id",
        "details",
        "ip",
        "hash",
      ])
    if (filter.actor !== undefined) query = query.where("actor", "=", filter.actor)
    if (filter.action !== undefined) {
      query = filter.action.endsWith(".")
        ? query.where("action", "like", `${filter.action.replace(/[\\%_]/g, "\\$&")}%`)
        : query.where("action", "=", filter.action)
    }
    if (filter.entityType !== undefined) query = query.where("entity_type", "=", filter.entityType)
    if (filter.entityId !== undefined) query = query.where("entity_id", "=", filter.entityId)
    if (filter.from !== undefined) query = query.where("occurred_at", ">=", filter.from)
    if (filter.to !== undefined) query = query.where("occurred_at", "<", filter.to)
    if (filter.before !== undefined) query = query.where("seq", "<", filter.before)
    return query
      .orderBy("seq", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(
    Effect.map((rows) => {
      const page = rows.slice(0, filter.limit)
      return {
        entries: page.map((row) => ({
          seq: row.seq,
          occurredAt: row.occurred_at,
          actorUserId: row.actor_user_id,
          actor: row.actor,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          details: row.details,
          ip: row.ip,
          hash: row.hash,
        })),
        next: rows.length > filter.limit ? page[page.length - 1]?.seq : undefined,
      }
    }),
  )
