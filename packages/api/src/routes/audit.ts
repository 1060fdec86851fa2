import { listAuditEvents } from "@abroad/auth"
import { Effect, Schema } from "effect"
import { inTenant } from "../auth/context.ts"
import { defineRoute } from "./route.ts"
import { Instant, PageLimit, TenantCode } from "./schemas.ts"

const AuditEntry = Schema.Struct({
  seq: Schema.Number,
  occurredAt: Instant,
  actorUserId: Schema.NullOr(Schema.String),
  actor: Schema.String,
  action: Schema.String,
  entityType: Schema.NullOr(Schema.String),
  entityId: Schema.NullOr(Schema.String),
  details: Schema.Unknown,
  ip: Schema.NullOr(Schema.String),
  hash: Schema.String,
}).annotate({ identifier: "AuditEntry" })

/** Nhật ký: the tenant's audit log, newest first, for its administrators. */
export const listAuditRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/audit",
  operationId: "listAuditEvents",
  summary: "Nhật ký hoạt động của đơn vị — the tenant's audit log",
  description:
    "Newest first. `action` ending in a dot is a prefix (`auth.`). `from` and `to` bound the time " +
    "(`to` exclusive); `before` is the `next` cursor of the previous page.",
  tags: ["audit"],
  access: { kind: "tenant", capability: "audit.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    actor: Schema.optionalKey(Schema.String.annotate({ description: "The actor's username" })),
    action: Schema.optionalKey(Schema.String.annotate({ description: "An action, or a prefix ending in '.'" })),
    entityType: Schema.optionalKey(Schema.String),
    entityId: Schema.optionalKey(Schema.String),
    from: Schema.optionalKey(Instant),
    to: Schema.optionalKey(Instant),
    before: Schema.optionalKey(Schema.NumberFromString.check(Schema.isInt())),
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page of entries, and the cursor of the next",
    schema: Schema.Struct({ entries: Schema.Array(AuditEntry), next: Schema.NullOr(Schema.Number) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, listAuditEvents({ ...query, limit: query.limit ?? 50 })).pipe(
      Effect.map((page) => ({ entries: page.entries, next: page.next ?? null })),
    ),
})
