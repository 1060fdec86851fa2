import { createHash } from "node:crypto"
import { type Actor, GrantRefused, grantRole, verifyAuditChains } from "@abroad/auth"
import {
  applyPlan2025,
  listMemberConflicts,
  type MergeOutcome,
  mergeTenants,
  plan2025,
  readCatalogue,
  seedReferenceData,
  TenantMergeRefused,
  TenantNotFound,
  tripsByOriginalTenant,
} from "@abroad/core"
import { Database, type DatabaseError, type DatabaseOwner, type OwnerTransaction } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type MigratedDatabase,
  migratedDatabase,
  type SeededTenant,
  seedTenant,
} from "../../../packages/db/test/fixtures.ts"

const EFFECTIVE = "2025-07-01"
const CLI = { userId: null, name: "cli" }

type Row = Record<string, unknown>

/** Every tenant table, read from the catalogue as the merge reads it. */
const tenantTables = (tx: OwnerTransaction) =>
  tx.query<{ table: string }>(`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
     order by 1`)

/** Every row of every tenant table of these tenants, and their accounts, as JSON. */
const snapshot = (m: MigratedDatabase, tenantIds: ReadonlyArray<string>) =>
  m.owner(async (tx) => {
    const result = new Map<string, Array<Row>>()
    for (const { table } of await tenantTables(tx)) {
      const rows = await tx.query<{ row: Row }>(
        `select to_jsonb(t) as row from "${table}" t
          where tenant_id in (select jsonb_array_elements_text($1::text::jsonb)::uuid)`,
        [JSON.stringify(tenantIds)],
      )
      result.set(
        table,
        rows.map((r) => r.row),
      )
    }
    const accounts = await tx.query<{ row: Row }>(
      `select to_jsonb(u) - 'home_tenant_id' as row from app_user u
        where home_tenant_id in (select jsonb_array_elements_text($1::text::jsonb)::uuid)`,
      [JSON.stringify(tenantIds)],
    )
    result.set(
      "app_user",
      accounts.map((r) => r.row),
    )
    return result
  })

/** Replaces every string equal to a key of `ids` by its value, however deep. */
const replaceIds = (value: unknown, ids: ReadonlyMap<string, string>): unknown => {
  if (typeof value === "string") return ids.get(value) ?? value
  if (Array.isArray(value)) return value.map((v) => replaceIds(v, ids))
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIds(v, ids)]))
  }
  return value
}

const omit = (row: Row, keys: ReadonlyArray<string>) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)))

const canonical = (rows: ReadonlyArray<Row>) => rows.map((row) => JSON.stringify(row, Object.keys(row).sort())).sort()

const checksum = (rows: ReadonlyArray<string>) => createHash("sha256").update(rows.join("\n")).digest("hex")

interface Person {
  readonly id: string
  readonly citizenId: string | null
  readonly cardNo: string | null
  readonly fullName: string
  readonly birthDate: string
}

const person = (
  citizenId: string | null,
  cardNo: string | null,
  fullName: string,
  birthDate = "1980-05-17",
): Person => ({
  id: crypto.randomUUID(),
  citizenId,
  cardNo,
  fullName,
  birthDate,
})

/** A member of `tenant` in its cell, with a trip that left on `departure`, a task and an audit entry. */
const addPerson = (m: MigratedDatabase, tenant: SeededTenant, p: Person, departure: string) =>
  m.owner(async (tx) => {
    await tx.query(
      `insert into member (tenant_id, id, org_unit_id, full_name, sex, birth_date, citizen_id, party_card_no, admitted_on, full_member_on)
       values ($1, $2, $3, $4, 'male', $5, $6, $7, '2005-03-01', '2006-03-01')`,
      [tenant.id, p.id, tenant.cellId, p.fullName, p.birthDate, p.citizenId, p.cardNo],
    )
    const tripId = crypto.randomUUID()
    await tx.query(
      `insert into trip (tenant_id, id, member_id, cell_id, status, purpose, funding, countries, planned_departure,
                         planned_return, revision, record)
       values ($1, $2, $3, $4, 'draft', 'private_tourism', 'own', '{JP}', $5::date, $5::date + 10, 1, $6::text::jsonb)`,
      [
        tenant.id,
        tripId,
        p.id,
        tenant.cellId,
        departure,
        JSON.stringify({ id: tripId, memberId: p.id, status: "draft", revision: 1 }),
      ],
    )
    await tx.query(
      `insert into trip_event (tenant_id, trip_id, revision, type, actor_kind, actor, occurred_on)
       values ($1, $2, 1, 'trip.drafted', 'member', $3, $4::date - 30)`,
      [tenant.id, tripId, `member:${p.id}`, departure],
    )
    await tx.query(
      `insert into task (tenant_id, member_id, title, due_on) values ($1, $2, 'Nộp bản tự kiểm điểm', '2025-09-30')`,
      [tenant.id, p.id],
    )
    await tx.query(
      `insert into audit_event (tenant_id, actor, action, entity_type, entity_id) values ($1, 'officer@test', 'member.created', 'member', $2)`,
      [tenant.id, p.id],
    )
  })

/**
 * A trip of the tenant's seeded member that left on `departure` (abroad still, or back), for the
 * tallies of migration 0015 to count. Departures fall outside the period the history test counts.
 */
const addDeparted = (
  m: MigratedDatabase,
  tenant: SeededTenant,
  departure: string,
  abroad: boolean,
  countries: string,
) =>
  m.owner(async (tx) => {
    const tripId = crypto.randomUUID()
    const status = abroad ? "departed" : "returned"
    await tx.query(
      `insert into trip (tenant_id, id, member_id, cell_id, status, purpose, funding, countries, planned_departure,
                         planned_return, actual_departure, actual_return, revision, record)
       values ($1, $2::text::uuid, $3::text::uuid, $4, $5::text, 'study', 'own', $6::char(2)[], $7::date, $7::date + 10,
               $7::date, case when $5::text = 'returned' then $7::date + 10 end, 1,
               jsonb_build_object('id', $2::text, 'memberId', $3::text, 'status', $5::text, 'revision', 1))`,
      [tenant.id, tripId, tenant.memberId, tenant.cellId, status, countries, departure],
    )
  })

/** The trip tallies (migration 0015), counts of nought left out, as text rows. */
const tallies = (tx: OwnerTransaction) =>
  tx.query<{ row: string }>(`
    select row from (
      select concat_ws('/', 'tenant', home_tenant_id, trips) as row from abroad_now_by_tenant where trips <> 0
      union all select concat_ws('/', 'country', home_tenant_id, country, listings, trips) from abroad_now_by_country
       where listings <> 0
      union all select concat_ws('/', month, dimension, key, origin_tenant_id, departed_on, trips) from trip_departure_tally
       where trips <> 0) as t order by 1`)

const ownerOf =
  (m: MigratedDatabase) =>
  <A, E>(effect: Effect.Effect<A, E, DatabaseOwner | Database>) =>
    m.runtime.runPromise(effect)

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`merging tenants on ${dialect}`, () => {
    let m: MigratedDatabase
    let x: SeededTenant
    let a: SeededTenant
    let b: SeededTenant
    let before: Map<string, Array<Row>>
    let dryRun: MergeOutcome
    let real: MergeOutcome
    // One person in A and in B, the same everywhere: becomes one record (A's, the first named).
    const twinA = person("001080000001", "80000001", "Lê Văn Hòa")
    const twinB = { ...twinA, id: crypto.randomUUID() }
    // One person in the successor and in A, the same: the successor's record is kept.
    const keptX = person("001080000002", "80000002", "Phạm Thị Lan", "1979-01-02")
    const keptA = { ...keptX, id: crypto.randomUUID() }
    // One citizen ID, two different names: a conflict, both kept.
    const conflictA = person("001080000003", "80000003", "Trần Văn Minh")
    const conflictB = { ...conflictA, id: crypto.randomUUID(), fullName: "Trần Văn Mình" }
    // One party card, two citizen IDs: a conflict too.
    const cardX = person("001080000004", "80000009", "Hoàng Văn Nam")
    const cardB = person("001080000005", "80000009", "Hoàng Văn Nam")
    const run = <A, E>(effect: Effect.Effect<A, E, DatabaseOwner | Database>) => ownerOf(m)(effect)
    const inTenant = <A, E, R>(tenantId: string, program: Effect.Effect<A, E, R>) =>
      run(Database.use((d) => d.withTenant(tenantId, program)) as Effect.Effect<A, E, Database>)

    beforeAll(async () => {
      m = await migratedDatabase(dialect)
      x = await seedTenant(m, "tinh-x", "91")
      a = await seedTenant(m, "tinh-a", "92")
      b = await seedTenant(m, "tinh-b", "93")
      await addPerson(m, a, twinA, "2024-03-10")
      await addPerson(m, b, twinB, "2024-04-10")
      await addPerson(m, x, keptX, "2024-05-10")
      await addPerson(m, a, keptA, "2024-06-10")
      await addPerson(m, a, conflictA, "2025-08-10")
      await addPerson(m, b, conflictB, "2024-07-10")
      await addPerson(m, x, cardX, "2024-08-10")
      await addPerson(m, b, cardB, "2024-09-10")
      await m.owner((tx) =>
        tx.exec(
          "insert into country (code, alpha3, numeric, name_vi, name_en) values ('KR', 'KOR', '410', 'Hàn Quốc', 'Korea') on conflict do nothing",
        ),
      )
      for (const [tenant, departure, abroad, countries] of [
        [a, "2023-03-02", false, "{JP,KR}"],
        [a, "2025-08-02", true, "{JP}"],
        [b, "2023-11-20", false, "{JP,JP}"],
        [b, "2025-09-15", true, "{KR,JP}"],
        [x, "2025-09-01", true, "{JP}"],
      ] as const)
        await addDeparted(m, tenant, departure, abroad, countries)
      // An administrator of A over the whole of A.
      await m.owner(async (tx) => {
        const [admin] = await tx.query<{ id: string }>(
          `insert into app_user (username, display_name, home_tenant_id, password_hash)
           values ('admin@tinh-a', 'Quản trị A', $1, 'not-a-real-hash') returning id`,
          [a.id],
        )
        await tx.query(`insert into role_grant (tenant_id, user_id, role) values ($1, $2, 'admin')`, [a.id, admin?.id])
      })
      before = await snapshot(m, [x.id, a.id, b.id])
    }, 240_000)
    afterAll(() => m?.close())

    it("accounts for every tenant table: a table it could not carry is named before anything moves", async () => {
      const catalogue = await m.owner(readCatalogue)
      expect(catalogue.unaccounted).toEqual([])
      const tables = (await m.owner(tenantTables)).map((t) => t.table)
      expect(catalogue.tables.map((t) => t.table).sort()).toEqual(tables)
      // A table added later whose unique key could be held twice once tenants are one is refused.
      const scratch = await m
        .owner(async (tx) => {
          await tx.exec(`
            set local role abroad_owner;
            create table local_code (tenant_id uuid not null references tenant (id), code text not null,
              primary key (tenant_id, code));
            select abroad_protect_tenant_table('local_code');
            create table local_note (tenant_id uuid not null references tenant (id), id uuid not null,
              primary key (tenant_id, id));
            select abroad_protect_tenant_table('local_note');`)
          throw new ScratchResult(await readCatalogue(tx))
        })
        .catch((error: unknown) => (error as DatabaseError).cause as ScratchResult)
      expect(scratch.catalogue.unaccounted.map((u) => u.table)).toEqual(["local_code"])
      expect(scratch.catalogue.tables.find((t) => t.table === "local_note")?.handling).toBe("moved")
    })

    it("refuses a tenant merged into itself, named twice, or unknown, and changes nothing", async () => {
      const refusal = (effect: Effect.Effect<unknown, unknown, DatabaseOwner>) =>
        run(Effect.flip(effect) as Effect.Effect<unknown, never, DatabaseOwner>)
      const itself = await refusal(
        mergeTenants({ into: "tinh-x", from: ["tinh-a", "tinh-x"], effectiveOn: EFFECTIVE, dryRun: false, actor: CLI }),
      )
      expect(itself).toBeInstanceOf(TenantMergeRefused)
      expect((itself as TenantMergeRefused).reason).toBe("into_itself")
      const twice = await refusal(
        mergeTenants({ into: "tinh-x", from: ["tinh-a", "tinh-a"], effectiveOn: EFFECTIVE, dryRun: false, actor: CLI }),
      )
      expect((twice as TenantMergeRefused).reason).toBe("repeated_predecessor")
      const unknown = await refusal(
        mergeTenants({ into: "tinh-x", from: ["tinh-z"], effectiveOn: EFFECTIVE, dryRun: false, actor: CLI }),
      )
      expect(unknown).toBeInstanceOf(TenantNotFound)
      // A merge takes effect when carried out: one dated tomorrow is refused, not applied today.
      const tomorrow = new Date(Date.now() + 31 * 60 * 60 * 1000).toISOString().slice(0, 10)
      const ahead = await refusal(
        mergeTenants({ into: "tinh-x", from: ["tinh-a"], effectiveOn: tomorrow, dryRun: true, actor: CLI }),
      )
      expect((ahead as TenantMergeRefused).reason).toBe("effective_in_future")
      expect((ahead as TenantMergeRefused).isBadInput).toBe(true)
      const after = await snapshot(m, [x.id, a.id, b.id])
      for (const [table, rows] of before) expect(canonical(after.get(table) ?? []), table).toEqual(canonical(rows))
    })

    it("plans in a dry run and changes nothing", async () => {
      dryRun = await run(
        mergeTenants({ into: "tinh-x", from: ["tinh-a", "tinh-b"], effectiveOn: EFFECTIVE, dryRun: true, actor: CLI }),
      )
      expect(dryRun.mergeId).toBeNull()
      const member = dryRun.report.tables.find((t) => t.table === "member")
      // A and B: the fixture's member and three people each; two records merge into their twins.
      expect(member).toEqual({ table: "member", moved: 4 + 4 - 2, kept: 0, merged: 2, created: 0 })
      expect(dryRun.report.members).toEqual({
        duplicateGroups: 2,
        mergedRecords: 2,
        conflicts: 2,
        conflictingRecords: 4,
      })
      const after = await snapshot(m, [x.id, a.id, b.id])
      for (const [table, rows] of before) expect(canonical(after.get(table) ?? []), table).toEqual(canonical(rows))
      const [status] = await m.owner((tx) =>
        tx.query<{ forced: number }>(
          `select count(*)::int as forced from pg_class where relname = 'member' and relforcerowsecurity`,
        ),
      )
      expect(status?.forced).toBe(1)
    })

    it("merges, doing exactly what the dry run reported", async () => {
      real = await run(
        mergeTenants({ into: "tinh-x", from: ["tinh-a", "tinh-b"], effectiveOn: EFFECTIVE, dryRun: false, actor: CLI }),
      )
      expect(real.mergeId).toMatch(/^[0-9a-f-]{36}$/)
      expect(real.report).toEqual(dryRun.report)
    })

    it("keeps every row: the same content, tenant ids aside, and counts that add up", async () => {
      const after = await snapshot(m, [x.id, a.id, b.id])
      const merges = after.get("member_merge")?.filter((r) => r.merge_id === real.mergeId) ?? []
      const mergedIds = new Map(merges.map((r) => [r.removed_member_id as string, r.kept_member_id as string]))
      expect([...mergedIds]).toEqual(
        expect.arrayContaining([
          [twinB.id, twinA.id],
          [keptA.id, keptX.id],
        ]),
      )
      const roots = new Set(
        (
          await m.owner((tx) =>
            tx.query<{ root: string }>("select former_root_unit_id::text as root from tenant_lineage"),
          )
        ).map((r) => r.root),
      )
      // The names of the members moved in, noted for the successor by the trigger on member
      // (migration 0020), not by the merge's own statements: new rows its report does not count.
      const namesBefore = new Set(
        (before.get("member_tenant_name") ?? []).map((r) => `${r.tenant_id as string} ${r.search_name as string}`),
      )
      const isNoted = (table: string, row: Row) =>
        table === "member_tenant_name" && !namesBefore.has(`${row.tenant_id as string} ${row.search_name as string}`)
      const isCreated = (table: string, row: Row) =>
        isNoted(table, row) ||
        (table === "audit_event" && /^tenant\.merged_(into|in)$/.test(row.action as string)) ||
        (table === "org_unit_move" && roots.has(row.org_unit_id as string) && row.effective_on === EFFECTIVE) ||
        ((table === "member_merge" || table === "member_conflict") && row.merge_id === real.mergeId)
      /** A row as it is apart from what a merge changes on purpose: the tenant, a merged member's id, a re-hung tree. */
      const canon = (table: string, row: Row) => {
        let r = omit(row, ["tenant_id", "origin_tenant_id"])
        if (table === "org_unit") {
          r = omit(r, ["path"])
          if (roots.has(r.id as string)) r = omit(r, ["parent_id", "kind"])
        }
        if (table === "role_grant" && roots.has(r.org_unit_id as string) && row.origin_tenant_id) r.org_unit_id = null
        if (table === "member") r = omit(r, ["merge_conflict_id"])
        return replaceIds(r, mergedIds) as Row
      }
      for (const report of real.report.tables) {
        const beforeRows = before.get(report.table) ?? []
        const afterRows = after.get(report.table) ?? []
        const noted = afterRows.filter((row) => isNoted(report.table, row)).length
        expect(afterRows.length, `${report.table}: rows`).toBe(
          beforeRows.length + report.created + noted - report.merged,
        )
        // The member records merged away are kept whole beside the merge.
        const removed = report.table === "member" ? merges.map((r) => r.removed_record as Row) : []
        const was = canonical(beforeRows.map((row) => canon(report.table, row)))
        const is = canonical(
          [...afterRows.filter((row) => !isCreated(report.table, row)), ...removed].map((row) =>
            canon(report.table, row),
          ),
        )
        expect(is, report.table).toEqual(was)
        expect(checksum(is), report.table).toBe(checksum(was))
      }
      const accounts = (rows: ReadonlyArray<Row>) => canonical(rows.map((r) => omit(r, [])))
      expect(accounts(after.get("app_user") ?? [])).toEqual(accounts(before.get("app_user") ?? []))
      // Nothing of a moved table is left with a predecessor; what is kept stays whole there.
      const left = await m.owner((tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from trip where tenant_id in ($1, $2)", [a.id, b.id]),
      )
      expect(left[0]?.n).toBe(0)
      expect(real.report.tables.find((t) => t.table === "tenant_setting")).toEqual({
        table: "tenant_setting",
        moved: 0,
        kept: 2,
        merged: 0,
        created: 0,
      })
    })

    it("notes the moved members' names for the successor, so that its search ranks them", async () => {
      const unnoted = await m.owner((tx) =>
        tx.query<{ n: number }>(
          `select count(*)::int as n from member m
            where m.tenant_id = $1
              and not exists (select 1 from member_tenant_name n
                               where n.tenant_id = m.tenant_id and n.search_name = m.search_name)`,
          [x.id],
        ),
      )
      expect(unnoted[0]?.n).toBe(0)
    })

    it("hangs the predecessors' trees under the successor's committee, ids and paths consistent", async () => {
      const units = await m.owner((tx) =>
        tx.query<{ id: string; parent_id: string | null; kind: string; path: string }>(
          "select id::text, parent_id::text, kind, path from org_unit where tenant_id = $1",
          [x.id],
        ),
      )
      const byId = new Map(units.map((u) => [u.id, u]))
      expect(units.filter((u) => u.parent_id === null)).toHaveLength(1)
      for (const unit of units) {
        const parent = unit.parent_id === null ? undefined : byId.get(unit.parent_id)
        expect(unit.path).toBe(`${parent?.path ?? "/"}${unit.id}/`)
      }
      for (const seeded of [a, b])
        expect(byId.get(seeded.cellId)?.path).toMatch(
          new RegExp(`^${byId.get(x.cellId)?.path.split("/").slice(0, 2).join("/")}/`),
        )
      expect(real.report.organisation).toEqual({ subtreesAttached: 2, committeeCreated: false })
    })

    it("records the lineage and closes the predecessors", async () => {
      const tenants = await m.owner((tx) =>
        tx.query<{ code: string; status: string; merged_into: string | null; valid_to: string | null }>(
          "select code, status, merged_into::text, valid_to from tenant where code like 'tinh-%' order by code",
        ),
      )
      expect(tenants).toEqual([
        { code: "tinh-a", status: "merged", merged_into: x.id, valid_to: "2025-06-30" },
        { code: "tinh-b", status: "merged", merged_into: x.id, valid_to: "2025-06-30" },
        { code: "tinh-x", status: "active", merged_into: null, valid_to: null },
      ])
      const lineage = await m.owner((tx) =>
        tx.query<{ successor_id: string; predecessor_id: string; effective_on: string; merge_id: string }>(
          "select successor_id::text, predecessor_id::text, effective_on, merge_id::text from tenant_lineage order by predecessor_id",
        ),
      )
      expect(lineage).toEqual(
        [a.id, b.id]
          .sort()
          .map((id) => ({ successor_id: x.id, predecessor_id: id, effective_on: EFFECTIVE, merge_id: real.mergeId })),
      )
    })

    it("refuses to merge a tenant that was merged already", async () => {
      const again = await run(
        Effect.flip(
          mergeTenants({ into: "tinh-x", from: ["tinh-a"], effectiveOn: EFFECTIVE, dryRun: true, actor: CLI }),
        ),
      )
      expect((again as TenantMergeRefused).reason).toBe("already_merged")
      const into = await run(
        Effect.flip(
          mergeTenants({ into: "tinh-b", from: ["tinh-x"], effectiveOn: EFFECTIVE, dryRun: true, actor: CLI }),
        ),
      )
      expect((into as TenantMergeRefused).reason).toBe("already_merged")
    })

    it("keeps the trip tallies equal to a count of the trips it moved", async () => {
      const kept = await m.owner(tallies)
      const counted = await m.owner(async (tx) => {
        await tx.exec("alter table trip no force row level security")
        await tx.exec("select abroad_refill_trip_tallies()")
        await tx.exec("alter table trip force row level security")
        return tallies(tx)
      })
      expect(kept).toEqual(counted)
      // Everything abroad now is the successor's; moved departures keep their tenant of origin and day.
      const holders = await m.owner((tx) =>
        tx.query<{ id: string }>("select home_tenant_id::text as id from abroad_now_by_tenant where trips <> 0"),
      )
      expect(holders).toEqual([{ id: x.id }])
      const moved = await m.owner((tx) =>
        tx.query<{ origin: string; day: string }>(
          `select origin_tenant_id::text as origin, departed_on::text as day from trip_departure_tally
            where trips <> 0 and origin_tenant_id is not null order by 2`,
        ),
      )
      expect(moved).toEqual(
        expect.arrayContaining([
          { origin: a.id, day: "2023-03-02" },
          { origin: b.id, day: "2023-11-20" },
          { origin: a.id, day: "2025-08-02" },
          { origin: b.id, day: "2025-09-15" },
        ]),
      )
    })

    it("shows earlier periods in the old structure: trips counted by the tenant they were first recorded in", async () => {
      const counts = await inTenant(x.id, tripsByOriginalTenant({ from: "2024-01-01", to: "2025-06-30" }))
      expect(counts).toEqual([
        { code: "tinh-a", name: "Tỉnh tinh-a", merged: true, trips: 2 },
        { code: "tinh-b", name: "Tỉnh tinh-b", merged: true, trips: 3 },
        { code: "tinh-x", name: "Tỉnh tinh-x", merged: false, trips: 2 },
      ])
      // The member merged away still counts where the trip was made: B's trip of the twin is B's.
      const twinTrips = await m.owner((tx) =>
        tx.query<{ origin: string; record_member: string }>(
          "select origin_tenant_id::text as origin, record ->> 'memberId' as record_member from trip where member_id = $1 order by planned_departure",
          [twinA.id],
        ),
      )
      expect(twinTrips).toEqual([
        { origin: a.id, record_member: twinA.id },
        { origin: b.id, record_member: twinA.id },
      ])
      // National statistics count a moved row under the predecessor for days before the merge took
      // effect, under the successor from then on (the function their queries group by).
      const counted = await m.owner((tx) =>
        tx.query<{ before: string; on: string; born: string }>(
          `select abroad_counted_tenant($1, $2, ($3::date - 1)) ::text as before,
                  abroad_counted_tenant($1, $2, $3::date)::text as on,
                  abroad_counted_tenant($1, null, ($3::date - 1))::text as born`,
          [x.id, a.id, EFFECTIVE],
        ),
      )
      expect(counted).toEqual([{ before: a.id, on: x.id, born: x.id }])
    })

    it("lists the conflicts for a person to resolve, every record kept and flagged", async () => {
      const conflicts = await inTenant(x.id, listMemberConflicts())
      const ofThisMerge = conflicts.filter((c) => c.records.some((r) => r.citizenId !== null))
      expect(ofThisMerge).toHaveLength(2)
      const byName = ofThisMerge.find((c) => c.differingFields.includes("full_name"))
      expect(byName?.records.map((r) => [r.fullName, r.fromTenant])).toEqual([
        ["Trần Văn Minh", "tinh-a"],
        ["Trần Văn Mình", "tinh-b"],
      ])
      const byCard = ofThisMerge.find((c) => c.differingFields.includes("citizen_id"))
      expect(byCard?.records.map((r) => r.memberId).sort()).toEqual([cardX.id, cardB.id].sort())
      expect(real.report.conflicts).toEqual(
        expect.arrayContaining([
          { records: 2, tenants: ["tinh-a", "tinh-b"], differingFields: ["full_name"] },
          { records: 2, tenants: ["tinh-x", "tinh-b"], differingFields: ["citizen_id"] },
        ]),
      )
    })

    it("keeps every audit chain verifiable, and still finds an edited moved entry", async () => {
      const reports = await run(verifyAuditChains())
      expect(reports.flatMap((r) => r.breaks)).toEqual([])
      const chains = new Map(reports.map((r) => [r.chain, r.entries]))
      // Each predecessor's chain: the fixture's entry, one per person added, and the merge's last word.
      expect(chains.get("tinh-a")).toBe(1 + 3 + 1)
      expect(chains.get("tinh-b")).toBe(1 + 3 + 1)
      expect((await run(verifyAuditChains("tinh-x"))).map((r) => r.chain).sort()).toEqual([
        "tinh-a",
        "tinh-b",
        "tinh-x",
      ])
      await m.owner((tx) =>
        tx.query("update audit_event set actor = 'someone-else' where origin_tenant_id = $1 and seq = 2", [a.id]),
      )
      const tampered = await run(verifyAuditChains("tinh-x"))
      expect(tampered.flatMap((r) => r.breaks)).toEqual([{ chain: "tinh-a", seq: 2, problem: "edited" }])
      // Rewriting B's moved chain from its last entry on, head included, still shows: the successor's
      // chain recorded where B's ended.
      await m.owner(async (tx) => {
        await tx.query(
          `update audit_event set actor = 'someone-else',
                  hash = abroad_audit_hash(prev_hash, seq, origin_tenant_id, occurred_at, actor_user_id, 'someone-else',
                                           action, entity_type, entity_id, details, ip)
            where origin_tenant_id = $1 and seq = 5`,
          [b.id],
        )
        await tx.query(
          `update audit_chain_head set hash = (select hash from audit_event where origin_tenant_id = $1::uuid and seq = 5)
            where chain = $1::text`,
          [b.id],
        )
      })
      const rewritten = (await run(verifyAuditChains("tinh-x"))).flatMap((r) => r.breaks)
      expect(rewritten).toContainEqual({ chain: "tinh-b", seq: 5, problem: "rewritten" })
      expect(rewritten.filter((r) => r.chain === "tinh-b")).toHaveLength(1)
    })

    it("moves accounts with their usernames, and narrows a grant over a whole predecessor to its subtree", async () => {
      const admin = await m.owner((tx) =>
        tx.query<{ home: string; org_unit_id: string | null }>(
          `select u.home_tenant_id::text as home, g.org_unit_id::text from app_user u join role_grant g on g.user_id = u.id
            where u.username = 'admin@tinh-a'`,
        ),
      )
      const [lineageA] = await m.owner((tx) =>
        tx.query<{ root: string }>(
          "select former_root_unit_id::text as root from tenant_lineage where predecessor_id = $1",
          [a.id],
        ),
      )
      expect(admin).toEqual([{ home: x.id, org_unit_id: lineageA?.root }])
      expect(real.report.grantsNarrowed).toBe(1)
    })

    it("lets a narrowed administrator grant only within its subtree, never itself the whole tenant", async () => {
      const [row] = await m.owner((tx) =>
        tx.query<{ id: string }>("select id::text from app_user where username = 'admin@tinh-a'"),
      )
      const [lineageA] = await m.owner((tx) =>
        tx.query<{ root: string }>(
          "select former_root_unit_id::text as root from tenant_lineage where predecessor_id = $1",
          [a.id],
        ),
      )
      const [outside] = await m.owner((tx) =>
        tx.query<{ id: string }>(
          "select id::text from org_unit where tenant_id = $1 and not (path like '%' || $2 || '%') limit 1",
          [x.id, lineageA?.root],
        ),
      )
      const narrowed: Actor = {
        userId: row?.id as string,
        username: "admin@tinh-a",
        displayName: "admin@tinh-a",
        homeTenantId: x.id,
        homeIsOversight: false,
        platformRole: null,
        sessionId: crypto.randomUUID(),
        totpEnrolmentOnly: false,
        totpEnrolled: true,
      }
      const attempt = (orgUnitId?: string) =>
        inTenant(
          x.id,
          grantRole(narrowed, {
            userId: narrowed.userId,
            role: "officer",
            ...(orgUnitId === undefined ? {} : { orgUnitId }),
          }).pipe(Effect.flip),
        )
      const wholeTenant = await attempt()
      expect(wholeTenant).toBeInstanceOf(GrantRefused)
      expect((wholeTenant as GrantRefused).rule).toBe("grant.beyond_granter_scope")
      expect(((await attempt(outside?.id)) as GrantRefused).rule).toBe("grant.beyond_granter_scope")
      const inside = await inTenant(
        x.id,
        grantRole(narrowed, { userId: narrowed.userId, role: "officer", orgUnitId: lineageA?.root as string }),
      )
      expect(inside.orgUnitId).toBe(lineageA?.root)
    })
  })
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`the 2025 reorganisation on ${dialect}`, () => {
    let m: MigratedDatabase
    beforeAll(async () => {
      m = await migratedDatabase(dialect)
      await m.runtime.runPromise(seedReferenceData)
    }, 120_000)
    afterAll(() => m?.close())

    const provinces = () =>
      m.owner((tx) =>
        tx.query<{ code: string }>(
          "select code from tenant where kind <> 'ministry' and status = 'active' order by code",
        ),
      )

    it("merges provinces and cities with each other, never a ministry with them nor anything into the oversight body", async () => {
      const refusal = (into: string, from: string) =>
        m.runtime.runPromise(
          Effect.flip(mergeTenants({ into, from: [from], effectiveOn: "2025-07-01", dryRun: true, actor: CLI })),
        ) as Promise<TenantMergeRefused>
      expect((await refusal("bng", "ha-giang")).reason).toBe("oversight")
      expect((await refusal("bca", "ha-giang")).reason).toBe("kind_mismatch")
      expect((await refusal("tuyen-quang", "bct")).reason).toBe("kind_mismatch")
    })

    it("reads 23 merges from the reference list", () => {
      expect(plan2025).toHaveLength(23)
      expect(plan2025.flatMap((g) => g.from)).toHaveLength(63 - 34)
      expect(plan2025).toContainEqual({ into: "tuyen-quang", from: ["ha-giang"] })
      expect(plan2025).toContainEqual({ into: "ho-chi-minh", from: ["binh-duong", "ba-ria-vung-tau"] })
    })

    it("turns 63 provinces into 34, as its dry run said, and may be run again", async () => {
      expect(await provinces()).toHaveLength(63)
      // Hà Giang has a tree and a member; Tuyên Quang, its successor, has none: its committee is made.
      const committee = crypto.randomUUID()
      const cell = crypto.randomUUID()
      await m.owner((tx) =>
        tx.query(
          `with t as (select id from tenant where code = 'ha-giang'),
             u as (insert into org_unit (tenant_id, id, parent_id, kind, name, path)
                   select t.id, $1::uuid, null, 'committee', 'Tỉnh ủy Hà Giang', '/' || $1 || '/' from t
                   union all
                   select t.id, $2::uuid, $1::uuid, 'cell', 'Chi bộ 1', '/' || $1 || '/' || $2 || '/' from t returning 1)
           insert into member (tenant_id, org_unit_id, full_name) select t.id, $2::uuid, 'Lò Văn Páo' from t, (select count(*) from u) n`,
          [committee, cell],
        ),
      )
      const dry = await m.runtime.runPromise(applyPlan2025({ effectiveOn: "2025-07-01", dryRun: true, actor: CLI }))
      expect(await provinces()).toHaveLength(63)
      const done = await m.runtime.runPromise(applyPlan2025({ effectiveOn: "2025-07-01", dryRun: false, actor: CLI }))
      expect(done.merges.map((o) => o.report)).toEqual(dry.merges.map((o) => o.report))
      expect(done.merges).toHaveLength(23)
      const left = await provinces()
      expect(left).toHaveLength(34)
      expect(left.map((p) => p.code)).toEqual(expect.arrayContaining(["ho-chi-minh", "tuyen-quang", "ha-noi"]))
      expect(left.map((p) => p.code)).not.toContain("ha-giang")
      const tuyenQuang = done.merges.find((o) => o.report.into === "tuyen-quang")?.report
      expect(tuyenQuang?.organisation).toEqual({ subtreesAttached: 1, committeeCreated: true })
      const tree = await m.owner((tx) =>
        tx.query<{ kind: string; name: string; depth: number }>(
          `select u.kind, u.name, array_length(string_to_array(trim(both '/' from u.path), '/'), 1) as depth
             from org_unit u join tenant t on t.id = u.tenant_id where t.code = 'tuyen-quang' order by depth`,
        ),
      )
      expect(tree).toEqual([
        { kind: "committee", name: "Tỉnh ủy Tuyên Quang", depth: 1 },
        { kind: "subordinate_committee", name: "Tỉnh ủy Hà Giang", depth: 2 },
        { kind: "cell", name: "Chi bộ 1", depth: 3 },
      ])
      const lineage = await m.owner((tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from tenant_lineage where effective_on = '2025-07-01'"),
      )
      expect(lineage[0]?.n).toBe(29)
      const again = await m.runtime.runPromise(applyPlan2025({ effectiveOn: "2025-07-01", dryRun: false, actor: CLI }))
      expect(again).toEqual({ merges: [], alreadyApplied: plan2025.map((g) => g.into) })
      expect((await m.runtime.runPromise(verifyAuditChains())).flatMap((r) => r.breaks)).toEqual([])
    })
  })
}

class ScratchResult {
  readonly catalogue: Awaited<ReturnType<typeof readCatalogue>>
  constructor(catalogue: Awaited<ReturnType<typeof readCatalogue>>) {
    this.catalogue = catalogue
  }
}
