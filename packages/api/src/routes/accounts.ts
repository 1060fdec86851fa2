import {
  createAccount,
  findAccount,
  GrantNotFound,
  grantRole,
  issuePasswordReset,
  listAccounts,
  listGrants,
  revokeGrant,
  TENANT_ROLES,
  unlockAccount,
  updateAccount,
} from "@abroad/auth"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { RuleViolation } from "../errors/api-error.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Instant, TenantCode, Text, Uuid } from "./schemas.ts"

/** Quản trị tài khoản: a tenant administrator's accounts and grants, within the tenant only. */

const TenantRoleName = Schema.Literals(TENANT_ROLES).annotate({
  identifier: "TenantRole",
  description: "A role within a tenant (platform roles are never granted here)",
})

const Account = Schema.Struct({
  id: Uuid,
  username: Schema.String,
  displayName: Schema.String,
  totpEnrolled: Schema.Boolean,
  lockedUntil: Schema.NullOr(Instant),
  disabledAt: Schema.NullOr(Instant),
  createdAt: Instant,
}).annotate({ identifier: "Account" })

const Grant = Schema.Struct({
  id: Uuid,
  userId: Uuid,
  role: TenantRoleName,
  orgUnitId: Schema.NullOr(Uuid),
  memberId: Schema.NullOr(Uuid),
  grantedBy: Schema.NullOr(Uuid),
  createdAt: Instant,
}).annotate({ identifier: "Grant" })

const SELF_DISABLE = new RuleViolation({
  rule: "account.self_disable",
  message: {
    vi: "Quản trị viên không thể tự khóa tài khoản của mình; hãy nhờ một quản trị viên khác.",
    en: "An administrator cannot disable their own account; ask another administrator.",
  },
})

const SELF_DEMOTE = new RuleViolation({
  rule: "grant.self_demote",
  message: {
    vi: "Quản trị viên không thể tự thu hồi quyền quản trị của mình.",
    en: "An administrator cannot revoke their own administration grant.",
  },
})

const AccountPath = Schema.Struct({ tenantCode: TenantCode, userId: Uuid })
const GrantPath = Schema.Struct({ tenantCode: TenantCode, userId: Uuid, grantId: Uuid })

export const listAccountsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/users",
  operationId: "listAccounts",
  summary: "Tài khoản của đơn vị — the tenant's accounts",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    q: Schema.optionalKey(
      Schema.String.check(Schema.isMaxLength(100)).annotate({
        description: "A part of the username or the name, with or without diacritics",
      }),
    ),
  }),
  success: {
    status: 200,
    description: "The accounts, by username",
    schema: Schema.Struct({ accounts: Schema.Array(Account) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, listAccounts({ q: query.q })).pipe(Effect.map((accounts) => ({ accounts }))),
})

export const getAccountRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/users/{userId}",
  operationId: "getAccount",
  summary: "Một tài khoản và phân quyền — one account and its grants",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.read" },
  params: AccountPath,
  success: {
    status: 200,
    description: "The account",
    schema: Schema.Struct({ account: Account, grants: Schema.Array(Grant) }),
  },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, Effect.all({ account: findAccount(params.userId), grants: listGrants(params.userId) })),
})

export const updateAccountRoute = defineRoute({
  method: "patch",
  path: "/api/t/{tenantCode}/users/{userId}",
  operationId: "updateAccount",
  summary: "Đổi tên, khóa, mở tài khoản — rename, disable or enable an account",
  description: "Disabling signs the account out everywhere. Audited.",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.manage" },
  params: AccountPath,
  body: Schema.Struct({
    displayName: Schema.optionalKey(Text(200)),
    disabled: Schema.optionalKey(Schema.Boolean),
  }),
  success: { status: 200, description: "The account after the change", schema: Schema.Struct({ account: Account }) },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    params.userId === actorOf(context).userId && body.disabled === true
      ? Effect.fail(SELF_DISABLE)
      : inTenant(context, updateAccount(actorOf(context), params.userId, body, new Date(), context.ip)).pipe(
          Effect.map((account) => ({ account })),
        ),
})

export const grantRoleRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/users/{userId}/grants",
  operationId: "grantRole",
  summary: "Cấp vai trò — grant a role",
  description:
    "Grants a tenant role, for the whole tenant or an org unit's subtree (`orgUnitId`). The member role " +
    "needs `memberId`. The account's sessions end, so the change applies at its next sign-in. Audited.",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.manage" },
  params: AccountPath,
  body: Schema.Struct({
    role: TenantRoleName,
    orgUnitId: Schema.optionalKey(Uuid),
    memberId: Schema.optionalKey(Uuid),
  }),
  success: { status: 201, description: "The grant", schema: Schema.Struct({ grant: Grant }) },
  errors: [404, 409, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(context, grantRole(actorOf(context), { userId: params.userId, ...body }, context.ip)).pipe(
      Effect.map((grant) => ({ grant })),
    ),
})

export const revokeGrantRoute = defineRoute({
  method: "delete",
  path: "/api/t/{tenantCode}/users/{userId}/grants/{grantId}",
  operationId: "revokeGrant",
  summary: "Thu hồi vai trò — revoke a grant",
  description: "The account's sessions end. Audited.",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.manage" },
  params: GrantPath,
  success: { status: 200, description: "Revoked", schema: Schema.Struct({ revoked: Schema.Literal(true) }) },
  errors: [404, 422, 503],
  handler: ({ params, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        // The grant must be the named account's: a grant id alone does not reach another account's.
        const grants = yield* listGrants(params.userId)
        const grant = grants.find((candidate) => candidate.id === params.grantId)
        if (grant === undefined) return yield* GrantNotFound.instance()
        // An administrator cannot take away their own administration: the tenant would risk
        // having none left, and nobody outside it may appoint one.
        if (grant.role === "admin" && params.userId === actorOf(context).userId) return yield* SELF_DEMOTE
        yield* revokeGrant(actorOf(context), params.grantId, context.ip)
        return { revoked: true as const }
      }),
    ),
})

const ResetToken = Schema.Struct({
  token: Schema.String.annotate({ description: "Hand it to the account's holder in person; shown once" }),
  expiresAt: Instant,
}).annotate({ identifier: "PasswordResetToken" })

/** Audits an administrator's action on an account in the tenant's log. */
const auditAccountAction = (
  context: RequestContext,
  action: string,
  userId: string,
  details: Record<string, unknown>,
) =>
  inTenant(
    context,
    auditByActor(context, {
      action,
      entityType: "app_user",
      entityId: userId,
      details,
    }),
  )

export const createAccountRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/users",
  operationId: "createAccount",
  summary: "Tạo tài khoản — create an account",
  description:
    "The username is `<localName>@<tenantCode>`. The account has no password yet: the answer carries a " +
    "one-time reset token (24 hours) to hand over in person, with which the holder sets one. Grant roles next.",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.manage" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: Schema.Struct({
    localName: Schema.String.check(Schema.isPattern(/^[a-z0-9._-]{2,60}$/)).annotate({
      description: "Lower-case letters, digits, dot, dash, underscore: `nguyenvana`",
    }),
    displayName: Text(200),
  }),
  success: {
    status: 201,
    description: "The account, and the token to set its password",
    schema: Schema.Struct({ account: Account, passwordReset: ResetToken }),
  },
  errors: [404, 409, 503],
  handler: ({ body, context }) =>
    Effect.gen(function* () {
      const tenant = tenantOf(context)
      const created = yield* createAccount({
        tenantId: tenant.id,
        username: `${body.localName}@${tenant.code}`,
        displayName: body.displayName,
      })
      const reset = yield* issuePasswordReset(created.id, actorOf(context).userId, new Date())
      yield* auditAccountAction(context, "account.created", created.id, { username: created.username })
      const account = yield* inTenant(context, findAccount(created.id))
      return { account, passwordReset: { token: reset.token, expiresAt: reset.expiresAt } }
    }),
})

export const issuePasswordResetRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/users/{userId}/password-reset",
  operationId: "issuePasswordReset",
  summary: "Cấp mã đặt lại mật khẩu — issue a password reset token",
  description: "One-time, valid 24 hours; earlier unused tokens of the account stop working. Audited.",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.manage" },
  params: AccountPath,
  body: Schema.Struct({}),
  success: { status: 201, description: "The token", schema: Schema.Struct({ passwordReset: ResetToken }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    Effect.gen(function* () {
      const account = yield* inTenant(context, findAccount(params.userId))
      const reset = yield* issuePasswordReset(account.id, actorOf(context).userId, new Date())
      yield* auditAccountAction(context, "auth.password.reset_issued", account.id, { username: account.username })
      return { passwordReset: { token: reset.token, expiresAt: reset.expiresAt } }
    }),
})

export const unlockAccountRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/users/{userId}/unlock",
  operationId: "unlockAccount",
  summary: "Mở khóa tài khoản — unlock an account locked by failed sign-ins",
  tags: ["accounts"],
  access: { kind: "tenant", capability: "user.manage" },
  params: AccountPath,
  body: Schema.Struct({}),
  success: { status: 200, description: "Unlocked", schema: Schema.Struct({ account: Account }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    Effect.gen(function* () {
      const account = yield* inTenant(context, findAccount(params.userId))
      yield* unlockAccount(account.id)
      yield* auditAccountAction(context, "auth.account.unlocked", account.id, { username: account.username })
      return { account: yield* inTenant(context, findAccount(account.id)) }
    }),
})

export const accountRoutes = [
  listAccountsRoute,
  createAccountRoute,
  issuePasswordResetRoute,
  unlockAccountRoute,
  getAccountRoute,
  updateAccountRoute,
  grantRoleRoute,
  revokeGrantRoute,
]
