import { type DatabaseError, type TenantRole, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import { jsonArrayFrom } from "kysely/helpers/postgres"
import { keepSession, sessionVerdict } from "../sessions/store.ts"
import { parseSessionToken } from "../sessions/token.ts"
import { type Actor, accessByGrants, type GrantScope, type TenantAccess } from "./access.ts"

/** What a tenant's own unit of work can tell of a presented session token. */
export type PresenceInTenant =
  /** An account of this tenant, signed in: its access here comes from the grants read with it. */
  | { readonly kind: "signedIn"; readonly actor: Actor; readonly access: TenantAccess | undefined }
  /** The token is no good: malformed, a wrong secret, expired, or its account disabled. */
  | { readonly kind: "refused" }
  /**
   * No session of this tenant's accounts has that id: the token may still be an operator's or
   * another tenant's account's, which only a unit of work without a tenant can see.
   */
  | { readonly kind: "elsewhere" }

/**
 * The session, its account and the account's grants in the current tenant, in ONE statement
 * of the tenant's own transaction — the hot path of every tenant route, where reading them in
 * separate units of work cost two extra transactions per request. Nothing is cached: an expired
 * or deleted session, a disabled account or a withdrawn grant counts at the very next request.
 *
 * Row-level security decides what is visible: within a tenant, `app_user` and `user_session`
 * show that tenant's accounts only, and `role_grant` that tenant's grants. So an account found
 * here is one of this tenant (its home tenant is the current one), and its grants are exactly
 * those `tenantAccess` would read; anyone else is `elsewhere`.
 */
export const actorInTenant = (token: string, now: Date): Effect.Effect<PresenceInTenant, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const parts = parseSessionToken(token)
    if (parts === undefined) return { kind: "refused" } as const
    const row = yield* tenantQuery((db) =>
      db
        .selectFrom("user_session")
        .innerJoin("app_user", "app_user.id", "user_session.user_id")
        .select((eb) => [
          "user_session.id",
          "user_session.secret_hash",
          "user_session.user_id",
          "user_session.last_used_at",
          "user_session.expires_at",
          "user_session.absolute_expires_at",
          "user_session.totp_enrolment_only",
          "app_user.username",
          "app_user.display_name",
          "app_user.home_tenant_id",
          "app_user.platform_role",
          "app_user.disabled_at",
          sql<boolean>`app_user.totp_key_sealed is not null`.as("totp_enrolled"),
          jsonArrayFrom(
            eb
              .selectFrom("role_grant")
              .leftJoin("org_unit", (join) =>
                join
                  .onRef("org_unit.tenant_id", "=", "role_grant.tenant_id")
                  .onRef("org_unit.id", "=", "role_grant.org_unit_id"),
              )
              .select([
                "role_grant.id",
                "role_grant.role",
                "role_grant.org_unit_id",
                "role_grant.member_id",
                "org_unit.path",
              ])
              .whereRef("role_grant.user_id", "=", "app_user.id")
              .orderBy("role_grant.created_at"),
          ).as("grants"),
        ])
        .where("user_session.id", "=", parts.id)
        .executeTakeFirst(),
    )
    if (row === undefined) return { kind: "elsewhere" } as const
    const verdict = sessionVerdict(row, parts.secret, now)
    yield* tenantQuery((db) => keepSession(db, verdict, row.id, now))
    if (verdict.kind !== "alive" || row.disabled_at !== null) return { kind: "refused" } as const
    const actor: Actor = {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      homeTenantId: row.home_tenant_id,
      platformRole: row.platform_role,
      sessionId: row.id,
      totpEnrolmentOnly: row.totp_enrolment_only,
      totpEnrolled: row.totp_enrolled,
    }
    const tenantId = yield* tenantQuery(async (_db, id) => id)
    const grants: ReadonlyArray<GrantScope> = row.grants.map((grant) => ({
      grantId: grant.id,
      role: grant.role as TenantRole,
      orgUnitId: grant.org_unit_id,
      orgPath: grant.path,
      memberId: grant.member_id,
    }))
    return { kind: "signedIn", actor, access: accessByGrants(tenantId, grants) } as const
  })
