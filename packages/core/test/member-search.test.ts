import { findTenantByCode, listMembers } from "@abroad/core"
import { Database, DatabaseOwner, globalQuery, type TenantTx, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import type { Effect } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MemberListing, memberListQuery } from "../src/members/directory.ts"
import { insertCommittee, preparedDatabase, type Runtime } from "./prepared-database.ts"

/** One plan node of `explain (format json)`, as far as this test reads it. */
interface PlanNode {
  readonly "Node Type": string
  readonly "Relation Name"?: string
  readonly "Subplan Name"?: string
  readonly "Actual Loops"?: number
  readonly "Actual Rows"?: number
  readonly Plans?: ReadonlyArray<PlanNode>
}

const isCteOrInitPlan = (node: PlanNode) =>
  node["Subplan Name"]?.startsWith("CTE ") === true || node["Subplan Name"]?.startsWith("InitPlan") === true

/** A node and those below it, leaving out the CTEs and init plans it holds. */
const nodesOf = (node: PlanNode): ReadonlyArray<PlanNode> => [
  node,
  ...(node.Plans ?? []).flatMap((child) => (isCteOrInitPlan(child) ? [] : nodesOf(child))),
]

/** The CTE of that name in the plan, wherever it hangs. */
const cteOf = (node: PlanNode, name: string): PlanNode | undefined =>
  node["Subplan Name"] === `CTE ${name}`
    ? node
    : (node.Plans ?? []).map((child) => cteOf(child, name)).find((found) => found !== undefined)

/** The most times one of these nodes read the member table: 0 when that pass was never started. */
const memberReads = (nodes: ReadonlyArray<PlanNode>) => {
  const scans = nodes.filter((node) => node["Relation Name"] === "member")
  expect(scans.length).toBeGreaterThan(0)
  return Math.max(...scans.map((node) => node["Actual Loops"] ?? 0))
}

const everywhere = { kind: "tenant" } as const

/** Names beginning with "nguyen van hung" (folded), one containing it, names a typo away, and one far from it. */
const NAMES = [
  "Nguyễn Văn Hùng",
  "Lê Nguyễn Văn Hùng",
  "Nguyễn Văn Hùng Anh",
  "Nguyễn Văn Hưnh",
  "Nguyễn Văn Hồng",
  "Trần Thị Lan",
]

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`member search in passes on ${dialect}`, () => {
    let db: TestDatabase | undefined
    let runtime: Runtime
    let tenantId: string
    let otherId: string

    const inTenant = <A, E>(id: string, program: Effect.Effect<A, E, TenantTx>) =>
      runtime.runPromise(Database.use((d) => d.withTenant(id, program)))

    const seedMembers = (id: string, names: ReadonlyArray<string>, firstCitizenId: string | null = "001090004321") =>
      inTenant(
        id,
        tenantQuery(async (tx, tenant) => {
          const unitId = await insertCommittee(tx, tenant)
          await tx
            .insertInto("member")
            .values(
              names.map((full_name, i) => ({
                tenant_id: tenant,
                org_unit_id: unitId,
                full_name,
                citizen_id: i === 0 ? firstCitizenId : null,
              })),
            )
            .execute()
        }),
      )

    const found = async (search: string, limit = 50) =>
      (await inTenant(tenantId, listMembers({ visibility: everywhere, search, limit }))).map((m) => m.fullName)

    /**
     * The plan PostgreSQL ran for `listing`, with its rows read (`explain analyze`). `indexedOnly`
     * plans it as at national scale, where the planner reads the tenant's name index rather than the
     * whole tenant (here, a few hundred rows, it might read them all at once): scans of the whole
     * table are ruled out.
     */
    const planOf = async (listing: MemberListing, indexedOnly = false) => {
      const [row] = await inTenant(
        tenantId,
        tenantQuery(async (tx) => {
          if (indexedOnly) {
            await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`.execute(
              tx,
            )
          }
          return (
            await sql<{
              "QUERY PLAN": unknown
            }>`explain (analyze, format json) ${memberListQuery(tx, tenantId, listing)}`.execute(tx)
          ).rows
        }),
      )
      const raw = row?.["QUERY PLAN"]
      const [plan] = (typeof raw === "string" ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>
      return plan?.Plan as PlanNode
    }

    /** Whether each later pass read the member table at all. */
    const laterPasses = async (listing: MemberListing) => {
      const top = await planOf(listing)
      const inside = cteOf(top, "inside")
      if (inside === undefined) throw new Error("no second pass in the plan")
      // The last pass is read once, so it is inlined: its reads are those outside every CTE.
      return { inside: memberReads(nodesOf(inside)) > 0, near: memberReads(nodesOf(top)) > 0 }
    }

    /** How many members the first pass read for `listing`, as at national scale. */
    const firstPassReads = async (listing: MemberListing) => {
      const beginning = cteOf(await planOf(listing, true), "beginning")
      if (beginning === undefined) throw new Error("no first pass in the plan")
      const scans = nodesOf(beginning).filter((node) => node["Relation Name"] === "member")
      expect(scans.length).toBeGreaterThan(0)
      return scans.reduce((sum, node) => sum + (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1), 0)
    }

    beforeAll(async () => {
      const prepared = await preparedDatabase(dialect)
      db = prepared.db
      runtime = prepared.runtime
      tenantId = (await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode("ha-noi"))))).id
      otherId = (await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode("hai-phong"))))).id
      await seedMembers(tenantId, NAMES)
      // The same name in another tenant: never found from this one.
      await seedMembers(otherId, ["Nguyễn Văn Hùng Khác"])
    }, 120_000)
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    it("lists names beginning with the words, then containing them, then a typo away, ignoring diacritics", async () => {
      expect(await found("nguyen van hung")).toEqual([
        // Beginning with the words, by folded name.
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng Anh",
        // Containing them elsewhere.
        "Lê Nguyễn Văn Hùng",
        // A typo away: the closer first.
        "Nguyễn Văn Hưnh",
        "Nguyễn Văn Hồng",
      ])
      expect(await found("Nguyễn Văn Hùng")).toEqual(await found("nguyen van hung"))
      // No name begins with these words: those containing them come first, then the typos.
      expect((await found("van hung")).slice(0, 3)).toEqual([
        "Lê Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng Anh",
      ])
      expect(await found("nguyen vna hung")).toContain("Nguyễn Văn Hùng")
      expect(await found("001090004321")).toEqual(["Nguyễn Văn Hùng"])
      expect(await found("tran thi lan")).toEqual(["Trần Thị Lan"])
    })

    it("takes the later passes' candidates from a function that answers for the transaction's own tenant only", async () => {
      const candidates = (rows: ReadonlyArray<{ id: string }>) => rows.map((row) => row.id).sort()
      const call = sql<{
        id: string
      }>`select abroad_member_name_candidates(${tenantId}::uuid, 'nguyen van hung', 50) as id`
      const own = await inTenant(
        tenantId,
        tenantQuery(async (tx) => ({
          found: candidates((await call.execute(tx)).rows),
          members: candidates(
            await tx.selectFrom("member").select("id").where("full_name", "!=", "Trần Thị Lan").execute(),
          ),
        })),
      )
      // Every member of this tenant but Trần Thị Lan contains "nguyen van hung" or is a typo away; no one else's.
      expect(own.found).toEqual(own.members)
      const withoutTenant = await runtime.runPromise(
        Database.use((d) => d.withGlobal(globalQuery(async (tx) => (await call.execute(tx)).rows))),
      )
      const fromAnother = await inTenant(
        otherId,
        tenantQuery(async (tx) => (await call.execute(tx)).rows),
      )
      // PGlite's one connection is a superuser's session (a request there drops only its role), which
      // the function lets name any tenant, as it could read any row; the request login cannot.
      if (dialect === "postgres") {
        expect(withoutTenant).toEqual([])
        expect(fromAnother).toEqual([])
      }
    })

    it("starts each pass only when those before it did not fill the page", async () => {
      const search = "nguyen van hung"
      // Two names begin with the words: a page of two needs nothing more.
      expect(await found(search, 2)).toEqual(["Nguyễn Văn Hùng", "Nguyễn Văn Hùng Anh"])
      expect(await laterPasses({ visibility: everywhere, search, limit: 2 })).toEqual({ inside: false, near: false })
      // A page of three takes the name containing them, and still no typo.
      expect(await found(search, 3)).toEqual(["Nguyễn Văn Hùng", "Nguyễn Văn Hùng Anh", "Lê Nguyễn Văn Hùng"])
      expect(await laterPasses({ visibility: everywhere, search, limit: 3 })).toEqual({ inside: true, near: false })
      // A page of four reads them all, and brings the closest typo.
      expect(await found(search, 4)).toEqual([
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng Anh",
        "Lê Nguyễn Văn Hùng",
        "Nguyễn Văn Hưnh",
      ])
      expect(await laterPasses({ visibility: everywhere, search, limit: 4 })).toEqual({ inside: true, near: true })
    })

    it("reads no more names of the first pass than the page, however many members share the name", async () => {
      // Namesakes are common (1,897 names begin with "nguyen van hung" in Hà Nội at national scale):
      // the page is read from the index in its own order, the name then the id, and the scan stops there.
      await seedMembers(
        tenantId,
        Array.from({ length: 200 }, () => "Phạm Thị Huệ"),
        null,
      )
      const listing = { visibility: everywhere, search: "pham thi hue", limit: 10 }
      const page = await inTenant(tenantId, listMembers(listing))
      expect(page.map((member) => member.fullName)).toEqual(Array.from({ length: 10 }, () => "Phạm Thị Huệ"))
      const ids = page.map((member) => member.id)
      expect(ids).toEqual([...ids].sort())
      expect(await firstPassReads(listing)).toBeLessThanOrEqual(10)
    })

    it("plans the later passes' candidates for the words of each call, never by a plan kept for any words", async () => {
      // PL/pgSQL keeps a statement's plan for the connection, and after five calls PostgreSQL may
      // settle on a generic one: at national scale it read the tenant's rows, 1.2–1.9 s a search
      // instead of 70–160 ms through the trigram index (migration 0019).
      const [row] = await runtime.runPromise(
        DatabaseOwner.use((owner) =>
          owner.transaction((tx) =>
            tx.query<{ config: ReadonlyArray<string> | null }>(
              "select proconfig as config from pg_proc where oid = 'abroad_member_name_candidates(uuid, text, integer)'::regprocedure",
            ),
          ),
        ),
      )
      expect(row?.config).toContain("plan_cache_mode=force_custom_plan")
    })

    it("finds a member by a typo of the name they were renamed to, and only in their tenant", async () => {
      // Near names are ranked among the tenant's distinct names (migration 0020), which the database
      // notes as members are added and renamed, in whatever statement.
      await seedMembers(tenantId, ["Võ Thị Kiều"], null)
      await seedMembers(otherId, ["Trịnh Công Sơn Hải"], null)
      expect(await found("vo thi kieu oamh")).toEqual(["Võ Thị Kiều"])
      await inTenant(
        tenantId,
        tenantQuery((tx, tenant) =>
          tx
            .updateTable("member")
            .set({ full_name: "Võ Thị Kiều Oanh" })
            .where("tenant_id", "=", tenant)
            .where("full_name", "=", "Võ Thị Kiều")
            .execute(),
        ),
      )
      expect(await found("vo thi kieu oamh")).toEqual(["Võ Thị Kiều Oanh"])
      // Another tenant's names are its own: never found from this tenant.
      expect(await found("trinh cong son hai")).toEqual([])
      expect(await found("trinh cong son hia")).toEqual([])
    })

    it("ranks near names before reading their members: the best names' members first, by id, up to the page", async () => {
      // Three namesakes of the closest typo and one of a farther one: a page of two takes the
      // closest name's first two by id, never the farther name's.
      await seedMembers(tenantId, ["Mạc Đĩnh Chi", "Mạc Đĩnh Chi", "Mạc Đĩnh Chi", "Mạc Đình Chiến"], null)
      const page = await inTenant(tenantId, listMembers({ visibility: everywhere, search: "mac dinh chj", limit: 2 }))
      expect(page.map((member) => member.fullName)).toEqual(["Mạc Đĩnh Chi", "Mạc Đĩnh Chi"])
      const all = await inTenant(tenantId, listMembers({ visibility: everywhere, search: "mac dinh chj", limit: 50 }))
      const namesakes = all.filter((member) => member.fullName === "Mạc Đĩnh Chi").map((member) => member.id)
      expect(page.map((member) => member.id)).toEqual(namesakes.toSorted().slice(0, 2))
    })

    it("keeps each tenant's distinct names behind the wall: a tenant reads its own, the desks none", async () => {
      await seedMembers(otherId, ["Lý Thường Kiệt"], null)
      const names = (id: string) =>
        inTenant(
          id,
          tenantQuery((tx) =>
            sql<{ name: string }>`select search_name as name from member_tenant_name`
              .execute(tx)
              .then((result) => result.rows.map((row) => row.name)),
          ),
        )
      expect(await names(tenantId)).toContain("nguyen van hung")
      expect(await names(tenantId)).not.toContain("ly thuong kiet")
      expect(await names(otherId)).toContain("ly thuong kiet")
      const [rights] = await runtime.runPromise(
        DatabaseOwner.use((owner) =>
          owner.transaction((tx) =>
            tx.query<{ appWrites: boolean; oversight: boolean; analyst: boolean }>(
              `select has_table_privilege('abroad_app', 'member_tenant_name', 'insert, update, delete') as "appWrites",
                      has_table_privilege('abroad_oversight', 'member_tenant_name', 'select') as oversight,
                      has_table_privilege('abroad_analyst', 'member_tenant_name', 'select') as analyst`,
            ),
          ),
        ),
      )
      expect(rights).toEqual({ appWrites: false, oversight: false, analyst: false })
    })
  })
}
