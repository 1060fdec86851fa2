import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { sql } from "kysely"
import { recordDomainEvent } from "../outbox/record.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** No such article (or no such version of it) in the tenant's handbook. */
export class HandbookArticleNotFound extends Schema.TaggedError<HandbookArticleNotFound>()("HandbookArticleNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new HandbookArticleNotFound({
      message: { vi: "Không tìm thấy bài viết này trong cẩm nang.", en: "There is no such handbook article." },
    })
}

/** An article's address in the handbook: lower-case words joined by hyphens (`truoc-chuyen-di`). */
export const HANDBOOK_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

/** Cẩm nang: one version of a handbook article for members travelling privately. */
export interface HandbookArticle {
  readonly slug: string
  readonly version: number
  readonly title: string
  /** Markdown. */
  readonly body: string
  readonly publishedBy: string | null
  readonly publishedAt: Date
}

/** An article as the handbook's table of contents and an article's history list it. */
export type HandbookEntry = Omit<HandbookArticle, "body">

const columns = ["slug", "version", "title", "body", "published_by", "published_at"] as const

const toArticle = (row: {
  slug: string
  version: number
  title: string
  body: string
  published_by: string | null
  published_at: Date
}): HandbookArticle => ({
  slug: row.slug,
  version: row.version,
  title: row.title,
  body: row.body,
  publishedBy: row.published_by,
  publishedAt: row.published_at,
})

const withoutBody = ({ body: _body, ...entry }: HandbookArticle): HandbookEntry => entry

/**
 * Publishes a new version of the article at `slug` (its first, when the slug is new): the
 * version is the last one's plus one. Earlier versions stay readable. Two editors publishing
 * the same article at once take turns on a transaction-scoped lock, so each gets its own number.
 */
export const publishHandbookVersion = (input: {
  readonly slug: string
  readonly title: string
  readonly body: string
  readonly publishedBy: string | null
}): Effect.Effect<HandbookArticle, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    yield* tenantQuery((db, tenantId) =>
      sql`select pg_advisory_xact_lock(hashtextextended(${`abroad_handbook:${tenantId}:${input.slug}`}, 0))`.execute(
        db,
      ),
    )
    const last = yield* tenantQuery((db) =>
      db
        .selectFrom("handbook_article")
        .select((eb) => eb.fn.max("version").as("version"))
        .where("slug", "=", input.slug)
        .executeTakeFirst(),
    )
    const version = (last?.version ?? 0) + 1
    const row = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("handbook_article")
        .values({
          tenant_id: tenantId,
          slug: input.slug,
          version,
          title: input.title.normalize("NFC").trim().replace(/\s+/g, " "),
          body: input.body.normalize("NFC").trim(),
          published_by: input.publishedBy,
        })
        .returning(["id", ...columns])
        .executeTakeFirstOrThrow(),
    )
    yield* recordDomainEvent({
      type: "handbook.published",
      entityType: "handbook_article",
      entityId: row.id,
      payload: { slug: row.slug, version: row.version },
    })
    return toArticle(row)
  })

/** The article at `slug`: its newest version, or the one asked for. */
export const handbookArticle = (
  slug: string,
  version?: number,
): Effect.Effect<HandbookArticle, DatabaseError | HandbookArticleNotFound, TenantTx> =>
  tenantQuery((db) => {
    const query = db.selectFrom("handbook_article").select(columns).where("slug", "=", slug)
    return (version === undefined ? query : query.where("version", "=", version))
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst()
  }).pipe(
    Effect.flatMap((row) =>
      row === undefined ? Effect.fail(HandbookArticleNotFound.instance()) : Effect.succeed(toArticle(row)),
    ),
  )

/** Every version of the article at `slug`, newest first. */
export const handbookVersions = (
  slug: string,
): Effect.Effect<ReadonlyArray<HandbookEntry>, DatabaseError | HandbookArticleNotFound, TenantTx> =>
  tenantQuery((db) =>
    db.selectFrom("handbook_article").select(columns).where("slug", "=", slug).orderBy("version", "desc").execute(),
  ).pipe(
    Effect.flatMap((rows) =>
      rows.length === 0
        ? Effect.fail(HandbookArticleNotFound.instance())
        : Effect.succeed(rows.map((row) => withoutBody(toArticle(row)))),
    ),
  )

/**
 * The handbook's table of contents: the newest version of each article, by slug, in pages
 * (`after` is the last slug of the previous page). `search` matches titles, diacritics ignored.
 */
export const listHandbookArticles = (input: {
  readonly search?: string
  readonly after?: string
  readonly limit: number
}): Effect.Effect<
  { readonly articles: ReadonlyArray<HandbookEntry>; readonly next: string | undefined },
  DatabaseError,
  TenantTx
> =>
  tenantQuery((db) => {
    let newest = db
      .selectFrom("handbook_article")
      .distinctOn("slug")
      .select(columns)
      .orderBy("slug")
      .orderBy("version", "desc")
    if (input.after !== undefined) newest = newest.where("slug", ">", input.after)
    let query = db.selectFrom(newest.as("newest")).selectAll()
    const search = input.search?.normalize("NFC").replace(/\s+/g, " ").trim() ?? ""
    if (search !== "") {
      const pattern = search.replace(/[\\%_]/g, "\\$&")
      query = query.where(sql<boolean>`abroad_fold(newest.title) like '%' || abroad_fold(${pattern}) || '%'`)
    }
    return query
      .orderBy("slug")
      .limit(input.limit + 1)
      .execute()
  }).pipe(
    Effect.map((rows) => {
      const page = rows.slice(0, input.limit)
      return {
        articles: page.map((row) => withoutBody(toArticle(row))),
        next: rows.length > input.limit ? page.at(-1)?.slug : undefined,
      }
    }),
  )
