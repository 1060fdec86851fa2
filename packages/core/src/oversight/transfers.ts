import {
  type DatabaseError,
  type DB,
  type OversightTx,
  oversightQuery,
  type TenantTx,
  type TransferForm,
  type TransferStatus,
  tenantQuery,
} from "@abroad/db"
import { Effect } from "effect"
import { type SelectQueryBuilder, type SqlBool, sql, type Transaction } from "kysely"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { instantText, olderThan, parseKeysetCursor, tokenArray } from "../information/keyset.ts"
import { reachOf } from "../members/reach.ts"
import type { Visibility } from "../members/visibility.ts"
import { recordDomainEvent } from "../outbox/record.ts"
import { OversightConflict, OversightNotFound, OversightRefused } from "./errors.ts"
import { unknownOverseasOrgs } from "./overseas-orgs.ts"

/** The forms a home committee sends (3C-SHĐ is the list of several sent together). */
export const TRANSFER_FORMS: ReadonlyArray<TransferForm> = ["3-SHĐ", "3A-SHĐ"]
export const TRANSFER_STATUSES: ReadonlyArray<TransferStatus> = ["received", "accepted", "returned"]

/**
 * Chuyển sinh hoạt đảng ra nước ngoài: what the home committee sent (the member as the form
 * names them, the trip) and what the oversight body decided.
 */
export interface ActivityTransfer {
  readonly id: string
  readonly tenantId: string
  readonly tenantCode: string
  readonly tripId: string
  readonly memberId: string
  readonly form: TransferForm
  /** Transfers sent together share the id of their 3C-SHĐ list. */
  readonly listId: string | null
  /** Temporary (over 3 up to 12 months) or official (12 months or more). */
  readonly kind: "temporary" | "official"
  readonly memberName: string
  readonly memberBirthDate: CalendarDate | null
  readonly homeUnitName: string
  readonly purpose: string
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: CalendarDate
  readonly plannedReturn: CalendarDate
  readonly proposedOverseasOrgId: string | null
  readonly note: string | null
  readonly status: TransferStatus
  readonly assignedOverseasOrgId: string | null
  readonly assignedOverseasOrgName: string | null
  readonly returnReason: string | null
  readonly decidedAt: Date | null
  readonly createdAt: Date
}

const NOT_FOUND = () =>
  OversightNotFound.of("Không tìm thấy hồ sơ chuyển sinh hoạt đảng này.", "There is no such transfer.")

/** Arrangements under which party activity goes to an organisation abroad (Regulation 86). */
const TRANSFERRED_ARRANGEMENTS = new Set(["temporary_transfer", "official_transfer", "direct_guidance_by_oversight"])

const transferColumns = <O>(query: SelectQueryBuilder<DB, "activity_transfer" | "tenant", O>) =>
  query
    .leftJoin("overseas_org", "overseas_org.id", "activity_transfer.assigned_overseas_org_id")
    .select([
      "activity_transfer.id",
      "activity_transfer.tenant_id",
      "tenant.code as tenant_code",
      "activity_transfer.trip_id",
      "activity_transfer.member_id",
      "activity_transfer.form",
      "activity_transfer.list_id",
      "activity_transfer.kind",
      "activity_transfer.member_name",
      "activity_transfer.member_birth_date",
      "activity_transfer.home_unit_name",
      "activity_transfer.purpose",
      sql<string>`array_to_string(activity_transfer.countries, ',')`.as("countries"),
      "activity_transfer.planned_departure",
      "activity_transfer.planned_return",
      "activity_transfer.proposed_overseas_org_id",
      "activity_transfer.note",
      "activity_transfer.status",
      "activity_transfer.assigned_overseas_org_id",
      "overseas_org.name as assigned_name",
      "activity_transfer.return_reason",
      "activity_transfer.decided_at",
      "activity_transfer.created_at",
      instantText("activity_transfer.created_at").as("cursor_at"),
    ])

const fromTransfers = (db: Transaction<DB>) =>
  transferColumns(db.selectFrom("activity_transfer").innerJoin("tenant", "tenant.id", "activity_transfer.tenant_id"))

type TransferRow = Awaited<ReturnType<ReturnType<typeof fromTransfers>["executeTakeFirstOrThrow"]>>

const toTransfer = (row: TransferRow): ActivityTransfer => ({
  id: row.id,
  tenantId: row.tenant_id,
  tenantCode: row.tenant_code,
  tripId: row.trip_id,
  memberId: row.member_id,
  form: row.form,
  listId: row.list_id,
  kind: row.kind,
  memberName: row.member_name,
  memberBirthDate: row.member_birth_date,
  homeUnitName: row.home_unit_name,
  purpose: row.purpose,
  countries: row.countries === "" ? [] : row.countries.split(","),
  plannedDeparture: row.planned_departure,
  plannedReturn: row.planned_return,
  proposedOverseasOrgId: row.proposed_overseas_org_id,
  note: row.note,
  status: row.status,
  assignedOverseasOrgId: row.assigned_overseas_org_id,
  assignedOverseasOrgName: row.assigned_name,
  returnReason: row.return_reason,
  decidedAt: row.decided_at,
  createdAt: row.created_at,
})

const pageOf = (rows: ReadonlyArray<TransferRow>, limit: number) => {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(toTransfer),
    next: rows.length > limit && last !== undefined ? `${last.cursor_at}_${last.id}` : undefined,
  }
}

/** Transfers of members the reader reaches: the member's current unit inside the reader's scope. */
const withinReach = (visibility: Visibility) =>
  sql<SqlBool>`exists (select 1 from member join org_unit on org_unit.tenant_id = member.tenant_id
      and org_unit.id = member.org_unit_id
     where member.tenant_id = activity_transfer.tenant_id and member.id = activity_transfer.member_id
       and ${reachOf(visibility)})`

export interface TransferRequest {
  readonly tripIds: ReadonlyArray<string>
  readonly form: TransferForm
  readonly proposedOverseasOrgId: string | null
  readonly note: string | null
  readonly visibility: Visibility
  /** The account that sends; null for the demo seed. */
  readonly userId: string | null
}

/**
 * Sends the transfers of party activity for members' trips to the oversight body: one per trip,
 * several together as one 3C-SHĐ list. Each trip must be within the sender's reach, approved or
 * under way, with an arrangement that moves party activity abroad; form 3A-SHĐ is for labour
 * export. What the form says of the member is copied in, as the paper form would carry it.
 */
export const sendTransfers = (
  request: TransferRequest,
): Effect.Effect<
  ReadonlyArray<ActivityTransfer>,
  DatabaseError | OversightNotFound | OversightRefused | OversightConflict,
  TenantTx
> =>
  Effect.gen(function* () {
    const tripIds = [...new Set(request.tripIds.map((id) => id.toLowerCase()))]
    if (request.proposedOverseasOrgId !== null) {
      const unknown = yield* unknownOverseasOrgs(tenantQuery, [request.proposedOverseasOrgId])
      if (unknown.length > 0) {
        return yield* OversightRefused.of(
          "transfer.unknown_overseas_org",
          "Tổ chức đảng ở nước ngoài được đề xuất không có trong danh bạ.",
          "The proposed organisation abroad is not in the register.",
        )
      }
    }
    const trips = yield* tenantQuery((db) =>
      db
        .selectFrom("trip")
        .innerJoin("member", (join) =>
          join.onRef("member.tenant_id", "=", "trip.tenant_id").onRef("member.id", "=", "trip.member_id"),
        )
        .innerJoin("org_unit", (join) =>
          join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
        )
        .select([
          "trip.id",
          "trip.member_id",
          "trip.status",
          "trip.purpose",
          "trip.arrangement_kind",
          sql<string>`array_to_string(trip.countries, ',')`.as("countries"),
          "trip.planned_departure",
          "trip.planned_return",
          "member.full_name",
          "member.birth_date",
          "org_unit.name as unit_name",
        ])
        .where("trip.id", "in", tripIds)
        .where(reachOf(request.visibility))
        .execute(),
    )
    if (trips.length !== tripIds.length)
      return yield* OversightNotFound.of("Không tìm thấy chuyến đi này.", "There is no such trip.")
    for (const trip of trips) {
      if (trip.status !== "approved" && trip.status !== "departed") {
        return yield* OversightRefused.of(
          "transfer.trip_status",
          "Chỉ chuyển sinh hoạt đảng cho chuyến đi đã được cho phép hoặc đang ở nước ngoài.",
          "Party activity is transferred only for a trip that is approved or under way.",
        )
      }
      if (!TRANSFERRED_ARRANGEMENTS.has(trip.arrangement_kind ?? "none")) {
        return yield* OversightRefused.of(
          "transfer.arrangement",
          "Thời gian ở nước ngoài của chuyến đi này không cần chuyển sinh hoạt đảng.",
          "This trip's stay abroad does not call for a transfer of party activity.",
        )
      }
      if (request.form === "3A-SHĐ" && trip.purpose !== "labour_export") {
        return yield* OversightRefused.of(
          "transfer.form",
          "Mẫu 3A-SHĐ dành cho đảng viên đi lao động ở nước ngoài.",
          "Form 3A-SHĐ is for members going abroad for labour export.",
        )
      }
    }
    const listId = tripIds.length > 1 ? crypto.randomUUID() : null
    const ids = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("activity_transfer")
        .values(
          trips.map((trip) => ({
            tenant_id: tenantId,
            trip_id: trip.id,
            member_id: trip.member_id,
            form: request.form,
            list_id: listId,
            kind: trip.arrangement_kind === "temporary_transfer" ? ("temporary" as const) : ("official" as const),
            member_name: trip.full_name,
            member_birth_date: trip.birth_date,
            home_unit_name: trip.unit_name,
            purpose: trip.purpose,
            countries: tokenArray(trip.countries.split(","), "char(2)[]"),
            planned_departure: trip.planned_departure,
            planned_return: trip.planned_return,
            proposed_overseas_org_id: request.proposedOverseasOrgId,
            note: request.note === null ? null : request.note.normalize("NFC").trim() || null,
            created_by: request.userId,
          })),
        )
        .returning("id")
        .execute(),
    ).pipe(
      Effect.catchIf(
        (error): error is DatabaseError => error.sqlState === "23505",
        () =>
          Effect.fail(
            OversightConflict.of(
              "transfer.exists",
              "Chuyến đi này đã có hồ sơ chuyển sinh hoạt đảng đang xử lý hoặc đã được tiếp nhận.",
              "This trip already has a transfer being handled or accepted.",
            ),
          ),
      ),
    )
    for (const { id } of ids) {
      yield* recordDomainEvent({
        type: "transfer.sent",
        entityType: "activity_transfer",
        entityId: id,
        payload: { form: request.form, listId },
      })
    }
    const rows = yield* tenantQuery((db) =>
      fromTransfers(db)
        .where(
          "activity_transfer.id",
          "in",
          ids.map((row) => row.id),
        )
        .orderBy("activity_transfer.created_at")
        .execute(),
    )
    return rows.map(toTransfer)
  })

export interface TransferListFilter {
  readonly status?: TransferStatus | undefined
  readonly limit: number
  readonly after?: string | undefined
}

const listed = <R>(
  run: (
    f: (db: Transaction<DB>) => Promise<ReadonlyArray<TransferRow>>,
  ) => Effect.Effect<ReadonlyArray<TransferRow>, DatabaseError, R>,
  filter: TransferListFilter,
  narrow: (query: ReturnType<typeof fromTransfers>) => ReturnType<typeof fromTransfers>,
) =>
  run((db) => {
    let query = narrow(fromTransfers(db))
    if (filter.status !== undefined) query = query.where("activity_transfer.status", "=", filter.status)
    const after = filter.after === undefined ? undefined : parseKeysetCursor(filter.after)
    if (after !== undefined)
      query = query.where(olderThan("activity_transfer.created_at", "activity_transfer.id", after))
    return query
      .orderBy("activity_transfer.created_at", "desc")
      .orderBy("activity_transfer.id", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(Effect.map((rows) => pageOf(rows, filter.limit)))

/** The home tenant's transfers of members within reach, newest first, with their outcome. */
export const listTenantTransfers = (
  filter: TransferListFilter & { readonly visibility: Visibility; readonly tripId?: string | undefined },
) =>
  listed(tenantQuery, filter, (query) => {
    const reached = query.where(withinReach(filter.visibility))
    // A trip's own transfers, for its file: sent, accepted or returned.
    return filter.tripId === undefined ? reached : reached.where("activity_transfer.trip_id", "=", filter.tripId)
  })

/** One transfer of the home tenant, if its member is within reach. */
export const tenantTransfer = (
  id: string,
  visibility: Visibility,
): Effect.Effect<ActivityTransfer, DatabaseError | OversightNotFound, TenantTx> =>
  tenantQuery((db) =>
    fromTransfers(db).where("activity_transfer.id", "=", id).where(withinReach(visibility)).executeTakeFirst(),
  ).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(NOT_FOUND()) : Effect.succeed(toTransfer(row)))))

/** The oversight body's intake: every tenant's transfers, newest first; `tenantId` narrows it. */
export const listTransferIntake = (filter: TransferListFilter & { readonly tenantId?: string | undefined }) =>
  listed(oversightQuery, filter, (query) =>
    filter.tenantId === undefined ? query : query.where("activity_transfer.tenant_id", "=", filter.tenantId),
  )

/** One transfer of the intake. */
export const intakeTransfer = (
  id: string,
): Effect.Effect<ActivityTransfer, DatabaseError | OversightNotFound, OversightTx> =>
  oversightQuery((db) => fromTransfers(db).where("activity_transfer.id", "=", id).executeTakeFirst()).pipe(
    Effect.flatMap((row) => (row === undefined ? Effect.fail(NOT_FOUND()) : Effect.succeed(toTransfer(row)))),
  )

export type TransferDecision =
  | { readonly outcome: "accept"; readonly overseasOrgId: string }
  | { readonly outcome: "return"; readonly reason: string }

/**
 * Decides a received transfer: accepted and assigned to an organisation abroad in one of the
 * trip's countries, or returned to the home committee with a reason. A transfer is decided once.
 */
export const decideTransfer = (input: {
  readonly transferId: string
  readonly decision: TransferDecision
  /** The account that decides; null for the demo seed. */
  readonly userId: string | null
}): Effect.Effect<
  ActivityTransfer,
  DatabaseError | OversightNotFound | OversightRefused | OversightConflict,
  OversightTx
> =>
  Effect.gen(function* () {
    const transfer = yield* intakeTransfer(input.transferId)
    if (transfer.status !== "received") {
      return yield* OversightConflict.of(
        "transfer.decided",
        "Hồ sơ này đã được xử lý.",
        "This transfer has already been decided.",
      )
    }
    const decision = input.decision
    if (decision.outcome === "accept") {
      const org = yield* oversightQuery((db) =>
        db
          .selectFrom("overseas_org")
          .select(["country", "active", "kind"])
          .where("id", "=", decision.overseasOrgId)
          .executeTakeFirst(),
      )
      if (org === undefined || !org.active) {
        return yield* OversightRefused.of(
          "transfer.unknown_overseas_org",
          "Tổ chức đảng ở nước ngoài này không có trong danh bạ hoặc đã đóng.",
          "This organisation abroad is not in the register, or is closed.",
        )
      }
      if (!transfer.countries.includes(org.country.trim())) {
        return yield* OversightRefused.of(
          "transfer.overseas_org_country",
          "Tổ chức đảng được giao phải ở một trong các nước của chuyến đi.",
          "The organisation abroad must be in one of the trip's countries.",
        )
      }
      // A member's party activity abroad is in a cell (chi bộ); a committee assigns its cells.
      if (org.kind !== "cell") {
        return yield* OversightRefused.of(
          "transfer.overseas_org_cell",
          "Đảng viên được giao về một chi bộ ở nước ngoài, không phải đảng bộ.",
          "A member is assigned to a cell abroad, not to a committee.",
        )
      }
    }
    const reason = decision.outcome === "return" ? decision.reason.normalize("NFC").trim() : ""
    if (decision.outcome === "return" && reason === "") {
      return yield* OversightRefused.of(
        "transfer.reason",
        "Cần nêu lý do trả lại.",
        "A returned transfer needs a reason.",
      )
    }
    const updated = yield* oversightQuery((db) =>
      db
        .updateTable("activity_transfer")
        .set(
          decision.outcome === "accept"
            ? {
                status: "accepted",
                assigned_overseas_org_id: decision.overseasOrgId,
                decided_at: new Date(),
                decided_by: input.userId,
              }
            : { status: "returned", return_reason: reason, decided_at: new Date(), decided_by: input.userId },
        )
        .where("id", "=", input.transferId)
        .where("tenant_id", "=", transfer.tenantId)
        .where("status", "=", "received")
        .executeTakeFirst(),
    )
    if (Number(updated.numUpdatedRows) === 0) {
      return yield* OversightConflict.of(
        "transfer.decided",
        "Hồ sơ này vừa được xử lý.",
        "This transfer has just been decided.",
      )
    }
    return yield* intakeTransfer(input.transferId)
  })
