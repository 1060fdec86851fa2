import type { CalendarDate, DatabaseError, TenantTx } from "@abroad/db"
import { tenantQuery } from "@abroad/db"
import type { Effect } from "effect"
import { sql } from "kysely"

/** Trips of one former tenant in a period. */
export interface OriginalTenantTrips {
  readonly code: string
  readonly name: string
  /** Whether this is a predecessor merged into the current tenant (else the tenant itself). */
  readonly merged: boolean
  readonly trips: number
}

/**
 * The current tenant's trips that left in `from`…`to` (the actual departure where known, else the
 * planned one), counted by the tenant each trip was first recorded in: for periods before a merge,
 * the statistics in the old structure. Rows moved by a merge keep `origin_tenant_id`; a row born in
 * the tenant has none and counts for the tenant itself.
 */
export const tripsByOriginalTenant = (period: {
  readonly from: CalendarDate
  readonly to: CalendarDate
}): Effect.Effect<ReadonlyArray<OriginalTenantTrips>, DatabaseError, TenantTx> =>
  tenantQuery(async (db, tenantId) => {
    const result = await sql<{ code: string; name: string; merged: boolean; trips: number }>`
      select o.code, o.name, o.id <> ${tenantId}::uuid as merged, count(*)::int as trips
        from trip t join tenant o on o.id = coalesce(t.origin_tenant_id, t.tenant_id)
       where coalesce(t.actual_departure, t.planned_departure) between ${period.from}::date and ${period.to}::date
       group by o.id, o.code, o.name
       order by o.code`.execute(db)
    return result.rows
  })
