import type { DatabaseError, MemberConflictStatus, TenantTx } from "@abroad/db"
import { tenantQuery } from "@abroad/db"
import type { Effect } from "effect"
import { sql } from "kysely"
import { tokenArray } from "../information/keyset.ts"

/** One of the records in conflict, with what a person needs to decide. */
export interface ConflictingRecord {
  readonly memberId: string
  readonly fullName: string
  readonly birthDate: string | null
  readonly citizenId: string | null
  readonly partyCardNo: string | null
  readonly status: string
  readonly orgUnitId: string
  /** The tenant the record came from (its own code when it was the successor's). */
  readonly fromTenant: string
}

/** Records of one person that a merge brought together and that differ (hồ sơ trùng cần xử lý). */
export interface MemberConflict {
  readonly id: string
  readonly status: MemberConflictStatus
  readonly detectedAt: Date
  readonly differingFields: ReadonlyArray<string>
  readonly records: ReadonlyArray<ConflictingRecord>
}

/** The current tenant's conflicts (open ones unless told otherwise), oldest first. */
export const listMemberConflicts = (
  status: MemberConflictStatus | "all" = "open",
  /** Only records whose cell lies in one of these subtrees (materialised paths); all when undefined. */
  subtrees?: ReadonlyArray<string>,
): Effect.Effect<ReadonlyArray<MemberConflict>, DatabaseError, TenantTx> =>
  tenantQuery(async (db) => {
    const within =
      subtrees === undefined
        ? sql`true`
        : sql`u.path like any (${tokenArray(
            subtrees.map((p) => `${p}%`),
            "text[]",
          )})`
    const conflicts = await sql<{
      id: string
      status: MemberConflictStatus
      detected_at: Date
      differing_fields: Array<string>
    }>`
      select id, status, detected_at, differing_fields from member_conflict
       where ${status} = 'all' or status = ${status}
       order by detected_at, id`.execute(db)
    const records = await sql<{
      conflict: string
      id: string
      full_name: string
      birth_date: string | null
      citizen_id: string | null
      party_card_no: string | null
      status: string
      org_unit_id: string
      from_tenant: string
    }>`
      select c.id as conflict, m.id, m.full_name, m.birth_date, m.citizen_id, m.party_card_no, m.status,
             m.org_unit_id, o.code as from_tenant
        from member_conflict c
        join member m on m.tenant_id = c.tenant_id and m.id = any (c.member_ids)
        join tenant o on o.id = coalesce(m.origin_tenant_id, m.tenant_id)
        join org_unit u on u.tenant_id = m.tenant_id and u.id = m.org_unit_id
       where ${within}
       order by o.code, m.id`.execute(db)
    // A reader scoped to a subtree sees the conflicts that touch it, and only its own records of them.
    return conflicts.rows
      .filter((c) => subtrees === undefined || records.rows.some((r) => r.conflict === c.id))
      .map((c) => ({
        id: c.id,
        status: c.status,
        detectedAt: c.detected_at,
        differingFields: c.differing_fields,
        records: records.rows
          .filter((r) => r.conflict === c.id)
          .map((r) => ({
            memberId: r.id,
            fullName: r.full_name,
            birthDate: r.birth_date,
            citizenId: r.citizen_id,
            partyCardNo: r.party_card_no,
            status: r.status,
            orgUnitId: r.org_unit_id,
            fromTenant: r.from_tenant,
          })),
      }))
  })
