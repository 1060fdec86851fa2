import { type DatabaseError, type TenantRole, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { recordAudit } from "../audit/record.ts"
import { type Actor, grantScopes } from "./access.ts"
import { AccountNotFound, GrantExists, GrantNotFound, GrantRefused } from "./errors.ts"

export interface GrantRequest {
  readonly userId: string
  readonly role: TenantRole
  /** The org unit whose subtree the grant covers; absent for the whole tenant. */
  readonly orgUnitId?: string
  /** For the member role: the party member the account is. */
  readonly memberId?: string
}

export interface Grant {
  readonly id: string
  readonly userId: string
  readonly role: TenantRole
  readonly orgUnitId: string | null
  readonly memberId: string | null
  readonly grantedBy: string | null
  readonly createdAt: Date
}

const refused = (rule: string, vi: string, en: string) => new GrantRefused({ rule, message: { vi, en } })

/** The account, if it belongs to the current tenant; what is another tenant's is not found. */
const ownAccount = (userId: string) =>
  tenantQuery((db, tenantId) =>
    db
      .selectFrom("app_user")
      .select(["id", "username"])
      .where("id", "=", userId)
      .where("home_tenant_id", "=", tenantId)
      .executeTakeFirst(),
  ).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(AccountNotFound.instance()) : Effect.succeed(row))))

/** Signs the account out everywhere: a change of grants takes effect at its next sign-in. */
const rotateSessions = (userId: string) =>
  tenantQuery((db) => db.deleteFrom("user_session").where("user_id", "=", userId).execute())

/** Fails with `error` unless the current tenant has the row (another tenant's is invisible under RLS). */
const mustExist = (table: "org_unit" | "member", id: string, error: () => GrantRefused) =>
  tenantQuery((db) => db.selectFrom(table).select("id").where("id", "=", id).executeTakeFirst()).pipe(
    Effect.flatMap((row) => (row === undefined ? Effect.fail(error()) : Effect.void)),
  )

/** A cell secretary heads a cell: the unit of the grant must be one. */
const mustBeCell = (unitId: string) =>
  tenantQuery((db) => db.selectFrom("org_unit").select("kind").where("id", "=", unitId).executeTakeFirst()).pipe(
    Effect.flatMap((row) =>
      row === undefined || row.kind === "cell"
        ? Effect.void
        : Effect.fail(
            refused(
              "grant.cell_secretary_needs_cell",
              "Bí thư chi bộ được gắn với một chi bộ, không phải đảng bộ.",
              "A cell secretary's grant names a cell, not a committee.",
            ),
          ),
    ),
  )

/**
 * Grants a role in the current tenant to one of its own accounts. Only tenant roles exist
 * here, so no platform role can be granted; the oversight role only in the oversight
 * tenant; the org unit and the member must be this tenant's.
 */
export const grantRole = (
  granter: Actor,
  request: GrantRequest,
  ip?: string,
): Effect.Effect<Grant, DatabaseError | AccountNotFound | GrantRefused | GrantExists, TenantTx> =>
  Effect.gen(function* () {
    const account = yield* ownAccount(request.userId)
    const tenant = yield* tenantQuery((db, tenantId) =>
      db.selectFrom("tenant").select(["is_oversight"]).where("id", "=", tenantId).executeTakeFirstOrThrow(),
    )
    if (request.role === "oversight" && !tenant.is_oversight) {
      return yield* refused(
        "grant.oversight_tenant_only",
        "Vai trò giám sát chỉ được cấp trong Đảng ủy Bộ Ngoại giao.",
        "The oversight role is granted only in the Foreign Ministry's party committee.",
      )
    }
    if (request.role === "member" && request.memberId === undefined) {
      return yield* refused(
        "grant.member_needs_member",
        "Vai trò đảng viên phải gắn với hồ sơ đảng viên (memberId).",
        "The member role needs the party member the account is (memberId).",
      )
    }
    if (request.role !== "member" && request.memberId !== undefined) {
      return yield* refused(
        "grant.member_only_for_member_role",
        "Chỉ vai trò đảng viên mới gắn với hồ sơ đảng viên.",
        "Only the member role is tied to a party member's record.",
      )
    }
    if (request.role === "cell_secretary" && request.orgUnitId === undefined) {
      return yield* refused(
        "grant.cell_secretary_needs_cell",
        "Bí thư chi bộ phải gắn với chi bộ của mình (orgUnitId).",
        "A cell secretary's grant names the cell (orgUnitId).",
      )
    }
    if (request.role === "cell_secretary" && request.orgUnitId !== undefined) yield* mustBeCell(request.orgUnitId)
    if (request.orgUnitId !== undefined) {
      yield* mustExist("org_unit", request.orgUnitId, () =>
        refused(
          "grant.org_unit_unknown",
          "Không có tổ chức này trong đơn vị.",
          "There is no such org unit in this tenant.",
        ),
      )
    }
    if (request.memberId !== undefined) {
      yield* mustExist("member", request.memberId, () =>
        refused(
          "grant.member_unknown",
          "Không có đảng viên này trong đơn vị.",
          "There is no such member in this tenant.",
        ),
      )
    }
    yield* withinGranterReach(granter, request.orgUnitId)
    const existing = yield* tenantQuery((db) => {
      let query = db
        .selectFrom("role_grant")
        .select("id")
        .where("user_id", "=", request.userId)
        .where("role", "=", request.role)
      query =
        request.orgUnitId === undefined
          ? query.where("org_unit_id", "is", null)
          : query.where("org_unit_id", "=", request.orgUnitId)
      return query.executeTakeFirst()
    })
    if (existing !== undefined) return yield* GrantExists.instance()
    const row = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("role_grant")
        .values({
          tenant_id: tenantId,
          user_id: request.userId,
          role: request.role,
          org_unit_id: request.orgUnitId ?? null,
          member_id: request.memberId ?? null,
          granted_by: granter.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    )
    yield* rotateSessions(request.userId)
    yield* recordAudit({
      actorUserId: granter.userId,
      actor: granter.username,
      action: "grant.created",
      entityType: "role_grant",
      entityId: row.id,
      details: { user: account.username, role: row.role, orgUnitId: row.org_unit_id, memberId: row.member_id },
      ...(ip === undefined ? {} : { ip }),
    })
    return toGrant(row)
  })

/**
 * An administrator scoped to a subtree (as one narrowed by a tenant merge is) grants only within
 * it: a grant over the whole tenant, or over a unit outside the subtree, would hand out more reach
 * than the granter has — and a narrowed administrator could grant it to themselves.
 */
const withinGranterReach = (
  granter: Actor,
  orgUnitId: string | undefined,
): Effect.Effect<void, DatabaseError | GrantRefused, TenantTx> =>
  Effect.gen(function* () {
    const scopes = (yield* grantScopes(granter.userId)).filter((scope) => scope.role === "admin")
    // No admin grant here: break-glass is read-only, so only an administrator reaches this point.
    if (scopes.length === 0 || scopes.some((scope) => scope.orgUnitId === null)) return
    const target =
      orgUnitId === undefined
        ? undefined
        : yield* tenantQuery((db) =>
            db.selectFrom("org_unit").select("path").where("id", "=", orgUnitId).executeTakeFirst(),
          )
    const inside =
      target !== undefined && scopes.some((scope) => scope.orgPath !== null && target.path.startsWith(scope.orgPath))
    if (!inside) {
      return yield* refused(
        "grant.beyond_granter_scope",
        "Quản trị viên chỉ được cấp vai trò trong phạm vi tổ chức của mình (orgUnitId thuộc phạm vi đó).",
        "An administrator grants roles only within their own org units (an orgUnitId inside their scope).",
      )
    }
  })

/** Withdraws a grant of the current tenant and signs its holder out everywhere. */
export const revokeGrant = (
  granter: Actor,
  grantId: string,
  ip?: string,
): Effect.Effect<void, DatabaseError | GrantNotFound, TenantTx> =>
  Effect.gen(function* () {
    const row = yield* tenantQuery((db) =>
      db.deleteFrom("role_grant").where("id", "=", grantId).returningAll().executeTakeFirst(),
    )
    if (row === undefined) return yield* GrantNotFound.instance()
    yield* rotateSessions(row.user_id)
    yield* recordAudit({
      actorUserId: granter.userId,
      actor: granter.username,
      action: "grant.revoked",
      entityType: "role_grant",
      entityId: row.id,
      details: { userId: row.user_id, role: row.role, orgUnitId: row.org_unit_id, memberId: row.member_id },
      ...(ip === undefined ? {} : { ip }),
    })
  })

/** Every grant of the current tenant, or one account's. */
export const listGrants = (userId?: string): Effect.Effect<ReadonlyArray<Grant>, DatabaseError, TenantTx> =>
  tenantQuery((db) => {
    let query = db.selectFrom("role_grant").selectAll().orderBy("created_at").orderBy("id")
    if (userId !== undefined) query = query.where("user_id", "=", userId)
    return query.execute()
  }).pipe(Effect.map((rows) => rows.map(toGrant)))

const toGrant = (row: {
  id: string
  user_id: string
  role: TenantRole
  org_unit_id: string | null
  member_id: string | null
  granted_by: string | null
  created_at: Date
}): Grant => ({
  id: row.id,
  userId: row.user_id,
  role: row.role,
  orgUnitId: row.org_unit_id,
  memberId: row.member_id,
  grantedBy: row.granted_by,
  createdAt: row.created_at,
})
