import type { OwnerTransaction } from "@abroad/db"

/**
 * The personal fields that say whether two records describe the same person the same way. The
 * org unit and the managing committee are not among them: two tenants' records of one person
 * necessarily sit in two trees.
 */
export const PERSON_FIELDS = [
  "full_name",
  "sex",
  "birth_date",
  "citizen_id",
  "party_card_no",
  "admitted_on",
  "full_member_on",
  "status",
  "political_issue_pending",
  "extra",
] as const

type PersonField = (typeof PERSON_FIELDS)[number]

interface Candidate extends Record<PersonField, string | null> {
  readonly tenant_id: string
  readonly id: string
  readonly flagged: boolean
}

/** Records of one person that agree on every personal field: one is kept, the others merge into it. */
export interface DuplicateGroup {
  readonly kept: { readonly tenantId: string; readonly id: string }
  readonly removed: ReadonlyArray<{ readonly tenantId: string; readonly id: string }>
}

/** Records of one person that disagree (or were in conflict already): all kept, flagged. */
export interface ConflictGroup {
  readonly members: ReadonlyArray<{ readonly tenantId: string; readonly id: string }>
  readonly differingFields: ReadonlyArray<string>
  /** Conflicts of an earlier merge these records were in; the new one replaces them. */
  readonly supersedes: ReadonlyArray<string>
}

export interface MemberMatching {
  readonly duplicates: ReadonlyArray<DuplicateGroup>
  readonly conflicts: ReadonlyArray<ConflictGroup>
}

/**
 * Finds the records of one person among the tenants being merged (the successor's own included):
 * records that share a citizen ID (CCCD) or a party card number, linked transitively. A group
 * whose records agree on every personal field becomes one record — the successor's when it has
 * one, else the first predecessor's in the order given; any other group is a conflict for a person
 * to resolve, and nothing of it is dropped. Only the candidates travel to this process, never
 * whole tenants.
 */
export const matchMembers = async (
  tx: OwnerTransaction,
  tenantsInPreferenceOrder: ReadonlyArray<string>,
): Promise<MemberMatching> => {
  const rows = await tx.query<Candidate & { merge_conflict_id: string | null }>(
    `with scope as (
       select * from member where tenant_id in (select value::uuid from jsonb_array_elements_text($1::text::jsonb))
     )
     select tenant_id::text, id::text, full_name, sex, birth_date::text, citizen_id, party_card_no,
            admitted_on::text, full_member_on::text, status, political_issue_pending::text, extra::text,
            merge_conflict_id::text, merge_conflict_id is not null as flagged
       from scope
      where citizen_id in (select citizen_id from scope where citizen_id is not null
                            group by citizen_id having count(*) > 1)
         or party_card_no in (select party_card_no from scope where party_card_no is not null
                               group by party_card_no having count(*) > 1)
      order by tenant_id, id`,
    [JSON.stringify(tenantsInPreferenceOrder)],
  )
  // Union-find over the records, joined by a shared citizen ID or card number.
  const parent = rows.map((_, index) => index)
  const find = (i: number): number => {
    let root = i
    while (parent[root] !== root) root = parent[root] as number
    parent[i] = root
    return root
  }
  const firstBy = new Map<string, number>()
  rows.forEach((row, index) => {
    for (const key of [row.citizen_id && `c:${row.citizen_id}`, row.party_card_no && `p:${row.party_card_no}`]) {
      if (!key) continue
      const first = firstBy.get(key)
      if (first === undefined) firstBy.set(key, index)
      else parent[find(index)] = find(first)
    }
  })
  const groups = new Map<number, Array<Candidate & { merge_conflict_id: string | null }>>()
  rows.forEach((row, index) => {
    const root = find(index)
    groups.set(root, [...(groups.get(root) ?? []), row])
  })

  const rank = (tenantId: string) => tenantsInPreferenceOrder.indexOf(tenantId)
  const duplicates: Array<DuplicateGroup> = []
  const conflicts: Array<ConflictGroup> = []
  for (const group of groups.values()) {
    if (group.length < 2) continue
    const ordered = [...group].sort((a, b) => rank(a.tenant_id) - rank(b.tenant_id) || a.id.localeCompare(b.id))
    const differing = PERSON_FIELDS.filter((field) => new Set(ordered.map((r) => r[field])).size > 1)
    const oneTenantEach = new Set(ordered.map((r) => r.tenant_id)).size === ordered.length
    const [kept, ...removed] = ordered
    if (kept !== undefined && differing.length === 0 && oneTenantEach && ordered.every((r) => !r.flagged)) {
      duplicates.push({
        kept: { tenantId: kept.tenant_id, id: kept.id },
        removed: removed.map((r) => ({ tenantId: r.tenant_id, id: r.id })),
      })
    } else {
      conflicts.push({
        members: ordered.map((r) => ({ tenantId: r.tenant_id, id: r.id })),
        differingFields: differing.length === 0 ? ["already_in_conflict"] : differing,
        supersedes: [...new Set(ordered.flatMap((r) => (r.merge_conflict_id === null ? [] : [r.merge_conflict_id])))],
      })
    }
  }
  // A stable order, so that a dry run and the real run report alike.
  const key = (m: { tenantId: string; id: string }) => `${rank(m.tenantId)}:${m.id}`
  duplicates.sort((a, b) => key(a.kept).localeCompare(key(b.kept)))
  conflicts.sort((a, b) => key(a.members[0] as never).localeCompare(key(b.members[0] as never)))
  return { duplicates, conflicts }
}
