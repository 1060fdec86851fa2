import { scopeOf } from "@abroad/auth"
import {
  type BulletinReader,
  bulletinById,
  bulletinReceipts,
  KEYSET_CURSOR_PATTERN,
  type Keyset,
  keysetCursor,
  listBulletins,
  markBulletinRead,
  memberFeed,
  parseKeysetCursor,
  publishBulletin,
} from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Instant, PageLimit, TenantCode, Text, Uuid } from "./schemas.ts"

const CountryCode = Schema.String.check(Schema.isPattern(/^[A-Z]{2}$/)).annotate({
  description: "ISO 3166-1 alpha-2, upper case: `JP`",
})

const Targets = Schema.Struct({
  orgUnitIds: Schema.Array(Uuid).annotate({ description: "Members in these units' subtrees" }),
  countries: Schema.Array(CountryCode).annotate({ description: "Members abroad in these countries" }),
  overseasOrgIds: Schema.Array(Uuid).annotate({ description: "Members attached to these party organisations abroad" }),
}).annotate({
  identifier: "BulletinTargets",
  description: "Whom the bulletin is for: anyone any target reaches; every list empty means the whole tenant",
})

const Bulletin = Schema.Struct({
  id: Uuid,
  title: Schema.String,
  body: Schema.String,
  targets: Targets,
  publishedBy: Schema.NullOr(Uuid),
  publishedAt: Instant,
  readCount: Schema.Number.annotate({ description: "How many members have marked it read" }),
}).annotate({ identifier: "Bulletin" })

const FeedBulletin = Schema.Struct({
  id: Uuid,
  title: Schema.String,
  body: Schema.String,
  publishedAt: Instant,
  readAt: Schema.NullOr(Instant).annotate({ description: "When you marked it read; null while unread" }),
}).annotate({ identifier: "FeedBulletin" })

const Receipt = Schema.Struct({
  memberId: Uuid,
  fullName: Schema.String,
  orgUnitId: Uuid,
  orgUnitName: Schema.String,
  readAt: Instant,
}).annotate({ identifier: "BulletinReceipt" })

const Next = Schema.NullOr(Schema.String).annotate({
  description: "Pass as `after` for the next page; null on the last",
})
const After = Schema.optionalKey(
  Schema.String.check(Schema.isPattern(KEYSET_CURSOR_PATTERN)).annotate({ description: "The previous page's `next`" }),
)
const BulletinPath = Schema.Struct({ tenantCode: TenantCode, bulletinId: Uuid })

const MAX_TARGETS = 200

const BulletinForm = Schema.Struct({
  title: Text(300).check(Schema.isPattern(/\S/)),
  body: Schema.String.check(Schema.isMaxLength(20_000)).annotate({ description: "The text; Markdown" }),
  targets: Schema.optionalKey(
    Schema.Struct({
      orgUnitIds: Schema.optionalKey(Schema.Array(Uuid).check(Schema.isMaxLength(MAX_TARGETS))),
      countries: Schema.optionalKey(Schema.Array(CountryCode).check(Schema.isMaxLength(MAX_TARGETS))),
      overseasOrgIds: Schema.optionalKey(Schema.Array(Uuid).check(Schema.isMaxLength(MAX_TARGETS))),
    }),
  ),
}).annotate({ identifier: "BulletinForm" })

/**
 * Where the reader is abroad. Until trips are recorded the member's client says it; then the
 * member's current trip will (see the README's design decisions).
 */
const AbroadQuery = {
  countries: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^[A-Z]{2}(,[A-Z]{2}){0,49}$/)).annotate({
      description: "Countries you are in now, comma-separated (`JP,KR`): bulletins addressed to them are shown too",
    }),
  ),
  overseasOrgIds: Schema.optionalKey(
    Schema.String.check(Schema.isPattern(/^[0-9a-f-]{36}(,[0-9a-f-]{36}){0,19}$/)).annotate({
      description: "Party organisations abroad you are attached to, comma-separated ids",
    }),
  ),
}

const keysetOf = (after: string | undefined): Keyset | undefined =>
  after === undefined ? undefined : parseKeysetCursor(after)
const nextOf = (next: Keyset | undefined) => (next === undefined ? null : keysetCursor(next))

/** The bulletins a publisher reaches: the whole tenant, or the subtrees of their grants. */
const publisherScope = (context: RequestContext) =>
  scopeOf(tenantOf(context).access, "bulletin.publish") ?? { kind: "self" as const, memberIds: [] }

/** The member the account is, with where they say they are abroad; undefined for an account that is no member. */
const readerOf = (
  context: RequestContext,
  query: { readonly countries?: string; readonly overseasOrgIds?: string },
): BulletinReader | undefined => {
  const memberId = tenantOf(context).access.grants.find(
    (grant) => grant.role === "member" && grant.memberId !== null,
  )?.memberId
  if (memberId == null) return undefined
  return {
    memberId,
    countries: query.countries?.split(",") ?? [],
    overseasOrgIds: query.overseasOrgIds?.split(",") ?? [],
  }
}

export const publishBulletinRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/bulletins",
  operationId: "publishBulletin",
  summary: "Đăng thông tin chính thống — publish an official bulletin",
  description:
    "To the whole tenant (no targets), or to org units (their subtrees), countries (members abroad there) and " +
    "party organisations abroad. An officer scoped to a committee may address only units inside it. Audited; " +
    "a `bulletin.published` event goes to the outbox.",
  tags: ["information"],
  access: { kind: "tenant", capability: "bulletin.publish" },
  idempotent: true,
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: BulletinForm,
  success: { status: 201, description: "The bulletin", schema: Schema.Struct({ bulletin: Bulletin }) },
  errors: [404, 422, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const bulletin = yield* publishBulletin({
          title: body.title,
          body: body.body,
          targets: {
            orgUnitIds: body.targets?.orgUnitIds ?? [],
            countries: body.targets?.countries ?? [],
            overseasOrgIds: body.targets?.overseasOrgIds ?? [],
          },
          publishedBy: actorOf(context).userId,
          visibility: publisherScope(context),
        })
        yield* auditByActor(context, {
          action: "bulletin.published",
          entityType: "bulletin",
          entityId: bulletin.id,
          details: { targets: bulletin.targets },
        })
        return { bulletin }
      }),
    ),
})

export const listBulletinsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/bulletins",
  operationId: "listBulletins",
  summary: "Danh sách thông tin đã đăng — published bulletins, with read counts",
  description:
    "Newest first. An officer scoped to a committee sees the bulletins addressed only to units inside it. " +
    "`q` searches titles ignoring diacritics; `from`, `to` bound the publication time (`to` exclusive).",
  tags: ["information"],
  access: { kind: "tenant", capability: "bulletin.publish" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    q: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
    orgUnitId: Schema.optionalKey(Uuid.annotate({ description: "Only bulletins addressed to this unit" })),
    country: Schema.optionalKey(CountryCode.annotate({ description: "Only bulletins addressed to this country" })),
    from: Schema.optionalKey(Instant),
    to: Schema.optionalKey(Instant),
    after: After,
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page, and the cursor of the next",
    schema: Schema.Struct({ bulletins: Schema.Array(Bulletin), next: Next }),
  },
  errors: [404, 503],
  handler: ({ query, context }) => {
    const after = keysetOf(query.after)
    return inTenant(
      context,
      listBulletins({
        visibility: publisherScope(context),
        limit: query.limit ?? 50,
        ...(query.q === undefined ? {} : { search: query.q }),
        ...(query.orgUnitId === undefined ? {} : { orgUnitId: query.orgUnitId }),
        ...(query.country === undefined ? {} : { country: query.country }),
        ...(query.from === undefined ? {} : { publishedFrom: query.from }),
        ...(query.to === undefined ? {} : { publishedTo: query.to }),
        ...(after === undefined ? {} : { after }),
      }),
    ).pipe(Effect.map((page) => ({ bulletins: page.items, next: nextOf(page.next) })))
  },
})

export const getBulletinRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/bulletins/{bulletinId}",
  operationId: "getBulletin",
  summary: "Một thông báo đã đăng — one published bulletin, with its read count",
  tags: ["information"],
  access: { kind: "tenant", capability: "bulletin.publish" },
  params: BulletinPath,
  success: { status: 200, description: "The bulletin", schema: Schema.Struct({ bulletin: Bulletin }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, bulletinById(params.bulletinId, publisherScope(context))).pipe(
      Effect.map((bulletin) => ({ bulletin })),
    ),
})

export const listBulletinReceiptsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/bulletins/{bulletinId}/reads",
  operationId: "listBulletinReceipts",
  summary: "Ai đã đọc — a bulletin's read receipts",
  description: "The members who marked it read, newest first; members outside the reader's scope are left out.",
  tags: ["information"],
  access: { kind: "tenant", capability: "bulletin.publish" },
  params: BulletinPath,
  query: Schema.Struct({ after: After, limit: PageLimit }),
  success: {
    status: 200,
    description: "One page of receipts, and the cursor of the next",
    schema: Schema.Struct({ receipts: Schema.Array(Receipt), next: Next }),
  },
  errors: [404, 503],
  handler: ({ params, query, context }) => {
    const after = keysetOf(query.after)
    return inTenant(
      context,
      bulletinReceipts({
        bulletinId: params.bulletinId,
        visibility: publisherScope(context),
        limit: query.limit ?? 50,
        ...(after === undefined ? {} : { after }),
      }),
    ).pipe(Effect.map((page) => ({ receipts: page.items, next: nextOf(page.next) })))
  },
})

export const myBulletinsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/me/bulletins",
  operationId: "listMyBulletins",
  summary: "Thông tin gửi tới tôi — the bulletins addressed to me",
  description:
    "Newest first: those to the whole tenant, to a unit whose subtree holds your cell, and — with `countries` or " +
    "`overseasOrgIds` — to where you are abroad. An account that is not a member's has an empty feed.",
  tags: ["information"],
  access: { kind: "tenant", capability: "bulletin.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    ...AbroadQuery,
    unread: Schema.optionalKey(Schema.Literals(["true", "false"]).annotate({ description: "Only the unread ones" })),
    after: After,
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page, and the cursor of the next",
    schema: Schema.Struct({ bulletins: Schema.Array(FeedBulletin), next: Next }),
  },
  errors: [404, 503],
  handler: ({ query, context }) => {
    const after = keysetOf(query.after)
    return inTenant(
      context,
      memberFeed({
        reader: readerOf(context, query),
        unreadOnly: query.unread === "true",
        limit: query.limit ?? 50,
        ...(after === undefined ? {} : { after }),
      }),
    ).pipe(Effect.map((page) => ({ bulletins: page.items, next: nextOf(page.next) })))
  },
})

export const markBulletinReadRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/bulletins/{bulletinId}/read",
  operationId: "markBulletinRead",
  summary: "Đánh dấu đã đọc — mark a bulletin read",
  description:
    "Idempotent: marking it again keeps the first time (`first` false). A bulletin not addressed to you is not " +
    "found; pass the same `countries` / `overseasOrgIds` as for the feed.",
  tags: ["information"],
  access: { kind: "tenant", capability: "bulletin.read" },
  params: BulletinPath,
  query: Schema.Struct(AbroadQuery),
  success: {
    status: 200,
    description: "When it was first read",
    schema: Schema.Struct({
      readAt: Instant,
      first: Schema.Boolean.annotate({ description: "True when this request marked it read" }),
    }),
  },
  errors: [404, 503],
  handler: ({ params, query, context }) =>
    inTenant(context, markBulletinRead({ bulletinId: params.bulletinId, reader: readerOf(context, query) })),
})

export const bulletinRoutes = [
  publishBulletinRoute,
  listBulletinsRoute,
  getBulletinRoute,
  listBulletinReceiptsRoute,
  myBulletinsRoute,
  markBulletinReadRoute,
]
