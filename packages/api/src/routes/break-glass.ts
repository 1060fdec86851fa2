import { BREAK_GLASS_MAX_MINUTES, closeBreakGlass, listBreakGlass, openBreakGlass } from "@abroad/auth"
import { findTenantByCode } from "@abroad/core"
import { Database } from "@abroad/db"
import { Effect, Schema } from "effect"
import { actorOf, inTenant } from "../auth/context.ts"
import { defineRoute } from "./route.ts"
import { Instant, TenantCode, Uuid } from "./schemas.ts"

/** Mở khẩn cấp: an operator's time-limited access to one tenant's personal data. */

const BreakGlassGrant = Schema.Struct({
  id: Uuid,
  operatorUserId: Uuid,
  operator: Schema.String,
  reason: Schema.String,
  openedAt: Instant,
  expiresAt: Instant,
  closedAt: Schema.NullOr(Instant),
}).annotate({ identifier: "BreakGlassGrant" })

const inNamedTenant = <A, E, R>(code: string, program: Effect.Effect<A, E, R>) =>
  Database.use((database) =>
    database
      .withGlobal(findTenantByCode(code))
      .pipe(Effect.flatMap((tenant) => database.withTenant(tenant.id, program))),
  )

export const openBreakGlassRoute = defineRoute({
  method: "post",
  path: "/api/platform/break-glass",
  operationId: "openBreakGlass",
  summary: "Mở truy cập khẩn cấp — open a break-glass grant",
  description:
    `Gives the operator read access to one tenant's personal data for at most ${BREAK_GLASS_MAX_MINUTES} minutes. ` +
    "The reason (at least 10 characters) and every request made under it go to that tenant's audit log.",
  tags: ["platform"],
  access: { kind: "home", capability: "platform.break_glass" },
  body: Schema.Struct({
    tenantCode: TenantCode,
    reason: Schema.String.check(Schema.isMinLength(10), Schema.isMaxLength(1000)).annotate({
      description: "Why: a ticket, an incident; at least 10 characters",
    }),
    minutes: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: BREAK_GLASS_MAX_MINUTES })),
  }),
  success: { status: 201, description: "The open grant", schema: Schema.Struct({ grant: BreakGlassGrant }) },
  errors: [404, 503],
  handler: ({ body, context }) =>
    inNamedTenant(
      body.tenantCode,
      openBreakGlass({
        operator: actorOf(context),
        reason: body.reason,
        minutes: body.minutes,
        now: new Date(),
        ip: context.ip,
      }),
    ).pipe(Effect.map((grant) => ({ grant }))),
})

export const closeBreakGlassRoute = defineRoute({
  method: "post",
  path: "/api/platform/break-glass/close",
  operationId: "closeBreakGlass",
  summary: "Đóng truy cập khẩn cấp — close one's break-glass grants in a tenant",
  tags: ["platform"],
  access: { kind: "home", capability: "platform.break_glass" },
  body: Schema.Struct({ tenantCode: TenantCode }),
  success: { status: 200, description: "How many were closed", schema: Schema.Struct({ closed: Schema.Number }) },
  errors: [404, 503],
  handler: ({ body, context }) =>
    inNamedTenant(
      body.tenantCode,
      closeBreakGlass({ operator: actorOf(context), now: new Date(), ip: context.ip }),
    ).pipe(Effect.map((closed) => ({ closed }))),
})

export const listBreakGlassRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/break-glass",
  operationId: "listBreakGlass",
  summary: "Các lần truy cập khẩn cấp vào đơn vị — break-glass grants on this tenant",
  tags: ["audit"],
  access: { kind: "tenant", capability: "audit.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  success: {
    status: 200,
    description: "Newest first",
    schema: Schema.Struct({ grants: Schema.Array(BreakGlassGrant) }),
  },
  errors: [404, 503],
  handler: ({ context }) => inTenant(context, listBreakGlass()).pipe(Effect.map((grants) => ({ grants }))),
})

export const breakGlassRoutes = [openBreakGlassRoute, closeBreakGlassRoute, listBreakGlassRoute]
