import {
  DELIVERY_CURSOR,
  DELIVERY_FILTERS,
  type DeliveryView,
  listDeliveries,
  listJobRuns,
  retryDelivery,
  retryParkedDeliveries,
} from "@abroad/core"
import { Clock, Effect, Schema } from "effect"
import { auditByActor, inTenant } from "../auth/context.ts"
import { defineRoute } from "./route.ts"
import { Instant, PageLimit, TenantCode, Uuid } from "./schemas.ts"

/**
 * Sự kiện gửi cho plugin: the tenant administrator's view of the events handed to the tenant's
 * plugins and of their scheduled jobs — what failed, why, when it is tried next — and the retry
 * button for what was parked.
 */

const PluginId = Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)).annotate({
  description: "A plugin's id (kebab-case): `notify`, `immigration-sync`",
})

const Failure = Schema.Struct({
  kind: Schema.String.annotate({
    description:
      "`throw` (the handler threw), `timeout` (over its time budget), `crash` (its worker died), `capability` " +
      "(it used what it did not declare), `invalid`, `not_enabled` (the plugin is off: nothing ran), `defect`",
  }),
  hook: Schema.String.annotate({ description: "`event:trip.approved`, `job:nightly-import`" }),
  message: Schema.Struct({ vi: Schema.String, en: Schema.String }),
}).annotate({ identifier: "PluginFailure" })

const Delivery = Schema.Struct({
  id: Uuid,
  pluginId: Schema.String,
  eventId: Uuid,
  eventType: Schema.String,
  entityType: Schema.String,
  entityId: Uuid,
  occurredAt: Instant,
  status: Schema.Literals(["pending", "delivered", "parked"]),
  inFlight: Schema.Boolean.annotate({ description: "A worker is handing it to the plugin now" }),
  attempts: Schema.Number,
  nextAttemptAt: Schema.NullOr(Instant).annotate({
    description: "When a pending delivery is tried next; while in flight, when the worker's claim lapses",
  }),
  lastAttemptAt: Schema.NullOr(Instant),
  lastError: Schema.NullOr(Failure),
  deliveredAt: Schema.NullOr(Instant),
  parkedAt: Schema.NullOr(Instant),
}).annotate({ identifier: "PluginDelivery" })

const DeliveryAnswer = Schema.Struct({ delivery: Delivery })

const JobRun = Schema.Struct({
  pluginId: Schema.String,
  jobId: Schema.String,
  schedule: Schema.String.annotate({ description: "`every 15 min`, or `daily 02:00` in Vietnam time" }),
  dueAt: Instant.annotate({ description: "When it runs next" }),
  running: Schema.Boolean,
  runs: Schema.Number,
  consecutiveFailures: Schema.Number,
  lastStartedAt: Schema.NullOr(Instant),
  lastFinishedAt: Schema.NullOr(Instant),
  lastStatus: Schema.NullOr(Schema.Literals(["succeeded", "failed"])),
  lastError: Schema.NullOr(Failure),
}).annotate({ identifier: "PluginJobRun" })

const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

const auditRetry = (context: Parameters<typeof auditByActor>[0], delivery: DeliveryView) =>
  auditByActor(context, {
    action: "plugin.delivery.retried",
    entityType: "plugin_delivery",
    entityId: delivery.id,
    details: { pluginId: delivery.pluginId, eventId: delivery.eventId, eventType: delivery.eventType },
  })

export const listPluginDeliveriesRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/plugins/deliveries",
  operationId: "listPluginDeliveries",
  summary: "Sự kiện gửi cho plugin — events handed to the tenant's plugins",
  description:
    "Newest event first. `status`: `pending` (waiting or in flight), `failed` (pending after a failed attempt, " +
    "backing off), `parked` (gave up after the last attempt: retry it), `delivered`. Each shows the event, its " +
    "entity, the attempts, the last error and the next attempt. Pages: pass the answer's `next` as `after`.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    status: Schema.optionalKey(Schema.Literals(DELIVERY_FILTERS)),
    pluginId: Schema.optionalKey(PluginId),
    after: Schema.optionalKey(
      Schema.String.check(Schema.isPattern(DELIVERY_CURSOR)).annotate({ description: "The previous page's `next`" }),
    ),
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page, and the cursor of the next (null on the last)",
    schema: Schema.Struct({ deliveries: Schema.Array(Delivery), next: Schema.NullOr(Schema.String) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listDeliveries({ status: query.status, pluginId: query.pluginId, after: query.after, limit: query.limit ?? 50 }),
    ).pipe(Effect.map((page) => ({ deliveries: page.deliveries, next: page.next ?? null }))),
})

export const retryPluginDeliveryRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/plugins/deliveries/{deliveryId}/retry",
  operationId: "retryPluginDelivery",
  summary: "Gửi lại sự kiện đã tạm dừng — retry a parked delivery",
  description:
    "The parked delivery is tried again at once, with a fresh series of attempts; its entity's later events, " +
    "which waited behind it, follow once it is delivered. Only a parked one (409 otherwise). Audited.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: Schema.Struct({ tenantCode: TenantCode, deliveryId: Uuid }),
  success: { status: 200, description: "The delivery, pending again", schema: DeliveryAnswer },
  errors: [404, 409, 503],
  handler: ({ params, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const delivery = yield* retryDelivery(params.deliveryId, yield* now)
        yield* auditRetry(context, delivery)
        return { delivery }
      }),
    ),
})

export const retryParkedPluginDeliveriesRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/plugins/deliveries/retry-parked",
  operationId: "retryParkedPluginDeliveries",
  summary: "Gửi lại mọi sự kiện đã tạm dừng — retry every parked delivery (of one plugin)",
  description: "Every parked delivery of the tenant, or of `pluginId`, is tried again at once. Audited.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: Schema.Struct({ pluginId: Schema.optionalKey(PluginId) }).annotate({ identifier: "RetryParkedDeliveries" }),
  success: {
    status: 200,
    description: "How many went back to pending",
    schema: Schema.Struct({ retried: Schema.Number }),
  },
  errors: [404, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const retried = yield* retryParkedDeliveries({ pluginId: body.pluginId, now: yield* now })
        yield* auditByActor(context, {
          action: "plugin.delivery.retried_parked",
          entityType: "plugin_delivery",
          details: { pluginId: body.pluginId ?? null, retried },
        })
        return { retried }
      }),
    ),
})

export const listPluginJobsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/plugins/jobs",
  operationId: "listPluginJobs",
  summary: "Tác vụ định kỳ của plugin — the plugins' scheduled jobs",
  description:
    "Each job of each plugin the tenant enabled: its schedule, when it runs next, whether it runs now, and how " +
    "its last run went — with the error when it failed. A failed job is tried again sooner than its next slot.",
  tags: ["plugins"],
  access: { kind: "tenant", capability: "plugin.manage" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({ pluginId: Schema.optionalKey(PluginId) }),
  success: { status: 200, description: "The jobs", schema: Schema.Struct({ jobs: Schema.Array(JobRun) }) },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, listJobRuns({ pluginId: query.pluginId })).pipe(Effect.map((jobs) => ({ jobs }))),
})

export const pluginDeliveryRoutes = [
  listPluginDeliveriesRoute,
  retryParkedPluginDeliveriesRoute,
  retryPluginDeliveryRoute,
  listPluginJobsRoute,
]
