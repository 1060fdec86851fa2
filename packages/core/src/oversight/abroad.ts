import { type DatabaseError, type OversightTx, oversightQuery, type TripPurposeName } from "@abroad/db"
import { Effect } from "effect"
import { type SqlBool, sql } from "kysely"
import type { CalendarDate } from "../calendar/calendar-day.ts"

/**
 * A member abroad now, as the oversight body sees them across tenants: who (name, birth date),
 * whose (home tenant and unit), and the trip — purpose, countries, dates, the arrangement for party
 * activity, the organisation abroad the member was assigned to. Nothing else of the member's record.
 */
export interface MemberAbroad {
  readonly tenantId: string
  readonly tenantCode: string
  readonly tenantName: string
  readonly tripId: string
  readonly memberId: string
  readonly fullName: string
  readonly birthDate: CalendarDate | null
  readonly homeUnitName: string | null
  readonly purpose: TripPurposeName
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: CalendarDate
  readonly plannedReturn: CalendarDate
  readonly actualDeparture: CalendarDate | null
  readonly arrangement: string | null
  /** Past the planned return with no return recorded: since when. */
  readonly overdueReturnSince: CalendarDate | null
  readonly overseasOrgId: string | null
  readonly overseasOrgName: string | null
}

/** Where a page of members abroad ends: the departure day and the trip's id. */
export const ABROAD_CURSOR = /^(\d{4}-\d{2}-\d{2})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

export interface AbroadFilter {
  /** ISO 3166-1 alpha-2: members whose trip goes there, among other countries. */
  readonly country?: string | undefined
  readonly tenantId?: string | undefined
  /** Members assigned to this organisation abroad or to one of its cells. */
  readonly overseasOrgId?: string | undefined
}

const DEPARTURE = sql<string>`coalesce(oversight_member_abroad.actual_departure, oversight_member_abroad.planned_departure)::text`

/** The filters, on the view read: the list's (`oversight_member_abroad`) or the counts' (`oversight_trip_abroad`). */
const narrowed = (
  filter: AbroadFilter,
  view: "oversight_member_abroad" | "oversight_trip_abroad" = "oversight_member_abroad",
): ReadonlyArray<ReturnType<typeof sql<SqlBool>>> => [
  ...(filter.country === undefined
    ? []
    : [sql<SqlBool>`${filter.country.toUpperCase()} = any (${sql.ref(`${view}.countries`)}::text[])`]),
  ...(filter.tenantId === undefined ? [] : [sql<SqlBool>`${sql.ref(`${view}.tenant_id`)} = ${filter.tenantId}::uuid`]),
  ...(filter.overseasOrgId === undefined
    ? []
    : [
        sql<SqlBool>`${sql.ref(`${view}.overseas_org_id`)} in (
          select inner_org.id from overseas_org as inner_org
           where starts_with(inner_org.path, (select outer_org.path from overseas_org as outer_org
                                               where outer_org.id = ${filter.overseasOrgId}::uuid)))`,
      ]),
]

/**
 * Members abroad now across every tenant, newest departure first, one page at a time. Read as the
 * oversight role through its view: the database, not this query, decides who is abroad.
 */
export const listMembersAbroad = (
  filter: AbroadFilter & { readonly limit: number; readonly after?: string | undefined },
): Effect.Effect<
  { readonly items: ReadonlyArray<MemberAbroad>; readonly next: string | undefined },
  DatabaseError,
  OversightTx
> =>
  oversightQuery((db) => {
    let query = db
      .selectFrom("oversight_member_abroad")
      .select([
        "tenant_id",
        "tenant_code",
        "tenant_name",
        "trip_id",
        "member_id",
        "full_name",
        "birth_date",
        "home_unit_name",
        "purpose",
        sql<string>`array_to_string(countries, ',')`.as("countries"),
        "planned_departure",
        "planned_return",
        "actual_departure",
        "arrangement_kind",
        "overdue_return_since",
        "overseas_org_id",
        "overseas_org_name",
        DEPARTURE.as("departure"),
      ])
    for (const condition of narrowed(filter)) query = query.where(condition)
    const after = filter.after === undefined ? undefined : ABROAD_CURSOR.exec(filter.after)
    if (after != null) {
      query = query.where(
        sql<SqlBool>`(${DEPARTURE}, oversight_member_abroad.trip_id) < (${after[1]}, ${after[2]}::uuid)`,
      )
    }
    return query
      .orderBy(DEPARTURE, "desc")
      .orderBy("trip_id", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(
    Effect.map((rows) => {
      const page = rows.slice(0, filter.limit)
      const last = page.at(-1)
      return {
        items: page.map(
          (row): MemberAbroad => ({
            tenantId: row.tenant_id,
            tenantCode: row.tenant_code,
            tenantName: row.tenant_name,
            tripId: row.trip_id,
            memberId: row.member_id,
            fullName: row.full_name,
            birthDate: row.birth_date,
            homeUnitName: row.home_unit_name,
            purpose: row.purpose,
            countries: row.countries === "" ? [] : row.countries.split(","),
            plannedDeparture: row.planned_departure,
            plannedReturn: row.planned_return,
            actualDeparture: row.actual_departure,
            arrangement: row.arrangement_kind,
            overdueReturnSince: row.overdue_return_since,
            overseasOrgId: row.overseas_org_id,
            overseasOrgName: row.overseas_org_name,
          }),
        ),
        next: rows.length > filter.limit && last !== undefined ? `${last.departure}_${last.trip_id}` : undefined,
      }
    }),
  )

export type AbroadDimension = "country" | "tenant" | "overseas_org"

/** One group of members abroad: its key (a country code, a tenant code, an organisation's id or null), a label, a count. */
export interface AbroadGroup {
  readonly key: string | null
  readonly label: string
  readonly labelEn: string
  readonly count: number
}

/** The figures of the map: the members abroad in all (a trip counted once) and by group. */
export interface AbroadSummary {
  readonly total: number
  readonly groups: ReadonlyArray<AbroadGroup>
}

/**
 * How many members are abroad now, by country (a trip to two countries counts in both), home
 * tenant, or organisation abroad (null: not assigned to one) — the figures of a world map.
 *
 * By country or tenant, filtered by tenant or (by tenant) by country at most, the counts are read
 * from the tallies the database keeps exact with each trip written (`abroad_now_by_tenant`,
 * `abroad_now_by_country`, migration 0015): a few hundred rows instead of every trip under way.
 * Everything else is counted live, in one statement, one pass over the trips abroad: each group's
 * count, and the total as a window over the groups (by country, the sum of each trip's first
 * country only); grouped by the bare code, then named, so that the rows sorted for grouping stay
 * narrow. Unless an organisation abroad is filtered or grouped by, the live count reads
 * `oversight_trip_abroad` — trips under way alone (migration 0013) — rather than the list's view,
 * which looks up each member abroad in the national member table for a name and a unit.
 */
export const summariseMembersAbroad = (
  by: AbroadDimension,
  filter: AbroadFilter,
): Effect.Effect<AbroadSummary, DatabaseError, OversightTx> =>
  tallied(by, filter) ? summariseFromTallies(by, filter) : countMembersAbroad(by, filter)

/**
 * Whether the tallies answer: they count trips by tenant and country, not by organisation abroad,
 * and not which other countries the trips to one country go to.
 */
const tallied = (by: AbroadDimension, filter: AbroadFilter): by is "country" | "tenant" =>
  filter.overseasOrgId === undefined && (by === "tenant" || (by === "country" && filter.country === undefined))

const summariseFromTallies = (
  by: "country" | "tenant",
  filter: AbroadFilter,
): Effect.Effect<AbroadSummary, DatabaseError, OversightTx> =>
  oversightQuery(async (db) => {
    const ofTenant =
      filter.tenantId === undefined ? sql<SqlBool>`true` : sql<SqlBool>`tally.home_tenant_id = ${filter.tenantId}::uuid`
    const { rows } =
      by === "country"
        ? await sql<AbroadGroup & { total: number }>`
            select counted.country as key, coalesce(country.name_vi, counted.country) as label,
                   coalesce(country.name_en, counted.country) as "labelEn", counted.count,
                   (select coalesce(sum(tally.trips), 0)::int from abroad_now_by_tenant as tally where ${ofTenant}) as total
              from (select tally.country, sum(tally.listings)::int as count
                      from abroad_now_by_country as tally where ${ofTenant}
                     group by tally.country having sum(tally.listings) > 0) as counted
              left join country on country.code = counted.country
             order by counted.count desc, counted.country`.execute(db)
        : await sql<AbroadGroup & { total: number }>`
            select tenant.code as key, tenant.name as label, tenant.name as "labelEn", counted.count,
                   (sum(counted.count) over ())::int as total
              from (${
                filter.country === undefined
                  ? sql`select tally.home_tenant_id, tally.trips as count from abroad_now_by_tenant as tally
                         where ${ofTenant} and tally.trips > 0`
                  : sql`select tally.home_tenant_id, tally.trips as count from abroad_now_by_country as tally
                         where ${ofTenant} and tally.country = ${filter.country.toUpperCase()} and tally.trips > 0`
              }) as counted
              join tenant on tenant.id = counted.home_tenant_id
             order by counted.count desc, tenant.code`.execute(db)
    // No trip abroad, no group: then the total is nought too.
    return {
      total: rows[0]?.total ?? 0,
      groups: rows.map(({ total: _, ...group }) => group),
    }
  })

/** The live count (see summariseMembersAbroad); also what the tallies are checked against. */
export const countMembersAbroad = (
  by: AbroadDimension,
  filter: AbroadFilter,
): Effect.Effect<AbroadSummary, DatabaseError, OversightTx> =>
  oversightQuery(async (db) => {
    const view =
      by === "overseas_org" || filter.overseasOrgId !== undefined ? "oversight_member_abroad" : "oversight_trip_abroad"
    const abroad = sql.table(view)
    const where = narrowed(filter, view)
    const condition = where.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`${sql.join(where, sql` and `)}`
    const { rows } =
      by === "country"
        ? await sql<AbroadGroup & { total: number }>`
            select counted.destination as key, coalesce(country.name_vi, counted.destination) as label,
                   coalesce(country.name_en, counted.destination) as "labelEn", counted.count, counted.total
              from (select destination, count(*)::int as count,
                           (sum(count(*) filter (where ordinal = 1)) over ())::int as total
                      from ${abroad}, unnest(${sql.ref(`${view}.countries`)}::text[]) with ordinality as d (destination, ordinal)
                     where ${condition}
                     group by destination) as counted
              left join country on country.code = counted.destination
             order by counted.count desc, counted.destination`.execute(db)
        : by === "tenant"
          ? await sql<AbroadGroup & { total: number }>`
              select tenant.code as key, tenant.name as label, tenant.name as "labelEn", counted.count, counted.total
                from (select ${sql.ref(`${view}.tenant_id`)} as tenant_id, count(*)::int as count,
                             (sum(count(*)) over ())::int as total
                        from ${abroad} where ${condition}
                       group by 1) as counted
                join tenant on tenant.id = counted.tenant_id
               order by counted.count desc, tenant.code`.execute(db)
          : await sql<AbroadGroup & { total: number }>`
              select overseas_org_id::text as key,
                     coalesce(overseas_org_name, 'Chưa giao tổ chức đảng ở nước ngoài') as label,
                     coalesce(overseas_org_name, 'Not assigned to an organisation abroad') as "labelEn",
                     count(*)::int as count, (sum(count(*)) over ())::int as total
                from ${abroad} where ${condition}
               group by overseas_org_id, overseas_org_name order by count(*) desc, overseas_org_name nulls last`.execute(
              db,
            )
    // No trip abroad, no group: then the total is nought too.
    return {
      total: rows[0]?.total ?? 0,
      groups: rows.map(({ total: _, ...group }) => group),
    }
  })
