import {
  type DatabaseError,
  type DB,
  type TenantTx,
  type TripActorKind,
  type TripFunding,
  tenantQuery,
} from "@abroad/db"
import { Effect } from "effect"
import { sql, type Transaction } from "kysely"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { instantText } from "../information/keyset.ts"
import { reachOf } from "../members/reach.ts"
import type { Visibility } from "../members/visibility.ts"
import { TripNotFound } from "./errors.ts"
import type { TripEventType } from "./events.ts"
import { type Trip, type TripDisplayStatus, tripDisplayStatus } from "./trip.ts"
import type { RelativesUndertaking, TripCompanion } from "./workflow.ts"

/** Kinh phí: the state budget, the member's own money, or a foreign sponsor. */
export const TRIP_FUNDINGS: ReadonlyArray<TripFunding> = ["state_budget", "own", "foreign_sponsor"]

/** A trip as the platform shows it: the workflow's record, and what the request form and the tenant add. */
export interface TripRecord extends Trip {
  readonly memberName: string
  /** The status with the overdue marks, as lists show it. */
  readonly displayStatus: TripDisplayStatus
  readonly funding: TripFunding
  /** Fields plugins added to the request, under each plugin's id. */
  readonly extra: Readonly<Record<string, unknown>>
  readonly companions: ReadonlyArray<TripCompanion>
  readonly relativesUndertaking: RelativesUndertaking | null
  readonly createdAt: Date
  readonly updatedAt: Date
}

/** One accepted transition in a trip's history. */
export interface TripHistoryEntry {
  readonly revision: number
  readonly type: TripEventType
  readonly actorKind: TripActorKind
  /** The actor as the machine names it: an account id, `member:<id>`, `integration:<source>`, `scheduler`. */
  readonly actor: string
  readonly actorUserId: string | null
  readonly occurredOn: CalendarDate
  readonly occurredAt: Date
  readonly data: Readonly<Record<string, unknown>>
}

/** One trip in full: its record, the after-return report's text, and everything that happened to it. */
export interface TripDetail extends TripRecord {
  readonly reportText: string | null
  readonly history: ReadonlyArray<TripHistoryEntry>
}

/** A value as a jsonb parameter: sent as text and parsed by the server, alike on both drivers. */
export const asJsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`

const objectOf = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}

/**
 * Trips joined to their member and the member's current unit, narrowed to what the reader reaches:
 * an officer sees the trips of the members in their subtree, a member only their own.
 */
export const visibleTrips = (db: Transaction<DB>, visibility: Visibility) =>
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
      "trip.record",
      "trip.funding",
      "trip.extra",
      "trip.companions",
      "trip.relatives_undertaking",
      "trip.created_at",
      "trip.updated_at",
      "member.full_name",
      instantText("trip.created_at").as("cursor_at"),
    ])
    .where(reachOf(visibility))

export interface TripRow {
  readonly record: unknown
  readonly funding: TripFunding
  readonly extra: unknown
  readonly companions: unknown
  readonly relatives_undertaking: unknown
  readonly created_at: Date
  readonly updated_at: Date
  readonly full_name: string
}

/**
 * The stored record is the machine's own value, written only by `workflow.ts` from what the machine
 * returned; the table's checks hold its id, member, status and revision equal to the columns.
 */
export const toTripRecord = (row: TripRow): TripRecord => {
  const trip = row.record as Trip
  return {
    ...trip,
    memberName: row.full_name,
    displayStatus: tripDisplayStatus(trip),
    funding: row.funding,
    extra: objectOf(row.extra),
    companions: Array.isArray(row.companions) ? (row.companions as ReadonlyArray<TripCompanion>) : [],
    relativesUndertaking: (row.relatives_undertaking ?? null) as RelativesUndertaking | null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** The trip, if the reader reaches it. */
export const findTrip = (
  tripId: string,
  visibility: Visibility,
): Effect.Effect<TripRecord, DatabaseError | TripNotFound, TenantTx> =>
  tenantQuery((db) => visibleTrips(db, visibility).where("trip.id", "=", tripId).executeTakeFirst()).pipe(
    Effect.flatMap((row) => (row === undefined ? Effect.fail(TripNotFound.instance()) : Effect.succeed(row))),
    Effect.map(toTripRecord),
  )

/** The workflow's record of the trip, as the machine takes it, if the reader reaches it. */
export const storedTrip = (
  tripId: string,
  visibility: Visibility,
): Effect.Effect<Trip, DatabaseError | TripNotFound, TenantTx> =>
  tenantQuery((db) => visibleTrips(db, visibility).where("trip.id", "=", tripId).executeTakeFirst()).pipe(
    Effect.flatMap((row) =>
      row === undefined ? Effect.fail(TripNotFound.instance()) : Effect.succeed(row.record as Trip),
    ),
  )

/** The trip with its report's text and its history, if the reader reaches it. */
export const tripDetail = (
  tripId: string,
  visibility: Visibility,
): Effect.Effect<TripDetail, DatabaseError | TripNotFound, TenantTx> =>
  Effect.gen(function* () {
    const trip = yield* findTrip(tripId, visibility)
    const report = yield* tenantQuery((db) =>
      db.selectFrom("trip_report").select("body").where("trip_id", "=", tripId).executeTakeFirst(),
    )
    const history = yield* tenantQuery((db) =>
      db
        .selectFrom("trip_event")
        .select(["revision", "type", "actor_kind", "actor", "actor_user_id", "occurred_on", "occurred_at", "data"])
        .where("trip_id", "=", tripId)
        .orderBy("revision")
        .execute(),
    )
    return {
      ...trip,
      reportText: report?.body ?? null,
      history: history.map((entry) => ({
        revision: entry.revision,
        type: entry.type as TripEventType,
        actorKind: entry.actor_kind,
        actor: entry.actor,
        actorUserId: entry.actor_user_id,
        occurredOn: entry.occurred_on,
        occurredAt: entry.occurred_at,
        data: objectOf(entry.data),
      })),
    } satisfies TripDetail
  })
