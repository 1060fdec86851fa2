import type { CalendarDate, DatabaseError, TenantTx } from "@abroad/db"
import { tenantQuery } from "@abroad/db"
import type { Effect } from "effect"
import { sql } from "kysely"
import { tokenArray } from "../information/keyset.ts"

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
export const tripsByOriginalTenant = (
  period: { readonly from: CalendarDate; readonly to: CalendarDate },
  /** Only trips of members whose cell lies in one of these subtrees (materialised paths); all when undefined. */
  subtrees?: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<OriginalTenantTrips>, DatabaseError, TenantTx> =>
  tenantQuery(async (db, tenantId) => {
    const within =
      subtrees === undefined
        ? sql`true`
        : sql`exists (select 1 from org_unit u where u.tenant_id = t.tenant_id and u.id = t.cell_id
                        and u.path like any (${tokenArray(
                          subtrees.map((p) => `${p}%`),
                          "text[]",
                        )}))`
    const result = await sql<{ code: string; name: string; merged: boolean; trips: number }>`
      select o.code, o.name, o.id <> ${tenantId}::uuid as merged, count(*)::int as trips
        from trip t join tenant o on o.id = coalesce(t.origin_tenant_id, t.tenant_id)
       where coalesce(t.actual_departure, t.planned_departure) between ${period.from}::date and ${period.to}::date
         and ${within}
       group by o.id, o.code, o.name
       order by o.code`.execute(db)
    return result.rows
  })
