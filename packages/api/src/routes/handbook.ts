import {
  HANDBOOK_SLUG,
  handbookArticle,
  handbookVersions,
  listHandbookArticles,
  publishHandbookVersion,
} from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant } from "../auth/context.ts"
import { defineRoute } from "./route.ts"
import { Instant, PageLimit, TenantCode, Text, Uuid } from "./schemas.ts"

const Slug = Schema.String.check(Schema.isPattern(HANDBOOK_SLUG), Schema.isMaxLength(100)).annotate({
  description: "The article's address: lower-case words joined by hyphens (`truoc-chuyen-di-viec-rieng`)",
})

const Version = Schema.NumberFromString.check(
  Schema.isInt(),
  Schema.isBetween({ minimum: 1, maximum: 1_000_000 }),
).annotate({ description: "A version number, from 1" })

const Entry = {
  slug: Schema.String,
  version: Schema.Number,
  title: Schema.String,
  publishedBy: Schema.NullOr(Uuid),
  publishedAt: Instant,
}

const HandbookEntry = Schema.Struct(Entry).annotate({ identifier: "HandbookEntry" })
const HandbookArticle = Schema.Struct({
  ...Entry,
  body: Schema.String.annotate({ description: "Markdown" }),
}).annotate({ identifier: "HandbookArticle" })

const ArticlePath = Schema.Struct({ tenantCode: TenantCode, slug: Slug })
const ArticleAnswer = Schema.Struct({ article: HandbookArticle })

export const listHandbookRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/handbook",
  operationId: "listHandbookArticles",
  summary: "Cẩm nang — the handbook's table of contents",
  description:
    "The newest version of each article, by slug. `q` searches titles ignoring diacritics; `after` is the " +
    "previous page's `next`.",
  tags: ["information"],
  access: { kind: "tenant", capability: "handbook.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    q: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
    after: Schema.optionalKey(Slug),
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page of articles (without their text), and the cursor of the next",
    schema: Schema.Struct({ articles: Schema.Array(HandbookEntry), next: Schema.NullOr(Schema.String) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listHandbookArticles({
        limit: query.limit ?? 50,
        ...(query.q === undefined ? {} : { search: query.q }),
        ...(query.after === undefined ? {} : { after: query.after }),
      }),
    ).pipe(Effect.map((page) => ({ articles: page.articles, next: page.next ?? null }))),
})

export const getHandbookArticleRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/handbook/{slug}",
  operationId: "getHandbookArticle",
  summary: "Một bài cẩm nang — an article, newest version",
  tags: ["information"],
  access: { kind: "tenant", capability: "handbook.read" },
  params: ArticlePath,
  success: { status: 200, description: "The article", schema: ArticleAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, handbookArticle(params.slug)).pipe(Effect.map((article) => ({ article }))),
})

export const listHandbookVersionsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/handbook/{slug}/versions",
  operationId: "listHandbookVersions",
  summary: "Các phiên bản của bài — an article's versions",
  description: "Newest first, without their text.",
  tags: ["information"],
  access: { kind: "tenant", capability: "handbook.read" },
  params: ArticlePath,
  success: {
    status: 200,
    description: "The versions",
    schema: Schema.Struct({ versions: Schema.Array(HandbookEntry) }),
  },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, handbookVersions(params.slug)).pipe(Effect.map((versions) => ({ versions }))),
})

export const getHandbookVersionRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/handbook/{slug}/versions/{version}",
  operationId: "getHandbookVersion",
  summary: "Một phiên bản cũ — an earlier version of an article",
  tags: ["information"],
  access: { kind: "tenant", capability: "handbook.read" },
  params: Schema.Struct({ tenantCode: TenantCode, slug: Slug, version: Version }),
  success: { status: 200, description: "That version", schema: ArticleAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, handbookArticle(params.slug, params.version)).pipe(Effect.map((article) => ({ article }))),
})

export const publishHandbookVersionRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/handbook/{slug}/versions",
  operationId: "publishHandbookVersion",
  summary: "Đăng phiên bản mới của bài — publish a new version of an article",
  description:
    "Its version is the last one's plus one (1 for a new slug); earlier versions stay readable. Audited; a " +
    "`handbook.published` event goes to the outbox.",
  tags: ["information"],
  access: { kind: "tenant", capability: "handbook.edit" },
  idempotent: true,
  params: ArticlePath,
  body: Schema.Struct({
    title: Text(300).check(Schema.isPattern(/\S/)),
    body: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100_000)).annotate({
      description: "Markdown",
    }),
  }).annotate({ identifier: "HandbookArticleForm" }),
  success: { status: 201, description: "The new version", schema: ArticleAnswer },
  errors: [404, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const article = yield* publishHandbookVersion({
          slug: params.slug,
          title: body.title,
          body: body.body,
          publishedBy: actorOf(context).userId,
        })
        yield* auditByActor(context, {
          action: "handbook.published",
          entityType: "handbook_article",
          entityId: `${article.slug}@${article.version}`,
          details: { slug: article.slug, version: article.version },
        })
        return { article }
      }),
    ),
})

export const handbookRoutes = [
  listHandbookRoute,
  getHandbookArticleRoute,
  listHandbookVersionsRoute,
  getHandbookVersionRoute,
  publishHandbookVersionRoute,
]
