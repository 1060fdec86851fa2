import { findTenantByCode, listMembers, seedReferenceData } from "@abroad/core"
import { Database, DatabaseOwner, type DialectName, databaseLayer, type TenantTx, tenantQuery } from "@abroad/db"
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { type Effect, Layer, ManagedRuntime } from "effect"
import { sql } from "kysely"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MemberListing, memberListQuery } from "../src/members/directory.ts"

type Runtime = ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>

const open = (location: TestDatabase["location"]): Runtime =>
  ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })

/** A migrated database with the reference tenants, whose requests run as the app role. */
const preparedDatabase = async (dialect: DialectName) => {
  const db = await createTestDatabase(dialect)
  const owner = open(db.location)
  await owner.runPromise(DatabaseOwner.use((o) => o.migrate))
  await owner.runPromise(seedReferenceData)
  if (dialect === "pglite") return { db, runtime: owner }
  await owner.dispose()
  return { db, runtime: open(await withAppLogin(db)) }
}

/** One plan node of `explain (format json)`, as far as this test reads it. */
interface PlanNode {
  readonly "Node Type": string
  readonly "Relation Name"?: string
  readonly "Subplan Name"?: string
  readonly "Actual Loops"?: number
  readonly Plans?: ReadonlyArray<PlanNode>
}

/** The plan's nodes, leaving out the first pass: the `exact` CTE, and the count of it that gates the second. */
const nodesOutsideFirstPass = (node: PlanNode): ReadonlyArray<PlanNode> =>
  node["Subplan Name"]?.startsWith("CTE exact") === true || node["Subplan Name"]?.startsWith("InitPlan") === true
    ? []
    : [node, ...(node.Plans ?? []).flatMap(nodesOutsideFirstPass)]

const everywhere = { kind: "tenant" } as const

/** Names containing "nguyen van hung" (folded), names a typo away, and one far from it. */
const NAMES = [
  "Nguyễn Văn Hùng",
  "Lê Nguyễn Văn Hùng",
  "Nguyễn Văn Hùng Anh",
  "Nguyễn Văn Hưnh",
  "Nguyễn Văn Hồng",
  "Trần Thị Lan",
]

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`member search in two passes on ${dialect}`, () => {
    let db: TestDatabase | undefined
    let runtime: Runtime
    let tenantId: string

    const inTenant = <A, E>(id: string, program: Effect.Effect<A, E, TenantTx>) =>
      runtime.runPromise(Database.use((d) => d.withTenant(id, program)))

    const seedMembers = (id: string, names: ReadonlyArray<string>) =>
      inTenant(
        id,
        tenantQuery(async (tx, tenant) => {
          const unitId = crypto.randomUUID()
          await tx
            .insertInto("org_unit")
            .values({
              tenant_id: tenant,
              id: unitId,
              parent_id: null,
              kind: "committee",
              name: "Đảng bộ",
              path: `/${unitId}/`,
            })
            .execute()
          await tx
            .insertInto("member")
            .values(
              names.map((full_name, i) => ({
                tenant_id: tenant,
                org_unit_id: unitId,
                full_name,
                citizen_id: i === 0 ? "001090004321" : null,
              })),
            )
            .execute()
        }),
      )

    const found = async (search: string, limit = 50) =>
      (await inTenant(tenantId, listMembers({ visibility: everywhere, search, limit }))).map((m) => m.fullName)

    /** How many times the plan's typo-tolerant pass read the member table (0: never started). */
    const typoPassLoops = async (listing: MemberListing) => {
      const [row] = await inTenant(
        tenantId,
        tenantQuery(
          async (tx) =>
            (
              await sql<{
                "QUERY PLAN": unknown
              }>`explain (analyze, format json) ${memberListQuery(tx, listing)}`.execute(tx)
            ).rows,
        ),
      )
      const raw = row?.["QUERY PLAN"]
      const [plan] = (typeof raw === "string" ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>
      // The second pass is inlined (its CTE is read once): its reads of `member` are the only ones left.
      const scans = nodesOutsideFirstPass(plan?.Plan as PlanNode).filter((node) => node["Relation Name"] === "member")
      expect(scans.length).toBeGreaterThan(0)
      return Math.max(...scans.map((node) => node["Actual Loops"] ?? 0))
    }

    beforeAll(async () => {
      const prepared = await preparedDatabase(dialect)
      db = prepared.db
      runtime = prepared.runtime
      tenantId = (await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode("ha-noi"))))).id
      const otherId = (await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode("hai-phong"))))).id
      await seedMembers(tenantId, NAMES)
      // The same name in another tenant: never found from this one.
      await seedMembers(otherId, ["Nguyễn Văn Hùng Khác"])
    }, 120_000)
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    it("lists names containing the words first, then those within a typo, best first, ignoring diacritics", async () => {
      expect(await found("nguyen van hung")).toEqual([
        // Containing the words, by folded name.
        "Lê Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng Anh",
        // A typo away: the closer first.
        "Nguyễn Văn Hưnh",
        "Nguyễn Văn Hồng",
      ])
      expect(await found("Nguyễn Văn Hùng")).toEqual(await found("nguyen van hung"))
      expect(await found("nguyen vna hung")).toContain("Nguyễn Văn Hùng")
      expect(await found("001090004321")).toEqual(["Nguyễn Văn Hùng"])
      expect(await found("tran thi lan")).toEqual(["Trần Thị Lan"])
    })

    it("runs the typo-tolerant pass only when the names containing the words do not fill the page", async () => {
      // Three names contain the words: a page of three is full without the second pass.
      expect(await found("nguyen van hung", 3)).toEqual([
        "Lê Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng Anh",
      ])
      expect(await typoPassLoops({ visibility: everywhere, search: "nguyen van hung", limit: 3 })).toBe(0)
      // A page of four is not: the second pass runs, and brings the closest typo.
      expect(await found("nguyen van hung", 4)).toEqual([
        "Lê Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng",
        "Nguyễn Văn Hùng Anh",
        "Nguyễn Văn Hưnh",
      ])
      expect(await typoPassLoops({ visibility: everywhere, search: "nguyen van hung", limit: 4 })).toBeGreaterThan(0)
    })
  })
}
