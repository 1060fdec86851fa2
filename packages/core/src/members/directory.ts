import { type DatabaseError, type DB, type MemberStatus, type TenantTx, tenantQuery } from "@abroad/db"
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

/**
 * How close a name must be to count as a match despite typos (pg_trgm word similarity; the same
 * threshold is set on abroad_member_name_candidates, migration 0014):
 * "nguyen vna a" (0.62) finds "Nguyễn Văn A"; an unrelated name scores under 0.1.
 */
const TYPO_TOLERANCE = 0.6

/** Members joined to their org unit, narrowed to what the reader may see. */
const visibleMembers = (db: Transaction<DB>, visibility: Visibility) =>
  db
    .selectFrom("member")
    .innerJoin("org_unit", (join) =>
      join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
    )
    .select([
      "member.search_name",
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
 * The members the reader may see, in name order, keyset-paginated by id after name; or,
 * with `search`, the best matches first: by name ignoring diacritics and small typos
 * ("nguyen van a" and "nguyen vna a" find "Nguyễn Văn A"), or by citizen ID or card number.
 */
export const listMembers = (
  input: MemberListing,
): Effect.Effect<ReadonlyArray<MemberSummary>, DatabaseError, TenantTx> =>
  tenantQuery((db, tenantId) => memberListQuery(db, tenantId, input).execute()).pipe(
    Effect.map((rows) => rows.map(toSummary)),
  )

export interface MemberListing {
  readonly visibility: Visibility
  readonly search?: string
  readonly limit: number
  readonly after?: { readonly name: string; readonly id: string }
  /** Only members of this status. */
  readonly status?: MemberStatus
  /** Only members in this unit's subtree (within the reader's reach). */
  readonly orgUnitId?: string
}

/** The one statement `listMembers` sends, unexecuted: tests read its plan. */
export const memberListQuery = (db: Transaction<DB>, tenantId: string, input: MemberListing) => {
  let query = visibleMembers(db, input.visibility)
  if (input.status !== undefined) query = query.where("member.status", "=", input.status)
  if (input.orgUnitId !== undefined) {
    const unitId = input.orgUnitId
    query = query.where(
      sql<boolean>`org_unit.path like (select u.path from org_unit u where u.id = ${unitId}::uuid) || '%'`,
    )
  }
  const search = input.search?.normalize("NFC").replace(/\s+/g, " ").trim() ?? ""
  if (/^\d{6,12}$/.test(search)) {
    // Digits: a citizen ID (CCCD) or a party card number, or the start of one.
    query = query.where((eb) =>
      eb.or([eb("member.citizen_id", "like", `${search}%`), eb("member.party_card_no", "like", `${search}%`)]),
    )
  } else if (search !== "") {
    return searchByName(db, tenantId, query, search, input.limit)
  }
  if (input.after !== undefined) {
    const after = input.after
    query = query.where(
      sql<boolean>`(member.search_name, member.full_name, member.id) > (abroad_fold(${after.name}), ${after.name}, ${after.id}::uuid)`,
    )
  }
  // Folded name first: "Đ" files with "D" and "Hồ" before "Huỳnh", as a Vietnamese reader
  // expects, whatever collation the server has (PGlite has no Vietnamese one).
  return query.orderBy("member.search_name").orderBy("member.full_name").orderBy("member.id").limit(input.limit)
}

/**
 * Up to `limit` members by name, in three passes of one statement, each only when the ones before
 * it did not fill the page (a one-time filter on their count, so a later pass is not even started):
 *
 * 1. names that begin with the words typed ("nguyen van hung" → "Nguyễn Văn Hùng Anh"), folded by
 *    the same database function as the stored column, so diacritics do not matter;
 * 2. names that contain them elsewhere ("van hung" → "Nguyễn Văn Hùng");
 * 3. names within a typo or two (pg_trgm word similarity ≥ TYPO_TOLERANCE: "nguyen vna hung").
 *
 * Within a pass, the closest first (word similarity; all alike in the first), then by name letter
 * by letter. Why passes: under row-level security the planner may use an index only for leakproof
 * operators, and of these only `starts_with` (`^@`) is — the first pass is a range of the tenant's
 * btree, a few pages whatever the tenant's size. The later passes take their candidates from abroad_member_name_candidates()
 * (migration 0014), which uses the tenant's trigram index outside the policy and returns the ids
 * of the best twice-a-page only (enough: see there); the members are then read by id under the
 * policy, like every other row.
 */
const searchByName = (
  db: Transaction<DB>,
  tenantId: string,
  visible: ReturnType<typeof visibleMembers>,
  search: string,
  limit: number,
) => {
  const folded = sql<string>`abroad_fold(${search})`
  const pattern = search.replace(/[\\%_]/g, "\\$&")
  const begins = sql<boolean>`member.search_name ^@ ${folded}`
  // The same as a range of the btree, written out: the planner derives it from `^@` only when it
  // sees the words, and a prepared statement's generic plan (which PostgreSQL switches to after a
  // few runs) does not — it read the whole tenant. U+10FFFF sorts after every character.
  const beginsRange = sql<boolean>`member.search_name ~>=~ ${folded} and member.search_name ~<~ (${folded} || chr(1114111)) and ${begins}`
  const contains = sql<boolean>`member.search_name like '%' || abroad_fold(${pattern}) || '%'`
  const similarity = sql<number>`word_similarity(${folded}, member.search_name)`
  const candidate = sql<boolean>`member.id in (select id from candidates)`
  // Names compare letter by letter (`~<~`, the btree's own order), then by id, as the index of
  // the first pass holds them (migration 0019): that pass then reads its range in the page's order
  // and stops at the page's end, however many names begin with a short query or are the same name.
  const byName = sql`member.search_name using ~<~`
  const ranked = (pass: 1 | 2 | 3, matching: typeof visible, closeness: typeof similarity) =>
    matching
      .select([sql<number>`${sql.lit(pass)}`.as("pass"), closeness.as("similarity")])
      .orderBy(closeness, "desc")
      .orderBy(byName)
      .orderBy("member.id")
      .limit(limit)
  // Every name of the first pass contains the words whole: they rank by name alone.
  const first = (matching: typeof visible) => ranked(1, matching, sql<number>`1::real`)
  const best = (pass: 2 | 3, matching: typeof visible) => ranked(pass, matching, similarity)
  return db
    .with("beginning", () => first(visible.where(beginsRange)))
    .with("candidates", (qc) =>
      qc
        .selectFrom(
          sql<{ id: string }>`abroad_member_name_candidates(${tenantId}::uuid, ${search}, ${limit * 2})`.as("found"),
        )
        .select(sql<string>`found`.as("id"))
        .where(sql<boolean>`(select count(*) from beginning) < ${limit}`),
    )
    .with("inside", () => best(2, visible.where(candidate).where(contains).where(sql<boolean>`not (${begins})`)))
    .with("near", () =>
      best(
        3,
        visible
          .where(sql<boolean>`(select count(*) from beginning) + (select count(*) from inside) < ${limit}`)
          .where(candidate)
          .where(similarity, ">=", TYPO_TOLERANCE)
          .where(sql<boolean>`not (${contains})`),
      ),
    )
    .selectFrom("beginning")
    .selectAll()
    .unionAll((qc) => qc.selectFrom("inside").selectAll())
    .unionAll((qc) => qc.selectFrom("near").selectAll())
    .orderBy("pass")
    .orderBy("similarity", "desc")
    .orderBy(sql`search_name using ~<~`)
    .orderBy("id")
    .limit(limit)
}

/** One member, if the reader may see them; otherwise (or in another tenant) undefined. */
export const findMember = (
  visibility: Visibility,
  memberId: string,
): Effect.Effect<MemberSummary | undefined, DatabaseError, TenantTx> =>
  tenantQuery((db) => visibleMembers(db, visibility).where("member.id", "=", memberId).executeTakeFirst()).pipe(
    Effect.map((row) => (row === undefined ? undefined : toSummary(row))),
  )
