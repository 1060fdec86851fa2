import { type Actor, accessByGrants, homeCapabilities, recordAudit, requestActor, tenantAccess } from "@abroad/auth"
import { TenantNotFound } from "@abroad/core"
import { Database, type DatabaseError, type UnitOfWork } from "@abroad/db"
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
 * The unit of work a route's handler opens first, as far as its access tells: the request's
 * session is read there and handed over to it (database.ts, `forRequest`), so the request costs
 * one transaction. Should the handler open another kind first, the session's unit commits
 * before it: a wrong guess costs a transaction, never correctness.
 */
const sessionUnit = (
  database: Database["Service"],
  access: RouteAccess,
  tenant: TenantKey | undefined,
): (<A, E>(program: Effect.Effect<A, E, UnitOfWork>) => Effect.Effect<A, E | DatabaseError>) => {
  const handOver = { handOver: true }
  if (tenant !== undefined) return (program) => database.withTenant(tenant.id, program, handOver)
  if (access.kind === "home" && access.capability.startsWith("oversight.")) {
    return (program) => database.withOversight(program, handOver)
  }
  if (access.kind === "home" && access.capability === "statistics.national") {
    return (program) => database.withAnalyst(program, handOver)
  }
  return (program) => database.withGlobal(program, handOver)
}

/**
 * The one place where access is decided, before any handler runs: the Origin check for
 * cookie-borne writes, the session, the second factor, and the route's capability in its
 * tenant (own grants, or an operator's open break-glass grant — each such request is written
 * to that tenant's audit log). The session, its account and the account's grants are read in
 * one statement, inside the unit of work the handler will continue.
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
    const tenant =
      access.kind === "tenant"
        ? yield* input.tenants
            .find(input.tenantCode ?? "")
            .pipe(Effect.catchIf(isTenantNotFound, () => Effect.succeed(undefined)))
        : undefined
    const presence = yield* sessionUnit(database, access, tenant)(requestActor(presented.token, input.now))
    // An unknown tenant is said only to a good session: a bad one is refused (401) first.
    if (presence.kind === "refused") return yield* NO_SESSION
    const { actor, homeGrants } = presence
    if (actor.totpEnrolmentOnly && !(access.kind === "session" && access.enrolment === true)) return yield* ENROL_FIRST
    if (access.kind === "session") return { actor, tenant: undefined }

    if (access.kind === "home") {
      if (!homeCapabilities(actor, homeGrants).has(access.capability)) return yield* notAllowed
      return { actor, tenant: undefined }
    }

    if (tenant === undefined) return yield* TENANT_NOT_FOUND
    if (actor.homeTenantId === tenant.id) {
      const granted = accessByGrants(tenant.id, homeGrants)
      if (granted === undefined || !granted.capabilities.has(access.capability)) return yield* notAllowed
      return { actor, tenant: { id: tenant.id, code: tenant.code, access: granted } }
    }
    // Another tenant's account, or an operator: only an open break-glass grant lets it in. This
    // unit continues the session's and commits at its end, so the audit entry stands whatever
    // the handler then does.
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
