import {
  grantScopes,
  homeCapabilities,
  invalidateSession,
  invalidateUserSessions,
  recordAudit,
  recordPlatformAudit,
} from "@abroad/auth"
import { findTenantById } from "@abroad/core"
import { Database } from "@abroad/db"
import { Effect, Schema } from "effect"
import { actorOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Uuid } from "./schemas.ts"

/** Phiên đăng nhập: who am I, and signing out. Signing in is in sign-in.ts. */

const Me = Schema.Struct({
  id: Uuid,
  username: Schema.String,
  displayName: Schema.String,
  platformRole: Schema.NullOr(Schema.Literals(["operator", "analyst"])),
  homeTenant: Schema.NullOr(Schema.Struct({ code: Schema.String, name: Schema.String })),
  grants: Schema.Array(
    Schema.Struct({ role: Schema.String, orgUnitId: Schema.NullOr(Uuid), memberId: Schema.NullOr(Uuid) }),
  ),
  capabilities: Schema.Array(Schema.String).annotate({
    description: "What the account may do: from its platform role and its grants in its own tenant",
  }),
  totpEnrolled: Schema.Boolean,
  totpEnrolmentRequired: Schema.Boolean.annotate({
    description: "True while the session may only enrol the second factor the account's roles require",
  }),
}).annotate({ identifier: "Me" })

export const meRoute = defineRoute({
  method: "get",
  path: "/api/auth/me",
  operationId: "me",
  summary: "Tài khoản đang đăng nhập — the signed-in account",
  tags: ["auth"],
  access: { kind: "session", enrolment: true },
  success: { status: 200, description: "The account", schema: Schema.Struct({ user: Me }) },
  errors: [503],
  handler: ({ context }) =>
    Database.use((database) =>
      Effect.gen(function* () {
        const actor = actorOf(context)
        const home = actor.homeTenantId
        const grants = home === null ? [] : yield* database.withTenant(home, grantScopes(actor.userId))
        const tenant = home === null ? undefined : yield* database.withGlobal(findTenantById(home))
        return {
          user: {
            id: actor.userId,
            username: actor.username,
            displayName: actor.displayName,
            platformRole: actor.platformRole,
            homeTenant: tenant === undefined ? null : { code: tenant.code, name: tenant.name },
            grants: grants.map((grant) => ({ role: grant.role, orgUnitId: grant.orgUnitId, memberId: grant.memberId })),
            capabilities: [...homeCapabilities(actor, grants)].sort(),
            totpEnrolled: actor.totpEnrolled,
            totpEnrolmentRequired: actor.totpEnrolmentOnly,
          },
        }
      }),
    ),
})

/** Signing out is written to the account's own chain: its tenant's, or the platform's. */
const auditSignOut = (context: RequestContext, action: string, details: Record<string, unknown> = {}) =>
  Database.use((database) => {
    const actor = actorOf(context)
    const entry = {
      actorUserId: actor.userId,
      actor: actor.username,
      action,
      entityType: "app_user",
      entityId: actor.userId,
      details,
      ip: context.ip,
    }
    return actor.homeTenantId === null
      ? database.withGlobal(recordPlatformAudit(entry))
      : database.withTenant(actor.homeTenantId, recordAudit(entry))
  })

export const logoutRoute = defineRoute({
  method: "post",
  path: "/api/auth/logout",
  operationId: "logout",
  summary: "Đăng xuất — sign out",
  tags: ["auth"],
  access: { kind: "session", enrolment: true },
  success: { status: 200, description: "Signed out", schema: Schema.Struct({ signedOut: Schema.Literal(true) }) },
  errors: [503],
  handler: ({ context }) =>
    Database.use((database) => database.withGlobal(invalidateSession(actorOf(context).sessionId))).pipe(
      Effect.tap(() => auditSignOut(context, "auth.logout")),
      Effect.tap(() => Effect.sync(() => context.setSession(undefined))),
      Effect.as({ signedOut: true as const }),
    ),
})

export const logoutEverywhereRoute = defineRoute({
  method: "post",
  path: "/api/auth/logout-everywhere",
  operationId: "logoutEverywhere",
  summary: "Đăng xuất khỏi mọi nơi — sign out on every device",
  description: "Ends every session of the account, this one included.",
  tags: ["auth"],
  access: { kind: "session", enrolment: true },
  success: {
    status: 200,
    description: "How many sessions ended",
    schema: Schema.Struct({ sessionsEnded: Schema.Number }),
  },
  errors: [503],
  handler: ({ context }) =>
    Database.use((database) => database.withGlobal(invalidateUserSessions(actorOf(context).userId))).pipe(
      Effect.tap((ended) => auditSignOut(context, "auth.logout_everywhere", { sessionsEnded: ended })),
      Effect.tap(() => Effect.sync(() => context.setSession(undefined))),
      Effect.map((sessionsEnded) => ({ sessionsEnded })),
    ),
})
