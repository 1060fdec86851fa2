import { scopeOf } from "@abroad/auth"
import {
  listNotices,
  listOverseasOrgs,
  listTenantTransfers,
  markNoticeRead,
  sendTransfers,
  TRANSFER_FORMS,
  TRANSFER_STATUSES,
  tenantNotice,
  tenantTransfer,
} from "@abroad/core"
import { tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { Notice, OverseasOrg, RegisterQuery, Transfer, TransferCursor } from "./oversight.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { PageLimit, TenantCode, Text, Uuid } from "./schemas.ts"

/**
 * The home tenant's side of oversight: the register of organisations abroad to choose from, the
 * transfers of party activity it sends to the oversight body and their outcome, and the notices
 * the oversight body sends back about its members (its inbox).
 */

const TENANT = Schema.Struct({ tenantCode: TenantCode })

const reach = (context: RequestContext, capability: "trip.read" | "transfer.request" | "notice.read") =>
  scopeOf(tenantOf(context).access, capability) ?? { kind: "self" as const, memberIds: [] }

export const tenantOverseasOrgsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/overseas-orgs",
  operationId: "listTenantOverseasOrgs",
  summary: "Danh bạ tổ chức đảng ở nước ngoài — the register, to choose from",
  description:
    "Kept by the oversight body; read here to propose where a member's party activity goes, or to address " +
    "bulletins to members attached to an organisation abroad.",
  tags: ["oversight"],
  access: { kind: "tenant", capability: "trip.read" },
  params: TENANT,
  query: RegisterQuery,
  success: {
    status: 200,
    description: "The register",
    schema: Schema.Struct({ overseasOrgs: Schema.Array(OverseasOrg) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listOverseasOrgs(tenantQuery, { country: query.country, includeInactive: query.includeInactive === "true" }),
    ).pipe(Effect.map((overseasOrgs) => ({ overseasOrgs }))),
})

export const sendTransfersRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/transfers",
  operationId: "sendTransfers",
  summary: "Gửi hồ sơ chuyển sinh hoạt đảng ra nước ngoài — send transfers of party activity abroad",
  description:
    "One trip with form 3-SHĐ or 3A-SHĐ (labour export), or several at once: they travel as one 3C-SHĐ list. " +
    "Each trip within one's scope, approved or under way, with a stay that calls for a transfer (422 " +
    "`transfer.trip_status`, `transfer.arrangement`, `transfer.form`); one transfer under way per trip (409 " +
    "`transfer.exists`). Honours `Idempotency-Key`. Audited; a `transfer.sent` event per transfer.",
  tags: ["oversight"],
  access: { kind: "tenant", capability: "transfer.request" },
  idempotent: true,
  params: TENANT,
  body: Schema.Struct({
    form: Schema.Literals(TRANSFER_FORMS),
    tripIds: Schema.Array(Uuid).check(Schema.isMinLength(1), Schema.isMaxLength(200)),
    proposedOverseasOrgId: Schema.optionalKey(Schema.NullOr(Uuid)),
    note: Schema.optionalKey(Schema.NullOr(Text(2000))),
  }).annotate({ identifier: "TransferRequest" }),
  success: {
    status: 201,
    description: "The transfers sent",
    schema: Schema.Struct({ transfers: Schema.Array(Transfer) }),
  },
  errors: [404, 409, 422, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const transfers = yield* sendTransfers({
          tripIds: body.tripIds,
          form: body.form,
          proposedOverseasOrgId: body.proposedOverseasOrgId ?? null,
          note: body.note ?? null,
          visibility: reach(context, "transfer.request"),
          userId: actorOf(context).userId,
        })
        for (const transfer of transfers) {
          yield* auditByActor(context, {
            action: "transfer.sent",
            entityType: "activity_transfer",
            entityId: transfer.id,
            details: {
              tripId: transfer.tripId,
              memberId: transfer.memberId,
              form: transfer.form,
              listId: transfer.listId,
            },
          })
        }
        return { transfers }
      }),
    ),
})

export const listTransfersRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/transfers",
  operationId: "listTransfers",
  summary: "Hồ sơ chuyển sinh hoạt đảng đã gửi — transfers sent, with their outcome",
  description: "Of members within one's scope, newest first; filter by `status` or `tripId`. Pages by `after`.",
  tags: ["oversight"],
  access: { kind: "tenant", capability: "trip.read" },
  params: TENANT,
  query: Schema.Struct({
    status: Schema.optionalKey(Schema.Literals(TRANSFER_STATUSES)),
    tripId: Schema.optionalKey(Uuid.annotate({ description: "Only the transfers of this trip" })),
    after: TransferCursor,
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page",
    schema: Schema.Struct({ transfers: Schema.Array(Transfer), next: Schema.NullOr(Schema.String) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listTenantTransfers({
        visibility: reach(context, "trip.read"),
        status: query.status,
        tripId: query.tripId,
        limit: query.limit ?? 50,
        after: query.after,
      }),
    ).pipe(Effect.map((page) => ({ transfers: page.items, next: page.next ?? null }))),
})

export const getTransferRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/transfers/{transferId}",
  operationId: "getTransfer",
  summary: "Một hồ sơ chuyển sinh hoạt đảng và kết quả — one transfer and its outcome",
  description: "Of a member outside one's scope, or in another tenant, not found (404).",
  tags: ["oversight"],
  access: { kind: "tenant", capability: "trip.read" },
  params: Schema.Struct({ tenantCode: TenantCode, transferId: Uuid }),
  success: { status: 200, description: "The transfer", schema: Schema.Struct({ transfer: Transfer }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, tenantTransfer(params.transferId, reach(context, "trip.read"))).pipe(
      Effect.map((transfer) => ({ transfer })),
    ),
})

const NoticePath = Schema.Struct({ tenantCode: TenantCode, noticeId: Uuid })

export const listNoticesRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/notices",
  operationId: "listNotices",
  summary: "Thông báo của Đảng ủy Bộ Ngoại giao — notices from the oversight body",
  description: "About members within one's scope, newest first; `unread=true` for the unread ones. Pages by `after`.",
  tags: ["oversight"],
  access: { kind: "tenant", capability: "notice.read" },
  params: TENANT,
  query: Schema.Struct({
    unread: Schema.optionalKey(Schema.Literals(["true", "false"])),
    after: TransferCursor,
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page",
    schema: Schema.Struct({ notices: Schema.Array(Notice), next: Schema.NullOr(Schema.String) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listNotices({
        visibility: reach(context, "notice.read"),
        unreadOnly: query.unread === "true",
        limit: query.limit ?? 50,
        after: query.after,
      }),
    ).pipe(Effect.map((page) => ({ notices: page.items, next: page.next ?? null }))),
})

export const getNoticeRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/notices/{noticeId}",
  operationId: "getNotice",
  summary: "Một thông báo — one notice",
  tags: ["oversight"],
  access: { kind: "tenant", capability: "notice.read" },
  params: NoticePath,
  success: { status: 200, description: "The notice", schema: Schema.Struct({ notice: Notice }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, tenantNotice(params.noticeId, reach(context, "notice.read"))).pipe(
      Effect.map((notice) => ({ notice })),
    ),
})

export const readNoticeRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/notices/{noticeId}/read",
  operationId: "markNoticeRead",
  summary: "Đánh dấu đã đọc — mark a notice read",
  description: "Reading it again keeps the first time. Audited.",
  tags: ["oversight"],
  access: { kind: "tenant", capability: "notice.read" },
  params: NoticePath,
  success: { status: 200, description: "The notice", schema: Schema.Struct({ notice: Notice }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const notice = yield* markNoticeRead(params.noticeId, reach(context, "notice.read"), actorOf(context).userId)
        yield* auditByActor(context, { action: "notice.read", entityType: "oversight_notice", entityId: notice.id })
        return { notice }
      }),
    ),
})

export const tenantOversightRoutes = [
  tenantOverseasOrgsRoute,
  sendTransfersRoute,
  listTransfersRoute,
  getTransferRoute,
  listNoticesRoute,
  getNoticeRoute,
  readNoticeRoute,
]
