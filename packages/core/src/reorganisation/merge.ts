import { randomUUID } from "node:crypto"
import { type CalendarDate, DatabaseError, DatabaseOwner, type OwnerTransaction } from "@abroad/db"
import { Effect } from "effect"
import { dayInVietnam } from "../calendar/calendar-day.ts"
import { TenantNotFound } from "../tenants/directory.ts"
import { type Catalogue, readCatalogue, type TenantTable } from "./catalogue.ts"
import { TenantMergeRefused } from "./errors.ts"
import { type MemberMatching, matchMembers } from "./members.ts"

/** Who asked for a merge: an account through the API, or the admin command. */
export interface MergeActor {
  readonly userId: string | null
  /** A username, or `cli`. */
  readonly name: string
}

export interface MergeRequest {
  /** The successor's code: it goes on and takes the others in. */
  readonly into: string
  /** The predecessors' codes, in order of preference for a member record kept over its twin. */
  readonly from: ReadonlyArray<string>
  /** The day the successor takes over; the predecessors' last day is the day before. */
  readonly effectiveOn: CalendarDate
  readonly dryRun: boolean
  readonly actor: MergeActor
}

/** One tenant table in a merge: rows moved to the successor, kept with a predecessor, merged away, added. */
export interface TableReport {
  readonly table: string
  readonly moved: number
  readonly kept: number
  /** Member records merged into an identical record of the same person (each kept whole in member_merge). */
  readonly merged: number
  /** Rows the merge writes: the move of each predecessor's committee, the audit entries, the merge's records. */
  readonly created: number
}

/** A conflict as a platform operator may see it: no name, no citizen ID. */
export interface ConflictSummary {
  readonly records: number
  readonly tenants: ReadonlyArray<string>
  readonly differingFields: ReadonlyArray<string>
}

/** What a merge moves — exactly what a dry run reports and the real run then does. */
export interface MergeReport {
  readonly into: string
  readonly from: ReadonlyArray<string>
  readonly effectiveOn: CalendarDate
  readonly tables: ReadonlyArray<TableReport>
  readonly members: {
    /** Groups of identical records of one person, each now one record. */
    readonly duplicateGroups: number
    readonly mergedRecords: number
    readonly conflicts: number
    readonly conflictingRecords: number
  }
  readonly conflicts: ReadonlyArray<ConflictSummary>
  readonly organisation: {
    /** Predecessors' committees hung under the successor's committee. */
    readonly subtreesAttached: number
    /** The successor had no tree: its committee was created. */
    readonly committeeCreated: boolean
  }
  /** Grants over a whole predecessor, narrowed to its subtree. */
  readonly grantsNarrowed: number
  /** Accounts whose home is now the successor (usernames unchanged). */
  readonly accountsMoved: number
}

export interface MergeOutcome {
  readonly dryRun: boolean
  /** The merge's id (`tenant_merge`); none for a dry run. */
  readonly mergeId: string | null
  readonly report: MergeReport
}

interface TenantRow {
  readonly id: string
  readonly code: string
  readonly kind: "province" | "city" | "ministry"
  readonly party_body: string
  readonly status: string
  readonly is_oversight: boolean
  readonly merged_into: string | null
}

const refused = (reason: TenantMergeRefused["reason"], vi: string, en: string) =>
  new TenantMergeRefused({ reason, message: { vi, en } })

/** Carries a typed failure out of an owner transaction, which rolls back on any throw. */
class Abort {
  readonly error: TenantMergeRefused | TenantNotFound | undefined
  readonly result: unknown
  constructor(error: TenantMergeRefused | TenantNotFound | undefined, result?: unknown) {
    this.error = error
    this.result = result
  }
}

const json = (value: unknown) => JSON.stringify(value)

/** Checks what needs no database: a request naming a tenant twice. */
export const checkMergeRequest = (into: string, from: ReadonlyArray<string>): TenantMergeRefused | undefined => {
  if (from.includes(into)) {
    return refused(
      "into_itself",
      `Không thể sáp nhập đơn vị ${into} vào chính nó.`,
      `A tenant cannot be merged into itself (${into}).`,
    )
  }
  const repeated = from.find((code, index) => from.indexOf(code) !== index)
  if (repeated !== undefined) {
    return refused(
      "repeated_predecessor",
      `Đơn vị ${repeated} được nêu hai lần.`,
      `The tenant ${repeated} is named twice.`,
    )
  }
  return undefined
}

const loadTenants = async (tx: OwnerTransaction, codes: ReadonlyArray<string>) => {
  const rows = await tx.query<TenantRow>(
    `select id::text, code, kind, party_body, status, is_oversight, merged_into::text from tenant
      where code in (select jsonb_array_elements_text($1::text::jsonb))`,
    [json(codes)],
  )
  const byCode = new Map(rows.map((row) => [row.code, row]))
  const missing = codes.find((code) => !byCode.has(code))
  if (missing !== undefined) throw new Abort(new TenantNotFound({ code: missing }))
  return byCode
}

/**
 * Lifts the forced row-level security of every tenant table for this transaction only: moving a
 * row from one tenant to another is exactly what the wall forbids, and the owner must see every
 * tenant at once. It takes each table's exclusive lock, so no request writes while the merge runs;
 * `restoreWall` puts it back before commit, and a rollback undoes it anyway.
 */
const liftWall = async (tx: OwnerTransaction, tables: ReadonlyArray<string>) => {
  for (const table of tables) await tx.exec(`alter table ${quote(table)} no force row level security`)
}

const restoreWall = async (tx: OwnerTransaction, tables: ReadonlyArray<string>) => {
  for (const table of tables) await tx.exec(`alter table ${quote(table)} force row level security`)
  const [open] = await tx.query<{ n: number }>(
    `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and not c.relforcerowsecurity
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')`,
  )
  if ((open?.n ?? 0) > 0) throw new Error("a tenant table was left without forced row-level security")
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`

interface Plan {
  readonly report: MergeReport
  readonly successor: TenantRow
  readonly predecessors: ReadonlyArray<TenantRow>
  readonly matching: MemberMatching
  /** Each predecessor's committee (its tree's root). */
  readonly roots: ReadonlyArray<{ readonly tenant: string; readonly root: string }>
  /** The successor's committee, or the one to create. */
  readonly successorRoot: { readonly id: string; readonly path: string; readonly create: boolean } | undefined
  readonly catalogue: Catalogue
}

const countBy = async (tx: OwnerTransaction, table: string, tenantIds: ReadonlyArray<string>) => {
  const [row] = await tx.query<{ n: number }>(
    `select count(*)::int as n from ${quote(table)}
      where tenant_id in (select value::uuid from jsonb_array_elements_text($1::text::jsonb))`,
    [json(tenantIds)],
  )
  return row?.n ?? 0
}

/** Everything the merge will do, read from the database and changing nothing. */
const planMerge = async (tx: OwnerTransaction, request: MergeRequest, catalogue: Catalogue): Promise<Plan> => {
  const tenants = await loadTenants(tx, [request.into, ...request.from])
  const successor = tenants.get(request.into) as TenantRow
  const predecessors = request.from.map((code) => tenants.get(code) as TenantRow)
  for (const tenant of [successor, ...predecessors]) {
    if (tenant.status !== "active") {
      throw new Abort(
        refused(
          "already_merged",
          `Đơn vị ${tenant.code} đã được sáp nhập trước đây.`,
          `The tenant ${tenant.code} was merged away already.`,
        ),
      )
    }
  }
  // A merge takes effect when carried out (the platform keeps no pending merges): one dated ahead
  // would move people out of their committee's sight before the reorganisation happens.
  if (request.effectiveOn > dayInVietnam(new Date())) {
    throw new Abort(
      refused(
        "effective_in_future",
        `Ngày hiệu lực ${request.effectiveOn} chưa đến: hãy sáp nhập vào đúng ngày đó.`,
        `The effective date ${request.effectiveOn} has not come yet: carry the merge out on that day.`,
      ),
    )
  }
  if (successor.is_oversight) {
    throw new Abort(
      refused(
        "oversight",
        `Không thể sáp nhập đơn vị khác vào cơ quan giám sát (${successor.code}).`,
        `No tenant can be merged into the oversight body (${successor.code}).`,
      ),
    )
  }
  // Provinces and cities merge among themselves (2025); a ministry's party body never with them.
  const ministry = (tenant: TenantRow) => tenant.kind === "ministry"
  const stranger = predecessors.find((p) => ministry(p) !== ministry(successor))
  if (stranger !== undefined) {
    throw new Abort(
      refused(
        "kind_mismatch",
        `Không thể sáp nhập ${stranger.code} vào ${successor.code}: tỉnh, thành phố chỉ sáp nhập với nhau, bộ ngành với nhau.`,
        `${stranger.code} cannot be merged into ${successor.code}: provinces and cities merge with each other, ministries with ministries.`,
      ),
    )
  }
  const oversight = predecessors.find((p) => p.is_oversight)
  if (oversight !== undefined) {
    throw new Abort(
      refused(
        "oversight",
        `Không thể sáp nhập cơ quan giám sát (${oversight.code}) vào đơn vị khác.`,
        `The oversight body (${oversight.code}) cannot be merged into another tenant.`,
      ),
    )
  }
  if (catalogue.unaccounted.length > 0) {
    const list = catalogue.unaccounted.map((u) => `${u.table}: ${u.reason}`).join("; ")
    throw new Abort(
      refused(
        "unaccounted_tables",
        `Chưa xác định cách chuyển các bảng: ${list}`,
        `The merge does not know how to carry these tables: ${list}`,
      ),
    )
  }
  const predecessorIds = predecessors.map((p) => p.id)

  const roots = await tx.query<{ tenant: string; root: string; path: string }>(
    `select tenant_id::text as tenant, id::text as root, path from org_unit
      where parent_id is null and tenant_id in (select value::uuid from jsonb_array_elements_text($1::text::jsonb))
      order by tenant_id, id`,
    [json([successor.id, ...predecessorIds])],
  )
  const treeRefusal = (code: string) =>
    new Abort(
      refused(
        "organisation_tree",
        `Cây tổ chức của ${code} có nhiều hơn một cấp ủy ở gốc.`,
        `The organisation tree of ${code} has more than one committee at its top.`,
      ),
    )
  const successorRoots = roots.filter((r) => r.tenant === successor.id)
  if (successorRoots.length > 1) throw treeRefusal(successor.code)
  for (const p of predecessors) if (roots.filter((r) => r.tenant === p.id).length > 1) throw treeRefusal(p.code)
  const predecessorRoots = roots.filter((r) => r.tenant !== successor.id).map(({ tenant, root }) => ({ tenant, root }))
  const existingRoot = successorRoots[0]
  const successorRoot =
    existingRoot !== undefined
      ? { id: existingRoot.root, path: existingRoot.path, create: false }
      : predecessorRoots.length > 0
        ? (() => {
            const id = randomUUID()
            return { id, path: `/${id}/`, create: true }
          })()
        : undefined

  // Grants over a whole predecessor become grants over its subtree; without a tree there is
  // nothing to narrow them to, and they would reach the whole successor.
  const [unscoped] = await tx.query<{ n: number; without_tree: number }>(
    `select count(*)::int as n,
            count(*) filter (where not exists (select 1 from org_unit u where u.tenant_id = g.tenant_id
                                                 and u.parent_id is null))::int as without_tree
       from role_grant g
      where g.org_unit_id is null and g.role <> 'member'
        and g.tenant_id in (select value::uuid from jsonb_array_elements_text($1::text::jsonb))`,
    [json(predecessorIds)],
  )
  if ((unscoped?.without_tree ?? 0) > 0) {
    throw new Abort(
      refused(
        "organisation_tree",
        "Đơn vị bị sáp nhập có tài khoản được phân quyền toàn đơn vị nhưng không có cây tổ chức để giới hạn quyền đó.",
        "A predecessor has grants over the whole tenant but no organisation tree to narrow them to.",
      ),
    )
  }
  const [accounts] = await tx.query<{ n: number }>(
    `select count(*)::int as n from app_user
      where home_tenant_id in (select value::uuid from jsonb_array_elements_text($1::text::jsonb))`,
    [json(predecessorIds)],
  )

  const matching = await matchMembers(tx, [successor.id, ...predecessorIds])
  const mergedRecords = matching.duplicates.reduce((sum, group) => sum + group.removed.length, 0)
  const codeOf = new Map([successor, ...predecessors].map((t) => [t.id, t.code]))

  const tables: Array<TableReport> = []
  for (const table of catalogue.tables) {
    const count = await countBy(tx, table.table, predecessorIds)
    const row = { table: table.table, moved: 0, kept: 0, merged: 0, created: 0 }
    if (table.handling === "kept") row.kept = count
    else row.moved = count
    if (table.handling === "members") {
      row.merged = mergedRecords
      row.moved = count - mergedRecords
    }
    if (table.table === "org_unit") row.created = successorRoot?.create ? 1 : 0
    if (table.table === "org_unit_move") row.created = predecessorRoots.length
    if (table.table === "member_merge") row.created = mergedRecords
    if (table.table === "member_conflict") row.created = matching.conflicts.length
    // One entry closing each predecessor's chain, one in the successor's chain for each.
    if (table.table === "audit_event") row.created = 2 * predecessors.length
    tables.push(row)
  }

  const report: MergeReport = {
    into: successor.code,
    from: predecessors.map((p) => p.code),
    effectiveOn: request.effectiveOn,
    tables,
    members: {
      duplicateGroups: matching.duplicates.length,
      mergedRecords,
      conflicts: matching.conflicts.length,
      conflictingRecords: matching.conflicts.reduce((sum, c) => sum + c.members.length, 0),
    },
    conflicts: matching.conflicts.map((c) => ({
      records: c.members.length,
      tenants: [...new Set(c.members.map((m) => codeOf.get(m.tenantId) ?? m.tenantId))],
      differingFields: c.differingFields,
    })),
    organisation: { subtreesAttached: predecessorRoots.length, committeeCreated: successorRoot?.create ?? false },
    grantsNarrowed: unscoped?.n ?? 0,
    accountsMoved: accounts?.n ?? 0,
  }
  return { report, successor, predecessors, matching, roots: predecessorRoots, successorRoot, catalogue }
}

/**
 * The move itself, as ONE statement: an update per tenant table (and the member records merged
 * away deleted) in data-modifying CTEs. Foreign keys that are not deferrable are checked at the
 * end of a statement, so rows that point at each other (a unit and its parent, a trip and its
 * member) move together without any constraint being loosened. Returns each part's row count.
 */
const moveStatement = (tables: ReadonlyArray<TenantTable>) => {
  const parts: Array<{ name: string; sql: string }> = []
  const followMember = (column: string) =>
    `coalesce((select r.kept from merge_removed r where r.removed = t.${quote(column)} and r.from_tenant = t.tenant_id), t.${quote(column)})`
  tables.forEach((table, index) => {
    if (table.handling === "kept") return
    const name = `part_${index}`
    const sets = [
      "tenant_id = $1::uuid",
      "origin_tenant_id = case when t.tenant_id = $1::uuid then t.origin_tenant_id else coalesce(t.origin_tenant_id, t.tenant_id) end",
      ...table.memberColumns.map((column) => `${quote(column)} = ${followMember(column)}`),
    ]
    let where = "t.tenant_id in (select id from merge_preds)"
    switch (table.handling) {
      case "tree":
        sets.push(
          "parent_id = case when t.parent_id is null then $4::uuid else t.parent_id end",
          "kind = case when t.parent_id is null then 'subordinate_committee' else t.kind end",
          "path = $5::text || substr(t.path, 2)",
        )
        break
      case "grants":
        sets.push(
          "org_unit_id = case when t.org_unit_id is null and t.role <> 'member' " +
            "then (select r.root from merge_roots r where r.tenant = t.tenant_id) else t.org_unit_id end",
        )
        break
      case "trips":
        sets.push(`record = jsonb_set(t.record, '{memberId}', to_jsonb((${followMember("member_id")})::text))`)
        break
      case "members":
        sets.push(
          "merge_conflict_id = coalesce((select f.conflict from merge_flags f where f.member = t.id), t.merge_conflict_id)",
        )
        where =
          "(t.tenant_id in (select id from merge_preds) and not exists (select 1 from merge_removed r " +
          "where r.removed = t.id and r.from_tenant = t.tenant_id)) " +
          "or (t.tenant_id = $1::uuid and t.id in (select member from merge_flags))"
        parts.push({
          name: "merged_members",
          sql: `delete from member t using merge_removed r where t.tenant_id = r.from_tenant and t.id = r.removed returning 1`,
        })
        parts.push({
          name: "member_merge_created",
          sql: `insert into member_merge (tenant_id, removed_member_id, removed_from_tenant_id, kept_member_id, merge_id, removed_record)
                select $1::uuid, t.id, t.tenant_id, r.kept, $6::uuid, to_jsonb(t)
                  from member t join merge_removed r on t.tenant_id = r.from_tenant and t.id = r.removed
                returning 1`,
        })
        break
      default:
        break
    }
    parts.push({ name, sql: `update ${quote(table.table)} t set ${sets.join(", ")} where ${where} returning 1` })
  })
  parts.push({
    name: "org_unit_move_created",
    sql: `insert into org_unit_move (tenant_id, org_unit_id, from_parent_id, to_parent_id, effective_on)
          select $1::uuid, r.root, null, $4::uuid, $7::date from merge_roots r returning 1`,
  })
  return {
    sql: `with merge_preds as (select value::uuid as id from jsonb_array_elements_text($2::text::jsonb)),
      merge_removed as (select * from jsonb_to_recordset($3::text::jsonb) as r (removed uuid, from_tenant uuid, kept uuid)),
      merge_roots as (select * from jsonb_to_recordset($8::text::jsonb) as r (tenant uuid, root uuid)),
      merge_flags as (select * from jsonb_to_recordset($9::text::jsonb) as f (member uuid, conflict uuid)),
      ${parts.map((p) => `${p.name} as (${p.sql})`).join(",\n      ")}
      select ${parts.map((p) => `(select count(*)::int from ${p.name}) as ${p.name}`).join(", ")}`,
    partOf: (table: string) => `part_${tables.findIndex((t) => t.table === table)}`,
  }
}

const appendAudit = (
  tx: OwnerTransaction,
  tenantId: string,
  actor: MergeActor,
  action: string,
  entityId: string,
  details: unknown,
) =>
  tx.query(
    `insert into audit_event (tenant_id, actor_user_id, actor, action, entity_type, entity_id, details)
     values ($1, $2, $3, $4, 'tenant', $5, $6::text::jsonb)`,
    [tenantId, actor.userId, actor.name, action, entityId, json(details)],
  )

/** Carries out a plan in the open transaction; every count must come out as planned. */
const applyMerge = async (tx: OwnerTransaction, plan: Plan, request: MergeRequest): Promise<string> => {
  const { successor, predecessors, matching, report } = plan
  const mergeId = randomUUID()
  const root = plan.successorRoot
  if (root?.create) {
    await tx.query(
      `insert into org_unit (tenant_id, id, parent_id, kind, name, path) values ($1, $2, null, 'committee', $3, $4)`,
      [successor.id, root.id, successor.party_body, root.path],
    )
  }
  await tx.query(
    `insert into tenant_merge (id, successor_id, effective_on, performed_by, report)
     values ($1, $2, $3::date, $4, $5::text::jsonb)`,
    [mergeId, successor.id, request.effectiveOn, request.actor.name, json(report)],
  )
  // Each predecessor's chain ends with the merge, before it moves.
  for (const p of predecessors) {
    await appendAudit(tx, p.id, request.actor, "tenant.merged_into", successor.code, {
      into: successor.code,
      effectiveOn: request.effectiveOn,
      mergeId,
    })
  }
  const flags: Array<{ member: string; conflict: string }> = []
  for (const conflict of matching.conflicts) {
    const id = randomUUID()
    await tx.query(
      `insert into member_conflict (tenant_id, id, merge_id, member_ids, differing_fields)
       values ($1, $2, $3, array(select jsonb_array_elements_text($4::text::jsonb)::uuid),
               array(select jsonb_array_elements_text($5::text::jsonb)))`,
      [successor.id, id, mergeId, json(conflict.members.map((m) => m.id)), json(conflict.differingFields)],
    )
    if (conflict.supersedes.length > 0) {
      await tx.query(
        `update member_conflict set status = 'superseded'
          where id in (select jsonb_array_elements_text($1::text::jsonb)::uuid)`,
        [json(conflict.supersedes)],
      )
    }
    for (const m of conflict.members) flags.push({ member: m.id, conflict: id })
  }
  const removed = matching.duplicates.flatMap((group) =>
    group.removed.map((r) => ({ removed: r.id, from_tenant: r.tenantId, kept: group.kept.id })),
  )
  const statement = moveStatement(plan.catalogue.tables)
  const [counts] = await tx.query<Record<string, number>>(statement.sql, [
    successor.id,
    json(predecessors.map((p) => p.id)),
    json(removed),
    root?.id ?? null,
    root?.path ?? null,
    mergeId,
    request.effectiveOn,
    json(plan.roots),
    json(flags),
  ])
  // What the statement did must be what the plan said, or nothing is kept.
  const expected = new Map<string, number>()
  for (const table of report.tables) {
    const entry = plan.catalogue.tables.find((t) => t.table === table.table)
    if (entry === undefined || entry.handling === "kept") continue
    const ownFlagged = table.table === "member" ? flags.filter((f) => isSuccessorMember(plan, f.member)).length : 0
    const chainEnds = table.table === "audit_event" ? predecessors.length : 0
    expected.set(statement.partOf(table.table), table.moved + ownFlagged + chainEnds)
  }
  expected.set("org_unit_move_created", plan.roots.length)
  expected.set("merged_members", report.members.mergedRecords)
  expected.set("member_merge_created", report.members.mergedRecords)
  for (const [part, count] of expected) {
    if (counts?.[part] !== count) {
      throw new Error(`merge: ${part} changed ${counts?.[part]} rows where the plan counted ${count}; nothing was kept`)
    }
  }

  await tx.query(
    `update app_user set home_tenant_id = $1
      where home_tenant_id in (select value::uuid from jsonb_array_elements_text($2::text::jsonb))`,
    [successor.id, json(predecessors.map((p) => p.id))],
  )
  for (const p of predecessors) {
    await tx.query(`update tenant set status = 'merged', merged_into = $2, valid_to = $3::date - 1 where id = $1`, [
      p.id,
      successor.id,
      request.effectiveOn,
    ])
    const former = plan.roots.find((r) => r.tenant === p.id)
    await tx.query(
      `insert into tenant_lineage (successor_id, predecessor_id, effective_on, merge_id, former_root_unit_id)
       values ($1, $2, $3::date, $4, $5)`,
      [successor.id, p.id, request.effectiveOn, mergeId, former?.root ?? null],
    )
    // The successor's chain records where each moved chain ended, so a later rewrite of it shows.
    const [head] = await tx.query<{ seq: number; hash: string }>(
      "select seq::int, hash from audit_chain_head where chain = $1",
      [p.id],
    )
    await appendAudit(tx, successor.id, request.actor, "tenant.merged_in", p.code, {
      from: p.code,
      effectiveOn: request.effectiveOn,
      mergeId,
      chainHead: head ?? null,
    })
  }
  await tx.query(
    `insert into platform_audit_event (actor_user_id, actor, action, entity_type, entity_id, details)
     values ($1, $2, 'tenant.merged', 'tenant', $3, $4::text::jsonb)`,
    [
      request.actor.userId,
      request.actor.name,
      successor.code,
      json({
        mergeId,
        from: report.from,
        effectiveOn: request.effectiveOn,
        members: report.members,
        accountsMoved: report.accountsMoved,
      }),
    ],
  )
  return mergeId
}

const isSuccessorMember = (plan: Plan, memberId: string) =>
  plan.matching.conflicts.some((c) => c.members.some((m) => m.id === memberId && m.tenantId === plan.successor.id))

/** Opens the owner's transaction for a reorganisation, with the wall lifted inside it. */
const inReorganisation = <A>(
  work: (tx: OwnerTransaction, catalogue: Catalogue) => Promise<A>,
  dryRun: boolean,
): Effect.Effect<A, TenantMergeRefused | TenantNotFound | DatabaseError, DatabaseOwner> =>
  Effect.gen(function* () {
    const owner = yield* DatabaseOwner
    return yield* owner
      .transaction(async (tx) => {
        // As the owner of the tables, whatever login connected; only then does lifting the wall work.
        await tx.exec("set local role abroad_owner")
        const catalogue = await readCatalogue(tx)
        const all = [...catalogue.tables.map((t) => t.table), ...catalogue.unaccounted.map((t) => t.table)]
        await liftWall(tx, all)
        const result = await work(tx, catalogue)
        await restoreWall(tx, all)
        // A dry run rolls back, so even the lifted wall leaves no trace.
        if (dryRun) throw new Abort(undefined, result)
        return result
      })
      .pipe(
        Effect.catchIf(
          (error): error is DatabaseError => error instanceof DatabaseError && error.cause instanceof Abort,
          (error) => {
            const abort = error.cause as Abort
            return abort.error === undefined ? Effect.succeed(abort.result as A) : Effect.fail(abort.error)
          },
        ),
      )
  })

/**
 * Merges the tenants `from` into `into` (sáp nhập), in one transaction: every row of every tenant
 * table moves to the successor keeping the tenant it came from, member records of one person are
 * merged or flagged, the predecessors' trees hang under the successor's committee, their accounts
 * and grants follow (narrowed to their subtree), and the predecessors are marked merged with their
 * lineage. A dry run plans the same and rolls back; its report is what the real run does.
 */
export const mergeTenants = (
  request: MergeRequest,
): Effect.Effect<MergeOutcome, TenantMergeRefused | TenantNotFound | DatabaseError, DatabaseOwner> => {
  const invalid = checkMergeRequest(request.into, request.from)
  if (invalid !== undefined) return Effect.fail(invalid)
  return inReorganisation(async (tx, catalogue) => {
    const plan = await planMerge(tx, request, catalogue)
    const mergeId = request.dryRun ? null : await applyMerge(tx, plan, request)
    return { dryRun: request.dryRun, mergeId, report: plan.report }
  }, request.dryRun)
}

/** Runs several merges in one transaction: all of them, or none. */
export const mergeTenantsTogether = (
  requests: ReadonlyArray<Omit<MergeRequest, "dryRun">>,
  dryRun: boolean,
): Effect.Effect<ReadonlyArray<MergeOutcome>, TenantMergeRefused | TenantNotFound | DatabaseError, DatabaseOwner> => {
  for (const request of requests) {
    const invalid = checkMergeRequest(request.into, request.from)
    if (invalid !== undefined) return Effect.fail(invalid)
  }
  return inReorganisation(async (tx, catalogue) => {
    const outcomes: Array<MergeOutcome> = []
    for (const request of requests) {
      const plan = await planMerge(tx, { ...request, dryRun }, catalogue)
      const mergeId = dryRun ? null : await applyMerge(tx, plan, { ...request, dryRun })
      outcomes.push({ dryRun, mergeId, report: plan.report })
    }
    return outcomes
  }, dryRun)
}

/** Which of `codes` were merged, and into what: the plan uses it to skip what is done already. */
export const mergedInto = (
  codes: ReadonlyArray<string>,
): Effect.Effect<ReadonlyMap<string, string | null>, DatabaseError, DatabaseOwner> =>
  Effect.gen(function* () {
    const owner = yield* DatabaseOwner
    const rows = yield* owner.transaction((tx) =>
      tx.query<{ code: string; into: string | null }>(
        `select t.code, s.code as into from tenant t left join tenant s on s.id = t.merged_into
          where t.code in (select jsonb_array_elements_text($1::text::jsonb))`,
        [json(codes)],
      ),
    )
    return new Map(rows.map((r) => [r.code, r.into]))
  })
