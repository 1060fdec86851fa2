import {
  Database,
  type DatabaseError,
  type PlatformRole,
  type TenantRole,
  type TenantTx,
  tenantQuery,
} from "@abroad/db"
import { Effect } from "effect"
import { SECOND_FACTOR_ROLES } from "../permissions/capabilities.ts"

/**
 * Whether an account holding these roles must sign in with a second factor: the roles that
 * run a tenant's accounts, decide trips, see every tenant's members abroad, or run the
 * platform. The list itself lives with the capability matrix.
 */
export const requiresSecondFactor = (
  platformRole: PlatformRole | null,
  tenantRoles: ReadonlyArray<TenantRole>,
): boolean =>
  (platformRole !== null && SECOND_FACTOR_ROLES.includes(platformRole)) ||
  tenantRoles.some((role) => SECOND_FACTOR_ROLES.includes(role))

/** The roles an account holds in the current tenant, whatever their scope. */
export const tenantRolesOf = (userId: string): Effect.Effect<ReadonlyArray<TenantRole>, DatabaseError, TenantTx> =>
  tenantQuery((db) =>
    db.selectFrom("role_grant").select("role").distinct().where("user_id", "=", userId).execute(),
  ).pipe(Effect.map((rows) => rows.map((row) => row.role)))

/**
 * Whether a session opened for this account may only enrol a TOTP key: its roles need a
 * second factor and it has none yet. Grants live in the home tenant, read in a unit of
 * work of their own.
 */
export const totpEnrolmentDue = (account: {
  readonly id: string
  readonly homeTenantId: string | null
  readonly platformRole: PlatformRole | null
  readonly totpKeySealed: string | null
}): Effect.Effect<boolean, DatabaseError, Database> =>
  Effect.gen(function* () {
    if (account.totpKeySealed !== null) return false
    const database = yield* Database
    const roles =
      account.homeTenantId === null ? [] : yield* database.withTenant(account.homeTenantId, tenantRolesOf(account.id))
    return requiresSecondFactor(account.platformRole, roles)
  })
