import {
  type DatabaseError,
  type PlatformRole,
  type TenantRole,
  type TenantTx,
  tenantQuery,
  type UnitOfWork,
} from "@abroad/db"
import { Effect } from "effect"
import {
  BREAK_GLASS_CAPABILITIES,
  type Capability,
  ROLE_CAPABILITIES,
  TENANT_WIDE_CAPABILITIES,
} from "./capabilities.ts"
import { requestActor } from "./request-actor.ts"

/** Who is making the request: the account behind a live session. */
export interface Actor {
  readonly userId: string
  readonly username: string
  readonly displayName: string
  /** The tenant the account belongs to; null for platform accounts (operator, analyst). */
  readonly homeTenantId: string | null
  /** The account's tenant is the oversight body (Đảng ủy Bộ Ngoại giao). */
  readonly homeIsOversight: boolean
  readonly platformRole: PlatformRole | null
  readonly sessionId: string
  /** Signed in by password alone, before enrolling the second factor the account's roles require. */
  readonly totpEnrolmentOnly: boolean
  readonly totpEnrolled: boolean
}

/** The actor behind a session token, if the token is genuine, alive, and its account is not disabled. */
export const actorForToken = (token: string, now: Date): Effect.Effect<Actor | undefined, DatabaseError, UnitOfWork> =>
  requestActor(token, now).pipe(Effect.map((presence) => (presence.kind === "signedIn" ? presence.actor : undefined)))

/** One grant as access sees it: the role, and the subtree it covers (null: the whole tenant). */
export interface GrantScope {
  readonly grantId: string
  readonly role: TenantRole
  readonly orgUnitId: string | null
  /** The org unit's materialised path, `/<committee>/<…>/`: a unit is inside when its path starts with it. */
  readonly orgPath: string | null
  /** For the member role: the member the account is. */
  readonly memberId: string | null
}

/** What an actor may do in one tenant, and where. */
export interface TenantAccess {
  readonly tenantId: string
  readonly grants: ReadonlyArray<GrantScope>
  readonly capabilities: ReadonlySet<Capability>
  /** Set when the access comes from an operator's open break-glass grant. */
  readonly breakGlass: { readonly id: string; readonly expiresAt: Date } | undefined
}

/** The actor's grants in the current tenant, with each scope's path. */
export const grantScopes = (userId: string): Effect.Effect<ReadonlyArray<GrantScope>, DatabaseError, TenantTx> =>
  tenantQuery((db) =>
    db
      .selectFrom("role_grant")
      .leftJoin("org_unit", (join) =>
        join
          .onRef("org_unit.tenant_id", "=", "role_grant.tenant_id")
          .onRef("org_unit.id", "=", "role_grant.org_unit_id"),
      )
      .select(["role_grant.id", "role_grant.role", "role_grant.org_unit_id", "role_grant.member_id", "org_unit.path"])
      .where("role_grant.user_id", "=", userId)
      .orderBy("role_grant.created_at")
      .execute(),
  ).pipe(
    Effect.map((rows) =>
      rows.map((row) => ({
        grantId: row.id,
        role: row.role,
        orgUnitId: row.org_unit_id,
        orgPath: row.path,
        memberId: row.member_id,
      })),
    ),
  )

/** What an account's own grants in a tenant allow there; none at all is no access. */
export const accessByGrants = (tenantId: string, grants: ReadonlyArray<GrantScope>): TenantAccess | undefined => {
  if (grants.length === 0) return undefined
  const capabilities = new Set(
    grants.flatMap((grant) =>
      grant.orgPath === null
        ? ROLE_CAPABILITIES[grant.role]
        : ROLE_CAPABILITIES[grant.role].filter((capability) => !TENANT_WIDE_CAPABILITIES.has(capability)),
    ),
  )
  return { tenantId, grants, capabilities, breakGlass: undefined }
}

/**
 * The actor's access to the current tenant: its grants when it is the actor's own tenant,
 * an open break-glass grant when the actor is an operator, nothing otherwise. Runs inside
 * the tenant's transaction, so row-level security has the last word.
 */
export const tenantAccess = (
  actor: Actor,
  now: Date,
): Effect.Effect<TenantAccess | undefined, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const tenantId = yield* tenantQuery(async (_db, id) => id)
    if (actor.homeTenantId === tenantId) {
      return accessByGrants(tenantId, yield* grantScopes(actor.userId))
    }
    if (actor.platformRole === "operator") {
      const open = yield* tenantQuery((db) =>
        db
          .selectFrom("break_glass_grant")
          .select(["id", "expires_at"])
          .where("operator_user_id", "=", actor.userId)
          .where("closed_at", "is", null)
          .where("expires_at", ">", now)
          .orderBy("expires_at", "desc")
          .executeTakeFirst(),
      )
      if (open === undefined) return undefined
      return {
        tenantId,
        grants: [],
        capabilities: new Set(BREAK_GLASS_CAPABILITIES),
        breakGlass: { id: open.id, expiresAt: open.expires_at },
      }
    }
    return undefined
  })

/**
 * Where a capability reaches within a tenant: everywhere, some subtrees of the organisation,
 * or only the member the account is. Queries filter by it; undefined means not at all.
 */
export type CapabilityScope =
  | { readonly kind: "tenant" }
  | { readonly kind: "subtrees"; readonly paths: ReadonlyArray<string> }
  | { readonly kind: "self"; readonly memberIds: ReadonlyArray<string> }

export const scopeOf = (access: TenantAccess, capability: Capability): CapabilityScope | undefined => {
  if (!access.capabilities.has(capability)) return undefined
  if (access.breakGlass !== undefined) return { kind: "tenant" }
  const holding = access.grants.filter((grant) => ROLE_CAPABILITIES[grant.role].includes(capability))
  if (holding.some((grant) => grant.role !== "member" && grant.orgPath === null)) return { kind: "tenant" }
  const paths = holding.flatMap((grant) => (grant.role !== "member" && grant.orgPath !== null ? [grant.orgPath] : []))
  if (paths.length > 0) return { kind: "subtrees", paths }
  return { kind: "self", memberIds: holding.flatMap((grant) => (grant.memberId === null ? [] : [grant.memberId])) }
}

/** The capabilities an actor holds outside any tenant path: from its platform role, or its home tenant's grants. */
export const homeCapabilities = (actor: Actor, homeGrants: ReadonlyArray<GrantScope>): ReadonlySet<Capability> =>
  new Set([
    ...(actor.platformRole === null ? [] : ROLE_CAPABILITIES[actor.platformRole]),
    ...homeGrants.flatMap((grant) => ROLE_CAPABILITIES[grant.role]),
  ])
