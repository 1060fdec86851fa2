import { Database, type DatabaseError, type GlobalTx, globalQuery, type PlatformRole } from "@abroad/db"
import { Effect } from "effect"
import { type AuditEntry, recordAudit, recordPlatformAudit } from "../audit/record.ts"
import { AccountNotFound } from "../permissions/errors.ts"

/** An account as the sign-in and credential services need it: hashes and sealed keys included, never to leave this package. */
export interface AccountRecord {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly homeTenantId: string | null
  readonly platformRole: PlatformRole | null
  readonly passwordHash: string
  readonly totpKeySealed: string | null
  readonly totpLastStep: number | null
  readonly totpPendingSealed: string | null
  readonly lockedUntil: Date | null
  readonly disabledAt: Date | null
}

const selectAccount = (db: Parameters<Parameters<typeof globalQuery>[0]>[0]) =>
  db
    .selectFrom("app_user")
    .select([
      "id",
      "username",
      "display_name",
      "home_tenant_id",
      "platform_role",
      "password_hash",
      "totp_key_sealed",
      "totp_last_step",
      "totp_pending_sealed",
      "locked_until",
      "disabled_at",
    ])

const toRecord = (row: {
  id: string
  username: string
  display_name: string
  home_tenant_id: string | null
  platform_role: PlatformRole | null
  password_hash: string
  totp_key_sealed: string | null
  totp_last_step: number | null
  totp_pending_sealed: string | null
  locked_until: Date | null
  disabled_at: Date | null
}): AccountRecord => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  homeTenantId: row.home_tenant_id,
  platformRole: row.platform_role,
  passwordHash: row.password_hash,
  totpKeySealed: row.totp_key_sealed,
  totpLastStep: row.totp_last_step,
  totpPendingSealed: row.totp_pending_sealed,
  lockedUntil: row.locked_until,
  disabledAt: row.disabled_at,
})

/**
 * How a username is compared: composed Unicode, no surrounding spaces, lower case — what a
 * phone keyboard's capital first letter or a pasted trailing space must not change.
 */
export const normaliseUsername = (username: string): string => username.normalize("NFC").trim().toLowerCase()

/** The account with this (already normalised) username, if there is one. */
export const accountByUsername = (
  username: string,
): Effect.Effect<AccountRecord | undefined, DatabaseError, GlobalTx> =>
  globalQuery((db) => selectAccount(db).where("username", "=", username).executeTakeFirst()).pipe(
    Effect.map((row) => (row === undefined ? undefined : toRecord(row))),
  )

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The account with this id; an id that is not even a uuid is simply not found (never a database error). */
export const accountById = (userId: string): Effect.Effect<AccountRecord, DatabaseError | AccountNotFound, GlobalTx> =>
  !UUID.test(userId)
    ? Effect.fail(AccountNotFound.instance())
    : globalQuery((db) => selectAccount(db).where("id", "=", userId).executeTakeFirst()).pipe(
        Effect.flatMap((row) =>
          row === undefined ? Effect.fail(AccountNotFound.instance()) : Effect.succeed(toRecord(row)),
        ),
      )

/**
 * Writes to the chain the account belongs to: its tenant's, where that tenant's
 * administrators read it, or the platform's for platform accounts. A unit of work of its
 * own, run after the work it records has committed.
 */
export const recordAccountAudit = (
  account: { readonly homeTenantId: string | null },
  entry: AuditEntry,
): Effect.Effect<void, DatabaseError, Database> =>
  Database.use((database) =>
    account.homeTenantId === null
      ? database.withGlobal(recordPlatformAudit(entry))
      : database.withTenant(account.homeTenantId, recordAudit(entry)),
  )
