import { type DatabaseError, type DB, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { type Expression, type SqlBool, sql, type Transaction } from "kysely"
import { isoCountries } from "../countries/countries.ts"
import type { Visibility } from "../members/visibility.ts"
import { recordDomainEvent } from "../outbox/record.ts"
import { unknownOverseasOrgs } from "../oversight/overseas-orgs.ts"
import { instantText, type Keyset, olderThan, tokenArray } from "./keyset.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** No such bulletin within the reader's reach (another tenant's, outside the scope, or not addressed to them). */
export class BulletinNotFound extends Schema.TaggedError<BulletinNotFound>()("BulletinNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new BulletinNotFound({ message: { vi: "Không tìm thấy thông báo này.", en: "There is no such bulletin." } })
}

/** The bulletin cannot be published as asked; `rule` says why. */
export class BulletinRefused extends Schema.TaggedError<BulletinRefused>()("BulletinRefused", {
  message: Message,
  rule: Schema.String,
}) {}

/**
 * Whom a bulletin is for. Empty everywhere: the whole tenant. Otherwise anyone any target
 * reaches: members whose cell lies in one of the units' subtrees, members abroad in one of
 * the countries, members attached to one of the party organisations abroad.
 */
export interface BulletinTargets {
  readonly orgUnitIds: ReadonlyArray<string>
  /** ISO 3166-1 alpha-2, upper case. */
  readonly countries: ReadonlyArray<string>
  readonly overseasOrgIds: ReadonlyArray<string>
}

/** Thông tin chính thống: an official bulletin as its publisher sees it. */
export interface Bulletin {
  readonly id: string
  readonly title: string
  readonly body: string
  readonly targets: BulletinTargets
  readonly publishedBy: string | null
  readonly publishedAt: Date
  /** How many members have marked it read. */
  readonly readCount: number
}

/** A bulletin in a member's feed. */
export interface FeedBulletin {
  readonly id: string
  readonly title: string
  readonly body: string
  readonly publishedAt: Date
  /** When this member marked it read; null while unread. */
  readonly readAt: Date | null
}

/** One read receipt: who read the bulletin, and when. */
export interface BulletinReceipt {
  readonly memberId: string
  readonly fullName: string
  readonly orgUnitId: string
  readonly orgUnitName: string
  readonly readAt: Date
}

/** A page of a newest-first list, and where the next one starts (undefined on the last). */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly next: Keyset | undefined
}

/**
 * The member reading their feed, and where they are abroad: the countries of the member's trip
 * under way (departed, not yet back) and the organisation abroad its accepted transfer assigned
 * them to (and the committees above it) always count; the client may add countries and
 * organisations of the register.
 */
export interface BulletinReader {
  readonly memberId: string
  readonly countries: ReadonlyArray<string>
  readonly overseasOrgIds: ReadonlyArray<string>
}

const refused = (rule: string, vi: string, en: string) => new BulletinRefused({ rule, message: { vi, en } })

const COUNTRY_CODES: ReadonlySet<string> = new Set(isoCountries.map((country) => country.code))

const text = (value: string) => value.normalize("NFC").trim()
const oneLine = (value: string) => text(value).replace(/\s+/g, " ")
const distinctSorted = (values: ReadonlyArray<string>) => [...new Set(values)].sort()

const inScope = (visibility: Visibility, path: string) =>
  visibility.kind === "tenant" || (visibility.kind === "subtrees" && visibility.paths.some((p) => path.startsWith(p)))

/** `org_unit.path` inside one of the subtrees: a `like any` over the paths' prefixes. */
const pathWithin = (column: string, paths: ReadonlyArray<string>) =>
  paths.length === 0
    ? sql<SqlBool>`false`
    : sql<SqlBool>`${sql.ref(column)} like any (${tokenArray(
        paths.map((path) => `${path.replace(/[\\%_]/g, "\\$&")}%`),
        "text[]",
      )})`

/**
 * The bulletins a publisher may see: all of them with the whole tenant in scope; with some
 * subtrees, those addressed only to units inside them — a bulletin to the whole tenant or to a
 * country reaches beyond a subtree, and so do its read receipts.
 */
const publishedWithin = (visibility: Visibility): Expression<SqlBool> => {
  switch (visibility.kind) {
    case "tenant":
      return sql<SqlBool>`true`
    case "self":
      return sql<SqlBool>`false`
    case "subtrees":
      return sql<SqlBool>`cardinality(bulletin.target_org_unit_ids) > 0
        and cardinality(bulletin.target_countries) = 0
        and cardinality(bulletin.target_overseas_org_ids) = 0
        and not exists (
          select 1 from unnest(bulletin.target_org_unit_ids) as target(id)
          where not exists (
            select 1 from org_unit
            where org_unit.tenant_id = bulletin.tenant_id and org_unit.id = target.id
              and ${pathWithin("org_unit.path", visibility.paths)}))`
  }
}

/** Whether a bulletin reaches a member whose cell has `memberPath`, abroad where `reader` says. */
const reaches = (memberPath: string, reader: BulletinReader): Expression<SqlBool> =>
  sql<SqlBool>`(
    (cardinality(bulletin.target_org_unit_ids) = 0
      and cardinality(bulletin.target_countries) = 0
      and cardinality(bulletin.target_overseas_org_ids) = 0)
    or exists (
      select 1 from org_unit
      where org_unit.tenant_id = bulletin.tenant_id
        and org_unit.id = any (bulletin.target_org_unit_ids)
        and starts_with(${memberPath}, org_unit.path))
    or bulletin.target_countries::text[] && ${tokenArray(reader.countries, "text[]")}
    or bulletin.target_countries::text[] && coalesce((
      select array_agg(destination)::text[] from trip, unnest(trip.countries) as destination
      where trip.tenant_id = bulletin.tenant_id and trip.member_id = ${reader.memberId}::uuid
        and trip.status = 'departed'), '{}')
    or bulletin.target_overseas_org_ids && ${tokenArray(reader.overseasOrgIds, "uuid[]")}
    or bulletin.target_overseas_org_ids && coalesce((
      select array_agg(target.id) from activity_transfer
        join trip on trip.tenant_id = activity_transfer.tenant_id and trip.id = activity_transfer.trip_id
        join overseas_org as assigned on assigned.id = activity_transfer.assigned_overseas_org_id
        join overseas_org as target on starts_with(assigned.path, target.path)
       where activity_transfer.tenant_id = bulletin.tenant_id and activity_transfer.member_id = ${reader.memberId}::uuid
         and activity_transfer.status = 'accepted' and trip.status = 'departed'), '{}'))`

const bulletinColumns = (db: Transaction<DB>) =>
  db.selectFrom("bulletin").select([
    "bulletin.id",
    "bulletin.title",
    "bulletin.body",
    "bulletin.published_by",
    "bulletin.published_at",
    instantText("bulletin.published_at").as("published_at_text"),
    // Arrays as text: each driver parses `uuid[]` and `char(2)[]` its own way, text alike.
    sql<string>`array_to_string(bulletin.target_org_unit_ids, ',')`.as("org_unit_ids"),
    sql<string>`array_to_string(bulletin.target_countries, ',')`.as("countries"),
    sql<string>`array_to_string(bulletin.target_overseas_org_ids, ',')`.as("overseas_org_ids"),
    sql<number>`(select count(*)::int from bulletin_read
        where bulletin_read.tenant_id = bulletin.tenant_id and bulletin_read.bulletin_id = bulletin.id)`.as(
      "read_count",
    ),
  ])

type BulletinRow = Awaited<ReturnType<ReturnType<typeof bulletinColumns>["executeTakeFirstOrThrow"]>>

const list = (joined: string) => (joined === "" ? [] : joined.split(","))

const toBulletin = (row: BulletinRow): Bulletin => ({
  id: row.id,
  title: row.title,
  body: row.body,
  targets: {
    orgUnitIds: list(row.org_unit_ids),
    countries: list(row.countries),
    overseasOrgIds: list(row.overseas_org_ids),
  },
  publishedBy: row.published_by,
  publishedAt: row.published_at,
  readCount: row.read_count,
})

const pageOf = <R extends { readonly id: string }, A>(
  rows: ReadonlyArray<R>,
  limit: number,
  at: (row: R) => string,
  toItem: (row: R) => A,
): Page<A> => {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return {
    items: items.map(toItem),
    next: rows.length > limit && last !== undefined ? { at: at(last), id: last.id } : undefined,
  }
}

/** Checks the targets against the tenant and the publisher's scope, and returns them tidied. */
const checkTargets = (targets: BulletinTargets, visibility: Visibility) =>
  Effect.gen(function* () {
    const tidy: BulletinTargets = {
      orgUnitIds: distinctSorted(targets.orgUnitIds.map((id) => id.toLowerCase())),
      countries: distinctSorted(targets.countries.map((code) => code.toUpperCase())),
      overseasOrgIds: distinctSorted(targets.overseasOrgIds.map((id) => id.toLowerCase())),
    }
    const unknownCountries = tidy.countries.filter((code) => !COUNTRY_CODES.has(code))
    if (unknownCountries.length > 0) {
      return yield* refused(
        "bulletin.unknown_country",
        `Mã quốc gia không hợp lệ: ${unknownCountries.join(", ")}.`,
        `Not an ISO 3166-1 country code: ${unknownCountries.join(", ")}.`,
      )
    }
    const unknownOrgs = yield* unknownOverseasOrgs(tenantQuery, tidy.overseasOrgIds)
    if (unknownOrgs.length > 0) {
      return yield* refused(
        "bulletin.unknown_overseas_org",
        "Có tổ chức đảng ở nước ngoài được chọn không có trong danh bạ của Đảng ủy Bộ Ngoại giao.",
        "A target organisation abroad is not in the oversight body's register.",
      )
    }
    const units =
      tidy.orgUnitIds.length === 0
        ? []
        : yield* tenantQuery((db) =>
            db.selectFrom("org_unit").select(["id", "path"]).where("id", "in", tidy.orgUnitIds).execute(),
          )
    if (units.length !== tidy.orgUnitIds.length || units.some((unit) => !inScope(visibility, unit.path))) {
      return yield* refused(
        "bulletin.unknown_org_unit",
        "Có tổ chức đảng được chọn không tồn tại hoặc nằm ngoài phạm vi của bạn.",
        "A target org unit does not exist or lies outside your scope.",
      )
    }
    // Whole-tenant, country and overseas targets reach members outside any one subtree.
    const reachesBeyondUnits =
      tidy.orgUnitIds.length === 0 || tidy.countries.length > 0 || tidy.overseasOrgIds.length > 0
    if (visibility.kind !== "tenant" && reachesBeyondUnits) {
      return yield* refused(
        "bulletin.target_outside_scope",
        "Bạn chỉ được gửi thông báo tới các tổ chức đảng trong phạm vi của mình.",
        "You may address bulletins only to org units within your scope.",
      )
    }
    return tidy
  })

/**
 * Publishes an official bulletin (thông tin chính thống) to its targets, and writes the
 * `bulletin.published` event to the outbox in the same transaction.
 */
export const publishBulletin = (input: {
  readonly title: string
  readonly body: string
  readonly targets: BulletinTargets
  readonly publishedBy: string
  readonly visibility: Visibility
}): Effect.Effect<Bulletin, DatabaseError | BulletinRefused, TenantTx> =>
  Effect.gen(function* () {
    const targets = yield* checkTargets(input.targets, input.visibility)
    const title = oneLine(input.title)
    if (title === "") {
      return yield* refused("bulletin.empty_title", "Thông báo cần có tiêu đề.", "A bulletin needs a title.")
    }
    const { id } = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("bulletin")
        .values({
          tenant_id: tenantId,
          title,
          body: text(input.body),
          target_org_unit_ids: tokenArray(targets.orgUnitIds, "uuid[]"),
          target_countries: tokenArray(targets.countries, "char(2)[]"),
          target_overseas_org_ids: tokenArray(targets.overseasOrgIds, "uuid[]"),
          published_by: input.publishedBy,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    )
    yield* recordDomainEvent({
      type: "bulletin.published",
      entityType: "bulletin",
      entityId: id,
      payload: { targets },
    })
    const row = yield* tenantQuery((db) => bulletinColumns(db).where("bulletin.id", "=", id).executeTakeFirstOrThrow())
    return toBulletin(row)
  })

/** What a publisher narrows the list by. */
export interface BulletinFilter {
  readonly visibility: Visibility
  /** Words of the title, diacritics ignored. */
  readonly search?: string
  /** Only bulletins addressed to this unit. */
  readonly orgUnitId?: string
  /** Only bulletins addressed to this country. */
  readonly country?: string
  readonly publishedFrom?: Date
  /** Exclusive. */
  readonly publishedTo?: Date
  readonly after?: Keyset
  readonly limit: number
}

/** The bulletins a publisher may see, newest first, each with how many have read it. */
export const listBulletins = (filter: BulletinFilter): Effect.Effect<Page<Bulletin>, DatabaseError, TenantTx> =>
  tenantQuery((db) => {
    let query = bulletinColumns(db).where(publishedWithin(filter.visibility))
    const search = filter.search?.normalize("NFC").replace(/\s+/g, " ").trim() ?? ""
    if (search !== "") {
      const pattern = search.replace(/[\\%_]/g, "\\$&")
      query = query.where(sql<SqlBool>`abroad_fold(bulletin.title) like '%' || abroad_fold(${pattern}) || '%'`)
    }
    if (filter.orgUnitId !== undefined) {
      query = query.where(sql<SqlBool>`${filter.orgUnitId}::uuid = any (bulletin.target_org_unit_ids)`)
    }
    if (filter.country !== undefined) {
      query = query.where(sql<SqlBool>`${filter.country.toUpperCase()} = any (bulletin.target_countries::text[])`)
    }
    if (filter.publishedFrom !== undefined) query = query.where("bulletin.published_at", ">=", filter.publishedFrom)
    if (filter.publishedTo !== undefined) query = query.where("bulletin.published_at", "<", filter.publishedTo)
    if (filter.after !== undefined) query = query.where(olderThan("bulletin.published_at", "bulletin.id", filter.after))
    return query
      .orderBy("bulletin.published_at", "desc")
      .orderBy("bulletin.id", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(Effect.map((rows) => pageOf(rows, filter.limit, (row) => row.published_at_text, toBulletin)))

/** One bulletin, if the publisher may see it. */
export const bulletinById = (
  bulletinId: string,
  visibility: Visibility,
): Effect.Effect<Bulletin, DatabaseError | BulletinNotFound, TenantTx> =>
  tenantQuery((db) =>
    bulletinColumns(db).where("bulletin.id", "=", bulletinId).where(publishedWithin(visibility)).executeTakeFirst(),
  ).pipe(
    Effect.flatMap((row) =>
      row === undefined ? Effect.fail(BulletinNotFound.instance()) : Effect.succeed(toBulletin(row)),
    ),
  )

/** Who has read a bulletin, newest first; members outside the publisher's scope are left out. */
export const bulletinReceipts = (input: {
  readonly bulletinId: string
  readonly visibility: Visibility
  readonly after?: Keyset
  readonly limit: number
}): Effect.Effect<Page<BulletinReceipt>, DatabaseError | BulletinNotFound, TenantTx> =>
  Effect.gen(function* () {
    yield* bulletinById(input.bulletinId, input.visibility)
    const rows = yield* tenantQuery((db) => {
      let query = db
        .selectFrom("bulletin_read")
        .innerJoin("member", (join) =>
          join
            .onRef("member.tenant_id", "=", "bulletin_read.tenant_id")
            .onRef("member.id", "=", "bulletin_read.member_id"),
        )
        .innerJoin("org_unit", (join) =>
          join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
        )
        .select([
          "member.id",
          "member.full_name",
          "member.org_unit_id",
          "org_unit.name as org_unit_name",
          "bulletin_read.read_at",
          instantText("bulletin_read.read_at").as("read_at_text"),
        ])
        .where("bulletin_read.bulletin_id", "=", input.bulletinId)
      if (input.visibility.kind === "subtrees") query = query.where(pathWithin("org_unit.path", input.visibility.paths))
      if (input.after !== undefined) query = query.where(olderThan("bulletin_read.read_at", "member.id", input.after))
      return query
        .orderBy("bulletin_read.read_at", "desc")
        .orderBy("member.id", "desc")
        .limit(input.limit + 1)
        .execute()
    })
    return pageOf(
      rows,
      input.limit,
      (row) => row.read_at_text,
      (row): BulletinReceipt => ({
        memberId: row.id,
        fullName: row.full_name,
        orgUnitId: row.org_unit_id,
        orgUnitName: row.org_unit_name,
        readAt: row.read_at,
      }),
    )
  })

/** The path of the member's cell, or undefined when there is no such member in the tenant. */
const memberPath = (memberId: string) =>
  tenantQuery((db) =>
    db
      .selectFrom("member")
      .innerJoin("org_unit", (join) =>
        join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
      )
      .select("org_unit.path")
      .where("member.id", "=", memberId)
      .executeTakeFirst(),
  ).pipe(Effect.map((row) => row?.path))

/**
 * A member's feed: the bulletins addressed to them — to the whole tenant, to a unit whose
 * subtree holds their cell, or to where they are abroad — newest first, with when they read
 * each. An account that is no member (`reader` undefined) has an empty feed.
 */
export const memberFeed = (input: {
  readonly reader: BulletinReader | undefined
  readonly unreadOnly?: boolean
  readonly after?: Keyset
  readonly limit: number
}): Effect.Effect<Page<FeedBulletin>, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const reader = input.reader
    const path = reader === undefined ? undefined : yield* memberPath(reader.memberId)
    if (reader === undefined || path === undefined) return { items: [], next: undefined }
    const rows = yield* tenantQuery((db) => {
      let query = db
        .selectFrom("bulletin")
        .leftJoin("bulletin_read", (join) =>
          join
            .onRef("bulletin_read.tenant_id", "=", "bulletin.tenant_id")
            .onRef("bulletin_read.bulletin_id", "=", "bulletin.id")
            .on("bulletin_read.member_id", "=", reader.memberId),
        )
        .select([
          "bulletin.id",
          "bulletin.title",
          "bulletin.body",
          "bulletin.published_at",
          instantText("bulletin.published_at").as("published_at_text"),
          "bulletin_read.read_at",
        ])
        .where(reaches(path, reader))
      if (input.unreadOnly === true) query = query.where("bulletin_read.read_at", "is", null)
      if (input.after !== undefined) query = query.where(olderThan("bulletin.published_at", "bulletin.id", input.after))
      return query
        .orderBy("bulletin.published_at", "desc")
        .orderBy("bulletin.id", "desc")
        .limit(input.limit + 1)
        .execute()
    })
    return pageOf(
      rows,
      input.limit,
      (row) => row.published_at_text,
      (row): FeedBulletin => ({
        id: row.id,
        title: row.title,
        body: row.body,
        publishedAt: row.published_at,
        readAt: row.read_at,
      }),
    )
  })

/**
 * Marks a bulletin read by the member. Idempotent: reading again keeps the first time.
 * A bulletin not addressed to the member is not found for them.
 */
export const markBulletinRead = (input: {
  readonly bulletinId: string
  readonly reader: BulletinReader | undefined
}): Effect.Effect<{ readonly readAt: Date; readonly first: boolean }, DatabaseError | BulletinNotFound, TenantTx> =>
  Effect.gen(function* () {
    const reader = input.reader
    const path = reader === undefined ? undefined : yield* memberPath(reader.memberId)
    if (reader === undefined || path === undefined) return yield* BulletinNotFound.instance()
    const addressed = yield* tenantQuery((db) =>
      db
        .selectFrom("bulletin")
        .select("bulletin.id")
        .where("bulletin.id", "=", input.bulletinId)
        .where(reaches(path, reader))
        .executeTakeFirst(),
    )
    if (addressed === undefined) return yield* BulletinNotFound.instance()
    const inserted = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("bulletin_read")
        .values({ tenant_id: tenantId, bulletin_id: input.bulletinId, member_id: reader.memberId })
        .onConflict((conflict) => conflict.columns(["tenant_id", "bulletin_id", "member_id"]).doNothing())
        .returning("read_at")
        .executeTakeFirst(),
    )
    if (inserted !== undefined) return { readAt: inserted.read_at, first: true }
    const existing = yield* tenantQuery((db) =>
      db
        .selectFrom("bulletin_read")
        .select("read_at")
        .where("bulletin_id", "=", input.bulletinId)
        .where("member_id", "=", reader.memberId)
        .executeTakeFirstOrThrow(),
    )
    return { readAt: existing.read_at, first: false }
  })
