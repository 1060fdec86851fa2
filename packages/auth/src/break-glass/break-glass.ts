import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { recordAudit } from "../audit/record.ts"
import type { Actor } from "../permissions/access.ts"

/** The longest a break-glass grant may stay open; the database enforces the same ceiling. */
export const BREAK_GLASS_MAX_MINUTES = 8 * 60

/** mở khẩn cấp: an operator's access to one tenant's personal data, as its administrators see it. */
export interface BreakGlassGrant {
  readonly id: string
  readonly operatorUserId: string
  readonly operator: string
  readonly reason: string
  readonly openedAt: Date
  readonly expiresAt: Date
  readonly closedAt: Date | null
}

const toGrant = (row: {
  id: string
  operator_user_id: string
  operator_username: string
  reason: string
  opened_at: Date
  expires_at: Date
  closed_at: Date | null
}): BreakGlassGrant => ({
  id: row.id,
  operatorUserId: row.operator_user_id,
  operator: row.operator_username,
  reason: row.reason,
  openedAt: row.opened_at,
  expiresAt: row.expires_at,
  closedAt: row.closed_at,
})

const selectGrants = (db: Parameters<Parameters<typeof tenantQuery>[0]>[0]) =>
  db
    .selectFrom("break_glass_grant")
    .select(["id", "operator_user_id", "operator_username", "reason", "opened_at", "expires_at", "closed_at"])

/**
 * Opens a grant in the current tenant and writes it to the tenant's audit log, where the
 * tenant's administrators read it. The reason is kept as written (NFC).
 */
export const openBreakGlass = (input: {
  readonly operator: Actor
  readonly reason: string
  readonly minutes: number
  readonly now: Date
  readonly ip?: string
}): Effect.Effect<BreakGlassGrant, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const reason = input.reason.normalize("NFC").trim()
    const expiresAt = new Date(input.now.getTime() + Math.min(input.minutes, BREAK_GLASS_MAX_MINUTES) * 60_000)
    const { id } = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("break_glass_grant")
        .values({
          tenant_id: tenantId,
          operator_user_id: input.operator.userId,
          operator_username: input.operator.username,
          reason,
          opened_at: input.now,
          expires_at: expiresAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    )
    yield* recordAudit({
      actorUserId: input.operator.userId,
      actor: input.operator.username,
      action: "break_glass.opened",
      entityType: "break_glass_grant",
      entityId: id,
      details: { reason, expiresAt: expiresAt.toISOString() },
      ...(input.ip === undefined ? {} : { ip: input.ip }),
    })
    const row = yield* tenantQuery((db) => selectGrants(db).where("id", "=", id).executeTakeFirstOrThrow())
    return toGrant(row)
  })

/** Closes the operator's open grants in the current tenant before they expire; returns how many. */
export const closeBreakGlass = (input: {
  readonly operator: Actor
  readonly now: Date
  readonly ip?: string
}): Effect.Effect<number, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const closed = yield* tenantQuery((db) =>
      db
        .updateTable("break_glass_grant")
        .set({ closed_at: input.now })
        .where("operator_user_id", "=", input.operator.userId)
        .where("closed_at", "is", null)
        .where("expires_at", ">", input.now)
        .returning("id")
        .execute(),
    )
    for (const { id } of closed) {
      yield* recordAudit({
        actorUserId: input.operator.userId,
        actor: input.operator.username,
        action: "break_glass.closed",
        entityType: "break_glass_grant",
        entityId: id,
        ...(input.ip === undefined ? {} : { ip: input.ip }),
      })
    }
    return closed.length
  })

/** The current tenant's break-glass grants, newest first: what its administrators review. */
export const listBreakGlass = (): Effect.Effect<ReadonlyArray<BreakGlassGrant>, DatabaseError, TenantTx> =>
  tenantQuery((db) => selectGrants(db).orderBy("opened_at", "desc").limit(200).execute()).pipe(
    Effect.map((rows) => rows.map(toGrant)),
  )
