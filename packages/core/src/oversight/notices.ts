import {
  type DatabaseError,
  type DB,
  type NoticeKind,
  type OversightTx,
  oversightQuery,
  type TenantTx,
  tenantQuery,
} from "@abroad/db"
import { Effect } from "effect"
import { sql, type Transaction } from "kysely"
import { instantText, olderThan, parseKeysetCursor } from "../information/keyset.ts"
import { reachOf } from "../members/reach.ts"
import type { Visibility } from "../members/visibility.ts"
import { OversightNotFound, OversightRefused } from "./errors.ts"

export const NOTICE_KINDS: ReadonlyArray<NoticeKind> = ["self_assessment_on_return", "concern", "cell_change"]

/**
 * A notice from the oversight body to a member's home tenant: the self-assessment certified abroad
 * on return, a concern, or a change of the cell abroad the member attends.
 */
export interface OversightNotice {
  readonly id: string
  readonly tenantId: string
  readonly memberId: string
  /** The member's name: filled in for the home tenant, which reads its own members. */
  readonly memberName: string | null
  readonly tripId: string
  readonly kind: NoticeKind
  readonly body: string
  readonly overseasOrgId: string | null
  readonly overseasOrgName: string | null
  readonly sentByName: string
  readonly sentAt: Date
  readonly readAt: Date | null
}

const NOT_FOUND = () => OversightNotFound.of("Không tìm thấy thông báo này.", "There is no such notice.")

export interface NoticeForm {
  readonly tenantId: string
  readonly memberId: string
  readonly tripId: string
  readonly kind: NoticeKind
  readonly body: string
  readonly overseasOrgId: string | null
  readonly sentBy: string
  readonly sentByName: string
}

/**
 * Sends a notice about a member abroad now, or one whose party activity was transferred abroad.
 * The database decides: its policy for the oversight role admits no other member, and such a
 * member answers "not found", as one the oversight body cannot see.
 */
export const sendNotice = (
  form: NoticeForm,
): Effect.Effect<OversightNotice, DatabaseError | OversightNotFound | OversightRefused, OversightTx> =>
  Effect.gen(function* () {
    const body = form.body.normalize("NFC").trim()
    if (body === "")
      return yield* OversightRefused.of("notice.body", "Thông báo cần có nội dung.", "A notice needs a text.")
    if ((form.kind === "cell_change") !== (form.overseasOrgId !== null)) {
      return yield* OversightRefused.of(
        "notice.overseas_org",
        "Thông báo chuyển chi bộ cần nêu tổ chức đảng mới ở nước ngoài, và chỉ loại thông báo đó.",
        "A change of cell names the new organisation abroad, and only that kind of notice does.",
      )
    }
    if (form.overseasOrgId !== null) {
      const org = yield* oversightQuery((db) =>
        db
          .selectFrom("overseas_org")
          .select(["id", "kind", "country"])
          .where("id", "=", form.overseasOrgId)
          .where("active", "=", true)
          .executeTakeFirst(),
      )
      if (org === undefined) {
        return yield* OversightRefused.of(
          "notice.unknown_overseas_org",
          "Tổ chức đảng ở nước ngoài này không có trong danh bạ hoặc đã đóng.",
          "This organisation abroad is not in the register, or is closed.",
        )
      }
      // The new cell, as with a transfer: a cell (chi bộ), in a country of the stay under way —
      // which the oversight role sees only while the member is abroad.
      if (org.kind !== "cell") {
        return yield* OversightRefused.of(
          "notice.overseas_org_cell",
          "Đảng viên chuyển sang một chi bộ ở nước ngoài, không phải đảng bộ.",
          "A member moves to a cell abroad, not to a committee.",
        )
      }
      const trip = yield* oversightQuery((db) =>
        db
          .selectFrom("trip")
          .select("countries")
          .where("tenant_id", "=", form.tenantId)
          .where("id", "=", form.tripId)
          .where("member_id", "=", form.memberId)
          .executeTakeFirst(),
      )
      if (trip === undefined) {
        return yield* OversightNotFound.of(
          "Không tìm thấy đảng viên đang ở nước ngoài này.",
          "There is no such member abroad.",
        )
      }
      if (!trip.countries.map((code) => code.trim()).includes(org.country.trim())) {
        return yield* OversightRefused.of(
          "notice.overseas_org_country",
          "Chi bộ mới phải ở một trong các nước của chuyến đi.",
          "The new cell must be in one of the trip's countries.",
        )
      }
    }
    const row = yield* oversightQuery((db) =>
      db
        .insertInto("oversight_notice")
        .values({
          tenant_id: form.tenantId,
          member_id: form.memberId,
          trip_id: form.tripId,
          kind: form.kind,
          body,
          overseas_org_id: form.overseasOrgId,
          sent_by: form.sentBy,
          sent_by_name: form.sentByName,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    ).pipe(
      // Refused by the policy (a member not abroad, never transferred) or by a key (no such member,
      // trip or tenant): alike, nothing the oversight body may address.
      Effect.catchIf(
        (error): error is DatabaseError => error.sqlState === "42501" || error.sqlState === "23503",
        () =>
          Effect.fail(
            OversightNotFound.of("Không tìm thấy đảng viên đang ở nước ngoài này.", "There is no such member abroad."),
          ),
      ),
    )
    return yield* sentNotice(row.id)
  })

const noticeColumns = [
  "oversight_notice.id",
  "oversight_notice.tenant_id",
  "oversight_notice.member_id",
  "oversight_notice.trip_id",
  "oversight_notice.kind",
  "oversight_notice.body",
  "oversight_notice.overseas_org_id",
  "overseas_org.name as overseas_org_name",
  "oversight_notice.sent_by_name",
  "oversight_notice.sent_at",
  "oversight_notice.read_at",
] as const

interface NoticeRow {
  readonly id: string
  readonly tenant_id: string
  readonly member_id: string
  readonly trip_id: string
  readonly kind: NoticeKind
  readonly body: string
  readonly overseas_org_id: string | null
  readonly overseas_org_name: string | null
  readonly sent_by_name: string
  readonly sent_at: Date
  readonly read_at: Date | null
  readonly member_name?: string | null
}

const toNotice = (row: NoticeRow): OversightNotice => ({
  id: row.id,
  tenantId: row.tenant_id,
  memberId: row.member_id,
  memberName: row.member_name ?? null,
  tripId: row.trip_id,
  kind: row.kind,
  body: row.body,
  overseasOrgId: row.overseas_org_id,
  overseasOrgName: row.overseas_org_name,
  sentByName: row.sent_by_name,
  sentAt: row.sent_at,
  readAt: row.read_at,
})

const pageOf = (rows: ReadonlyArray<NoticeRow & { readonly cursor_at: string }>, limit: number) => {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(toNotice),
    next: rows.length > limit && last !== undefined ? `${last.cursor_at}_${last.id}` : undefined,
  }
}

/**
 * The member's name as the oversight body may read it: from the view of members abroad while the
 * stay lasts, else from the transfer form that named the member (which copied it in). A notice
 * is only ever about such a member; once neither holds (home, no transfer) the name is not the
 * oversight body's to read, and stays null.
 */
const nameSeenByOversight = sql<string | null>`coalesce(
    (select abroad.full_name from oversight_member_abroad as abroad
      where abroad.tenant_id = oversight_notice.tenant_id and abroad.trip_id = oversight_notice.trip_id
      limit 1),
    (select transfer.member_name from activity_transfer as transfer
      where transfer.tenant_id = oversight_notice.tenant_id and transfer.trip_id = oversight_notice.trip_id
      order by transfer.created_at desc limit 1))`.as("member_name")

/** A notice the oversight body sent. */
export const sentNotice = (
  id: string,
): Effect.Effect<OversightNotice, DatabaseError | OversightNotFound, OversightTx> =>
  oversightQuery((db) =>
    db
      .selectFrom("oversight_notice")
      .leftJoin("overseas_org", "overseas_org.id", "oversight_notice.overseas_org_id")
      .select([...noticeColumns, nameSeenByOversight])
      .where("oversight_notice.id", "=", id)
      .executeTakeFirst(),
  ).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(NOT_FOUND()) : Effect.succeed(toNotice(row)))))

/** The notices the oversight body sent, newest first; `tenantId` narrows them. */
export const listSentNotices = (filter: {
  readonly tenantId?: string | undefined
  readonly limit: number
  readonly after?: string | undefined
}) =>
  oversightQuery((db) => {
    let query = db
      .selectFrom("oversight_notice")
      .leftJoin("overseas_org", "overseas_org.id", "oversight_notice.overseas_org_id")
      .select([...noticeColumns, nameSeenByOversight, instantText("oversight_notice.sent_at").as("cursor_at")])
    if (filter.tenantId !== undefined) query = query.where("oversight_notice.tenant_id", "=", filter.tenantId)
    const after = filter.after === undefined ? undefined : parseKeysetCursor(filter.after)
    if (after !== undefined) query = query.where(olderThan("oversight_notice.sent_at", "oversight_notice.id", after))
    return query
      .orderBy("oversight_notice.sent_at", "desc")
      .orderBy("oversight_notice.id", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(Effect.map((rows) => pageOf(rows, filter.limit)))

/** Notices about members within the reader's reach: the member's current unit inside the scope. */
const inbox = (db: Transaction<DB>, visibility: Visibility) =>
  db
    .selectFrom("oversight_notice")
    .innerJoin("member", (join) =>
      join
        .onRef("member.tenant_id", "=", "oversight_notice.tenant_id")
        .onRef("member.id", "=", "oversight_notice.member_id"),
    )
    .innerJoin("org_unit", (join) =>
      join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
    )
    .leftJoin("overseas_org", "overseas_org.id", "oversight_notice.overseas_org_id")
    .select([
      ...noticeColumns,
      "member.full_name as member_name",
      instantText("oversight_notice.sent_at").as("cursor_at"),
    ])
    .where(reachOf(visibility))

/** The home tenant's inbox of notices from the oversight body, newest first; unread only when asked. */
export const listNotices = (filter: {
  readonly visibility: Visibility
  readonly unreadOnly?: boolean | undefined
  readonly limit: number
  readonly after?: string | undefined
}) =>
  tenantQuery((db) => {
    let query = inbox(db, filter.visibility)
    if (filter.unreadOnly === true) query = query.where("oversight_notice.read_at", "is", null)
    const after = filter.after === undefined ? undefined : parseKeysetCursor(filter.after)
    if (after !== undefined) query = query.where(olderThan("oversight_notice.sent_at", "oversight_notice.id", after))
    return query
      .orderBy("oversight_notice.sent_at", "desc")
      .orderBy("oversight_notice.id", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(Effect.map((rows) => pageOf(rows, filter.limit)))

/** One notice of the home tenant, if its member is within reach. */
export const tenantNotice = (
  id: string,
  visibility: Visibility,
): Effect.Effect<OversightNotice, DatabaseError | OversightNotFound, TenantTx> =>
  tenantQuery((db) => inbox(db, visibility).where("oversight_notice.id", "=", id).executeTakeFirst()).pipe(
    Effect.flatMap((row) => (row === undefined ? Effect.fail(NOT_FOUND()) : Effect.succeed(toNotice(row)))),
  )

/** Marks a notice read by the reader; reading it again keeps the first time. */
export const markNoticeRead = (
  id: string,
  visibility: Visibility,
  userId: string,
): Effect.Effect<OversightNotice, DatabaseError | OversightNotFound, TenantTx> =>
  Effect.gen(function* () {
    yield* tenantNotice(id, visibility)
    yield* tenantQuery((db) =>
      db
        .updateTable("oversight_notice")
        .set({ read_at: new Date(), read_by: userId })
        .where("id", "=", id)
        .where("read_at", "is", null)
        .execute(),
    )
    return yield* tenantNotice(id, visibility)
  })
