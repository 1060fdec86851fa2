import {
  type Actor,
  actorForToken,
  actorInTenant,
  type Capability,
  grantScopes,
  homeCapabilities,
  recordAudit,
  tenantAccess,
} from "@abroad/auth"
import { TenantNotFound } from "@abroad/core"
import { Database, type DatabaseError } from "@abroad/db"
import { Effect } from "effect"
import { NotAllowed, NotAuthenticated, NotFound } from "../errors/api-error.ts"
import type { RouteAccess, TenantContext } from "../routes/route.ts"
import { isSameOrigin } from "./origin.ts"
import { presentedToken } from "./session-cookie.ts"
import type { TenantCodes, TenantKey } from "./tenant-codes.ts"

export interface Authorized {
  readonly actor: Actor | undefined
  readonly tenant: TenantContext | undefined
}

const CROSS_ORIGIN = new NotAllowed({
  message: {
    vi: "Yêu cầu đến từ trang khác đã bị từ chối.",
    en: "A request from another site was refused (cross-site request forgery protection).",
  },
})

const NO_SESSION = new NotAuthenticated({
  message: {
    vi: "Bạn chưa đăng nhập hoặc phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.",
    en: "You are not signed in, or your session has expired. Please sign in again.",
  },
})

const ENROL_FIRST = new NotAllowed({
  message: {
    vi: "Vai trò của bạn bắt buộc xác thực hai lớp: hãy đăng ký mã TOTP trước (POST /api/auth/totp/enrolment).",
    en: "Your role requires a second factor: enrol a TOTP authenticator first (POST /api/auth/totp/enrolment).",
  },
})

const notAllowed = new NotAllowed({
  message: {
    vi: "Bạn không có quyền thực hiện việc này.",
    en: "You are not allowed to do this.",
  },
})

const TENANT_NOT_FOUND = new NotFound({ message: { vi: "Không có đơn vị này.", en: "There is no such tenant." } })

/**
 * The one place where access is decided, before any handler runs: the Origin check for
 * cookie-borne writes, the session, the second factor, and the route's capability in its
 * tenant (own grants, or an operator's open break-glass grant — each such request is written
 * to that tenant's audit log).
 */
export const authorize = (input: {
  readonly access: RouteAccess
  readonly request: Request
  readonly tenantCode: string | undefined
  readonly route: string
  readonly ip: string
  readonly publicOrigin: string | undefined
  readonly now: Date
  readonly tenants: TenantCodes
}): Effect.Effect<Authorized, NotAuthenticated | NotAllowed | NotFound | DatabaseError, Database> =>
  Effect.gen(function* () {
    const presented = presentedToken(input.request)
    if (!isSameOrigin(input.request, input.publicOrigin, presented?.viaCookie ?? false)) return yield* CROSS_ORIGIN
    const { access } = input
    if (access.kind === "public") return { actor: undefined, tenant: undefined }
    if (presented === undefined) return yield* NO_SESSION
    const database = yield* Database
    if (access.kind === "tenant") {
      const known = yield* input.tenants
        .find(input.tenantCode ?? "")
        .pipe(Effect.catchIf(isTenantNotFound, () => Effect.succeed(undefined)))
      // An unknown tenant goes the long way, which refuses a bad session (401) before it says 404.
      const here =
        known === undefined ? undefined : yield* inOwnTenant(known, presented.token, access.capability, input.now)
      if (here !== undefined) return here
    }
    const actor = yield* database.withGlobal(actorForToken(presented.token, input.now))
    if (actor === undefined) return yield* NO_SESSION
    if (actor.totpEnrolmentOnly && !(access.kind === "session" && access.enrolment === true)) return yield* ENROL_FIRST
    if (access.kind === "session") return { actor, tenant: undefined }

    if (access.kind === "home") {
      const grants =
        actor.homeTenantId === null ? [] : yield* database.withTenant(actor.homeTenantId, grantScopes(actor.userId))
      if (!homeCapabilities(actor, grants).has(access.capability)) return yield* notAllowed
      return { actor, tenant: undefined }
    }

    const tenant = yield* input.tenants
      .find(input.tenantCode ?? "")
      .pipe(Effect.catchIf(isTenantNotFound, () => Effect.fail(TENANT_NOT_FOUND)))
    const granted = yield* database.withTenant(
      tenant.id,
      Effect.gen(function* () {
        const found = yield* tenantAccess(actor, input.now)
        if (found?.breakGlass !== undefined && found.capabilities.has(access.capability)) {
          // The tenant's administrators see every request an operator makes under break-glass.
          yield* recordAudit({
            actorUserId: actor.userId,
            actor: actor.username,
            action: "break_glass.access",
            entityType: "break_glass_grant",
            entityId: found.breakGlass.id,
            details: { method: input.request.method, route: input.route },
            ip: input.ip,
          })
        }
        return found
      }),
    )
    if (granted === undefined || !granted.capabilities.has(access.capability)) return yield* notAllowed
    return { actor, tenant: { id: tenant.id, code: tenant.code, access: granted } }
  })

const isTenantNotFound = (error: unknown): error is TenantNotFound => error instanceof TenantNotFound

/**
 * The hot path of a tenant route: the session, its account and the account's grants read in the
 * tenant's own unit of work, in one statement. Answers undefined when the session is not one of
 * this tenant's accounts (an operator's, another tenant's): the general path, which reads the
 * session with no tenant, decides those — break-glass included.
 */
const inOwnTenant = (
  tenant: TenantKey,
  token: string,
  capability: Capability,
  now: Date,
): Effect.Effect<Authorized | undefined, NotAuthenticated | NotAllowed | DatabaseError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const presence = yield* database.withTenant(tenant.id, actorInTenant(token, now))
    if (presence.kind === "elsewhere") return undefined
    if (presence.kind === "refused") return yield* NO_SESSION
    const { actor, access } = presence
    if (actor.totpEnrolmentOnly) return yield* ENROL_FIRST
    if (access === undefined || !access.capabilities.has(capability)) return yield* notAllowed
    return { actor, tenant: { id: tenant.id, code: tenant.code, access } }
  })
