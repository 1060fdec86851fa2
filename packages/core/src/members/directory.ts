import { type DatabaseError, type DB, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql, type Transaction } from "kysely"
import type { Visibility } from "./visibility.ts"

/** A party member (đảng viên) as a list shows them. */
export interface MemberSummary {
  readonly id: string
  readonly fullName: string
  readonly orgUnitId: string
  readonly orgUnitName: string
  readonly status: string
  readonly birthDate: string | null
}

/** Members joined to their org unit, narrowed to what the reader may see. */
const visibleMembers = (db: Transaction<DB>, visibility: Visibility) =>
  db
    .selectFrom("member")
    .innerJoin("org_unit", (join) =>
      join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
    )
    .select([
      "member.id",
      "member.full_name",
      "member.org_unit_id",
      "org_unit.name as org_unit_name",
      "member.status",
      "member.birth_date",
    ])
    .where((eb) => {
      switch (visibility.kind) {
        case "tenant":
          return sql<boolean>`true`
        case "subtrees":
          return eb.or(visibility.paths.map((path) => eb("org_unit.path", "like", `${path}%`)))
        case "self":
          return visibility.memberIds.length === 0 ? sql<boolean>`false` : eb("member.id", "in", visibility.memberIds)
      }
    })

const toSummary = (row: {
  id: string
  full_name: string
  org_unit_id: string
  org_unit_name: string
  status: string
  birth_date: string | null
}): MemberSummary => ({
  id: row.id,
  fullName: row.full_name,
  orgUnitId: row.org_unit_id,
  orgUnitName: row.org_unit_name,
  status: row.status,
  birthDate: row.birth_date,
})

/**
 * The members the reader may see, by name (diacritics ignored: "Nguyen Van A" finds
 * "Nguyễn Văn A"), in name order, keyset-paginated by id after name.
 */
export const listMembers = (input: {
  readonly visibility: Visibility
  readonly search?: string
  readonly limit: number
  readonly after?: { readonly name: string; readonly id: string }
}): Effect.Effect<ReadonlyArray<MemberSummary>, DatabaseError, TenantTx> =>
  tenantQuery((db) => {
    let query = visibleMembers(db, input.visibility)
    const search = input.search?.normalize("NFC").replace(/\s+/g, " ").trim() ?? ""
    if (search !== "") {
      // Folded by the same database function as the stored column, so both sides agree.
      const pattern = search.replace(/[\\%_]/g, "\\$&")
      query = query.where(sql<boolean>`member.search_name like '%' || abroad_fold(${pattern}) || '%'`)
    }
    if (input.after !== undefined) {
      const after = input.after
      query = query.where((eb) =>
        eb.or([
          eb("member.full_name", ">", after.name),
          eb.and([eb("member.full_name", "=", after.name), eb("member.id", ">", after.id)]),
        ]),
      )
    }
    return query.orderBy("member.full_name").orderBy("member.id").limit(input.limit).execute()
  }).pipe(Effect.map((rows) => rows.map(toSummary)))

/** One member, if the reader may see them; otherwise (or in another tenant) undefined. */
export const findMember = (
  visibility: Visibility,
  memberId: string,
): Effect.Effect<MemberSummary | undefined, DatabaseError, TenantTx> =>
  tenantQuery((db) => visibleMembers(db, visibility).where("member.id", "=", memberId).executeTakeFirst()).pipe(
    Effect.map((row) => (row === undefined ? undefined : toSummary(row))),
  )
