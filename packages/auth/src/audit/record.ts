import {
  type DatabaseError,
  type GlobalTx,
  globalQuery,
  type OversightTx,
  oversightQuery,
  type TenantTx,
  tenantQuery,
} from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"

/** Who did what to which thing. Never a password, a token or a TOTP code in `details`. */
export interface AuditEntry {
  readonly actorUserId: string | null
  /** The username at the time, or `system`. */
  readonly actor: string
  /** `auth.login.succeeded`, `auth.login.failed`, `grant.created`, … */
  readonly action: string
  readonly entityType?: string
  readonly entityId?: string
  readonly details?: Readonly<Record<string, unknown>>
  readonly ip?: string
}

const columns = (entry: AuditEntry) => ({
  actor_user_id: entry.actorUserId,
  actor: entry.actor,
  action: entry.action,
  entity_type: entry.entityType ?? null,
  entity_id: entry.entityId ?? null,
  // Sent as text and parsed by the server: postgres.js would otherwise store a JSON string
  // scalar instead of the object on PostgreSQL (PGlite parses either way).
  details: sql<string>`${JSON.stringify(entry.details ?? {})}::text::jsonb`,
  ip: entry.ip ?? null,
})

/** Appends to the current tenant's chain; the database links it (sequence, previous hash, hash). */
export const recordAudit = (entry: AuditEntry): Effect.Effect<void, DatabaseError, TenantTx> =>
  tenantQuery((db, tenantId) =>
    db
      .insertInto("audit_event")
      .values({ tenant_id: tenantId, ...columns(entry) })
      .execute(),
  ).pipe(Effect.asVoid)

/** Appends to the platform's own chain: events that belong to no tenant. */
export const recordPlatformAudit = (entry: AuditEntry): Effect.Effect<void, DatabaseError, GlobalTx> =>
  globalQuery((db) => db.insertInto("platform_audit_event").values(columns(entry)).execute()).pipe(Effect.asVoid)

/**
 * Appends the oversight body's entries to the chains of the tenants they name — the member's
 * tenant and the oversight body's own — as the oversight role, whose policy admits only
 * `oversight.*` actions. Written in tenant order: each chain is locked while it grows, and two
 * requests taking the same locks in the same order cannot wait for each other.
 */
export const recordOversightAudit = (
  entries: ReadonlyArray<AuditEntry & { readonly tenantId: string }>,
): Effect.Effect<void, DatabaseError, OversightTx> => {
  if (entries.length === 0) return Effect.void
  const ordered = [...entries].sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0))
  return oversightQuery((db) =>
    db
      .insertInto("audit_event")
      .values(ordered.map((entry) => ({ tenant_id: entry.tenantId, ...columns(entry) })))
      .execute(),
  ).pipe(Effect.asVoid)
}
