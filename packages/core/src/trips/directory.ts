import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { type RawBuilder, sql } from "kysely"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { KEYSET_CURSOR_PATTERN, keysetCursor, olderThan, parseKeysetCursor, tokenArray } from "../information/keyset.ts"
import { reachOf } from "../members/reach.ts"
import type { Visibility } from "../members/visibility.ts"
import type { TripPurpose } from "./purpose.ts"
import { type TripRecord, toTripRecord, visibleTrips } from "./stored.ts"
import type { TripDisplayStatus } from "./trip.ts"

/** Where a page of trips ends: the last trip's creation instant to the microsecond, and its id. */
export const TRIP_CURSOR = KEYSET_CURSOR_PATTERN

export interface TripPage<A> {
  readonly items: ReadonlyArray<A>
  /** The cursor of the following page; undefined on the last. */
  readonly next: string | undefined
}

export interface TripFilter {
  readonly visibility: Visibility
  /** A status, or one of the overdue marks (`overdue_return`: abroad past the return; `report_overdue`). */
  readonly status?: TripDisplayStatus | undefined
  readonly memberId?: string | undefined
  /** ISO 3166-1 alpha-2: trips to this country, among others. */
  readonly country?: string | undefined
  readonly purpose?: TripPurpose | undefined
  /** Trips whose stay — actual dates where known, planned otherwise — overlaps `from`…`to`. */
  readonly from?: CalendarDate | undefined
  readonly to?: CalendarDate | undefined
  readonly limit: number
  /** The `next` of the previous page. */
  readonly after?: string | undefined
}

const statusCondition = (status: TripDisplayStatus): RawBuilder<boolean> => {
  switch (status) {
    case "overdue_return":
      return sql<boolean>`trip.status = 'departed' and trip.overdue_return_since is not null`
    case "report_overdue":
      return sql<boolean>`trip.status = 'returned' and trip.report_overdue_since is not null`
    default:
      return sql<boolean>`trip.status = ${status}`
  }
}

/** Trips abroad now: departed, no return recorded (overdue ones included). */
export const ABROAD: RawBuilder<boolean> = sql<boolean>`trip.status = 'departed'`

/** Trips the scheduled check marked overdue and that are still so: no return yet, or no report yet. */
export const OVERDUE: RawBuilder<boolean> = sql<boolean>`((trip.status = 'departed' and trip.overdue_return_since is not null)
  or (trip.status = 'returned' and trip.report_overdue_since is not null))`

/**
 * The trips the reader reaches, newest first, one page at a time, narrowed by `filter` and by an
 * optional further condition (`ABROAD`, `OVERDUE`).
 */
export const listTrips = (
  filter: TripFilter,
  condition?: RawBuilder<boolean>,
): Effect.Effect<TripPage<TripRecord>, DatabaseError, TenantTx> =>
  tenantQuery((db) => {
    let query = visibleTrips(db, filter.visibility)
    if (condition !== undefined) query = query.where(condition)
    if (filter.status !== undefined) query = query.where(statusCondition(filter.status))
    if (filter.memberId !== undefined) query = query.where("trip.member_id", "=", filter.memberId)
    if (filter.purpose !== undefined) query = query.where("trip.purpose", "=", filter.purpose)
    if (filter.country !== undefined) {
      query = query.where(sql<boolean>`trip.countries @> ${tokenArray([filter.country.toUpperCase()], "char(2)[]")}`)
    }
    if (filter.from !== undefined) {
      query = query.where(sql<boolean>`coalesce(trip.actual_return, trip.planned_return) >= ${filter.from}::date`)
    }
    if (filter.to !== undefined) {
      query = query.where(sql<boolean>`coalesce(trip.actual_departure, trip.planned_departure) <= ${filter.to}::date`)
    }
    const after = filter.after === undefined ? undefined : parseKeysetCursor(filter.after)
    if (after !== undefined) query = query.where(olderThan("trip.created_at", "trip.id", after))
    return query
      .orderBy("trip.created_at", "desc")
      .orderBy("trip.id", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(Effect.map((rows) => pageOf(rows, filter.limit, toTripRecord)))

const pageOf = <R extends { readonly id: string; readonly cursor_at: string }, A>(
  rows: ReadonlyArray<R>,
  limit: number,
  map: (row: R) => A,
): TripPage<A> => {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(map),
    next: rows.length > limit && last !== undefined ? keysetCursor({ at: last.cursor_at, id: last.id }) : undefined,
  }
}

/** What a trip in an inbox waits for from its reader. */
export type InboxReason =
  /** A request the reader's cell has not given its opinion on. */
  | "cell_opinion"
  /** A request with the cell's opinion, routed to the reader's committee. */
  | "decision"
  /** An extension waiting for the reader's committee. */
  | "extension_decision"
  /** A report the reader's cell has not commented on. */
  | "cell_report_comment"
  /** A report the reader's committee has not commented on. */
  | "committee_report_comment"
  /** A request in the officer's subtree being examined (thẩm định): submitted, or with the cell's opinion. */
  | "review"
  /** A report with both comments: the officer closes the file. */
  | "close"

export const INBOX_REASONS: ReadonlyArray<InboxReason> = [
  "cell_opinion",
  "decision",
  "extension_decision",
  "cell_report_comment",
  "committee_report_comment",
  "review",
  "close",
]

/**
 * Where the reader sits, from their grants: the cells they are secretary of, the committees they
 * decide for as an approver or speak for as an officer (`all` for a grant over the whole tenant),
 * and the subtrees they examine requests in as an officer.
 */
export interface TripDesks {
  readonly secretaryOf: ReadonlyArray<string> | "all"
  readonly approverFor: ReadonlyArray<string> | "all"
  readonly officerFor: ReadonlyArray<string> | "all"
  readonly officerReach: Visibility | undefined
}

export interface InboxItem {
  readonly trip: TripRecord
  readonly awaiting: ReadonlyArray<InboxReason>
}

const among = (column: "trip.cell_id" | "trip.routing_committee_id", ids: ReadonlyArray<string> | "all") => {
  if (ids === "all") return sql<boolean>`true`
  return ids.length === 0 ? sql<boolean>`false` : sql<boolean>`${sql.ref(column)} in (${sql.join(ids)})`
}

const CELL_COMMENT_MISSING = sql<boolean>`trip.record #>> '{report,cellComment}' is null`
const COMMITTEE_COMMENT_MISSING = sql<boolean>`trip.record #>> '{report,committeeComment}' is null`

const reasonConditions = (desks: TripDesks): Readonly<Record<InboxReason, RawBuilder<boolean>>> => {
  const officerReach = desks.officerReach === undefined ? sql<boolean>`false` : reachOf(desks.officerReach)
  return {
    cell_opinion: sql<boolean>`trip.status = 'submitted' and ${among("trip.cell_id", desks.secretaryOf)}`,
    decision: sql<boolean>`trip.status = 'cell_reviewed' and ${among("trip.routing_committee_id", desks.approverFor)}`,
    extension_decision: sql<boolean>`trip.status in ('approved', 'departed')
      and trip.record #>> '{pendingExtension}' is not null
      and ${among("trip.routing_committee_id", desks.approverFor)}`,
    cell_report_comment: sql<boolean>`trip.status = 'reported' and ${CELL_COMMENT_MISSING}
      and ${among("trip.cell_id", desks.secretaryOf)}`,
    committee_report_comment: sql<boolean>`trip.status = 'reported' and ${COMMITTEE_COMMENT_MISSING}
      and (${among("trip.routing_committee_id", desks.approverFor)}
        or (${officerReach} and ${among("trip.routing_committee_id", desks.officerFor)}))`,
    review: sql<boolean>`trip.status in ('submitted', 'cell_reviewed') and ${officerReach}`,
    close: sql<boolean>`trip.status = 'reported' and not (${CELL_COMMENT_MISSING}) and not (${COMMITTEE_COMMENT_MISSING})
      and ${officerReach}`,
  }
}

/**
 * The trips waiting for the reader, newest first: cell opinions for a cell's secretary, decisions
 * and extensions for an approver of the committee a trip was routed to, report comments for both,
 * requests to examine and files to close for an officer. Each item says what it waits for.
 */
export const tripInbox = (input: {
  readonly visibility: Visibility
  readonly desks: TripDesks
  readonly limit: number
  readonly after?: string | undefined
}): Effect.Effect<TripPage<InboxItem>, DatabaseError, TenantTx> => {
  const conditions = reasonConditions(input.desks)
  // One text column, the reasons that hold joined by commas: arrays come back differently from each driver.
  const awaiting = sql<string>`concat_ws(',', ${sql.join(
    INBOX_REASONS.map((reason) => sql`case when ${conditions[reason]} then ${sql.lit(reason)} end`),
  )})`
  return tenantQuery((db) => {
    let query = visibleTrips(db, input.visibility)
      .select(awaiting.as("awaiting"))
      .where(sql<boolean>`${awaiting} <> ''`)
    const after = input.after === undefined ? undefined : parseKeysetCursor(input.after)
    if (after !== undefined) query = query.where(olderThan("trip.created_at", "trip.id", after))
    return query
      .orderBy("trip.created_at", "desc")
      .orderBy("trip.id", "desc")
      .limit(input.limit + 1)
      .execute()
  }).pipe(
    Effect.map((rows) =>
      pageOf(rows, input.limit, (row) => ({
        trip: toTripRecord(row),
        awaiting: row.awaiting.split(",") as Array<InboxReason>,
      })),
    ),
  )
}
