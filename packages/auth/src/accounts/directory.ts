import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import { recordAudit } from "../audit/record.ts"
import type { Actor } from "../permissions/access.ts"
import { AccountNotFound } from "../permissions/errors.ts"

/** An account as its tenant's administrators see it: never a hash, a key or a token. */
export interface AccountSummary {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly totpEnrolled: boolean
  readonly lockedUntil: Date | null
  readonly disabledAt: Date | null
  readonly createdAt: Date
}

const accounts = (db: Parameters<Parameters<typeof tenantQuery>[0]>[0], tenantId: string) =>
  db
    .selectFrom("app_user")
    .select(["id", "username", "display_name", "totp_key_sealed", "locked_until", "disabled_at", "created_at"])
    .where("home_tenant_id", "=", tenantId)

const toSummary = (row: {
  id: string
  username: string
  display_name: string
  totp_key_sealed: string | null
  locked_until: Date | null
  disabled_at: Date | null
  created_at: Date
}): AccountSummary => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  totpEnrolled: row.totp_key_sealed !== null,
  lockedUntil: row.locked_until,
  disabledAt: row.disabled_at,
  createdAt: row.created_at,
})

/**
 * The current tenant's accounts, by username. Accounts are global rows: the tenant filter is here.
 * `q` finds a part of the username or the name, without diacritics ("quan tri" finds "Quản trị viên").
 */
export const listAccounts = (
  filter: { readonly q?: string | undefined } = {},
): Effect.Effect<ReadonlyArray<AccountSummary>, DatabaseError, TenantTx> =>
  tenantQuery((db, tenantId) => {
    let query = accounts(db, tenantId).orderBy("username")
    const q = filter.q?.trim().normalize("NFC")
    if (q !== undefined && q !== "") {
      const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      query = query.where(sql<boolean>`abroad_fold(username || ' ' || display_name) like abroad_fold(${pattern})`)
    }
    return query.execute()
  }).pipe(Effect.map((rows) => rows.map(toSummary)))

/** One of the current tenant's accounts; another tenant's is not found. */
export const findAccount = (userId: string): Effect.Effect<AccountSummary, DatabaseError | AccountNotFound, TenantTx> =>
  tenantQuery((db, tenantId) => accounts(db, tenantId).where("id", "=", userId).executeTakeFirst()).pipe(
    Effect.flatMap((row) =>
      row === undefined ? Effect.fail(AccountNotFound.instance()) : Effect.succeed(toSummary(row)),
    ),
  )

/**
 * Renames, disables or re-enables one of the current tenant's accounts. Disabling signs the
 * account out everywhere at once.
 */
export const updateAccount = (
  administrator: Actor,
  userId: string,
  change: { readonly displayName?: string; readonly disabled?: boolean },
  now: Date,
  ip?: string,
): Effect.Effect<AccountSummary, DatabaseError | AccountNotFound, TenantTx> =>
  Effect.gen(function* () {
    const before = yield* findAccount(userId)
    const displayName = change.displayName?.normalize("NFC").trim()
    yield* tenantQuery((db, tenantId) =>
      db
        .updateTable("app_user")
        .set({
          ...(displayName === undefined ? {} : { display_name: displayName }),
          ...(change.disabled === undefined ? {} : { disabled_at: change.disabled ? now : null }),
        })
        .where("id", "=", userId)
        .where("home_tenant_id", "=", tenantId)
        .execute(),
    )
    if (change.disabled === true) {
      yield* tenantQuery((db) => db.deleteFrom("user_session").where("user_id", "=", userId).execute())
    }
    const action =
      change.disabled === true && before.disabledAt === null
        ? "account.disabled"
        : change.disabled === false && before.disabledAt !== null
          ? "account.enabled"
          : "account.updated"
    yield* recordAudit({
      actorUserId: administrator.userId,
      actor: administrator.username,
      action,
      entityType: "app_user",
      entityId: userId,
      details: { username: before.username, ...(displayName === undefined ? {} : { displayName }) },
      ...(ip === undefined ? {} : { ip }),
    })
    return yield* findAccount(userId)
  })
