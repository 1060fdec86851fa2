import {
  closeViolation,
  findTenantByCode,
  listViolations,
  openViolation,
  ViolationNotFound,
  violationCase,
} from "@abroad/core"
import { Database, type TenantTx, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { insertCommittee, preparedDatabase, type Runtime } from "./prepared-database.ts"

const everywhere = { kind: "tenant" } as const

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`violation cases in the core on ${dialect}`, () => {
    let db: TestDatabase | undefined
    let runtime: Runtime
    let tenantId: string
    let memberId: string
    let otherTenantId: string

    const inTenant = <A, E>(id: string, program: Effect.Effect<A, E, TenantTx>) =>
      runtime.runPromise(Database.use((d) => d.withTenant(id, program)))

    const seedMember = (id: string) =>
      inTenant(
        id,
        tenantQuery(async (tx, tenant) => {
          const unitId = await insertCommittee(tx, tenant)
          return (
            await tx
              .insertInto("member")
              .values({ tenant_id: tenant, org_unit_id: unitId, full_name: "Lê Thị Mai" })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
        }),
      )

    const outbox = (id: string) =>
      inTenant(
        id,
        tenantQuery((tx) =>
          tx.selectFrom("outbox_event").select(["type", "entity_id", "payload"]).orderBy("seq").execute(),
        ),
      )

    beforeAll(async () => {
      const prepared = await preparedDatabase(dialect)
      db = prepared.db
      runtime = prepared.runtime
      tenantId = (await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode("da-nang"))))).id
      otherTenantId = (await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode("hai-phong"))))).id
      memberId = await seedMember(tenantId)
      await seedMember(otherTenantId)
    }, 120_000)
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    it("takes a case proposed by a rule, with no officer behind it, and publishes it", async () => {
      const opened = await inTenant(
        tenantId,
        openViolation(
          {
            memberId,
            kind: "report_overdue",
            description: "Quá hạn nộp báo cáo 15 ngày",
            evidence: [],
            source: "rule",
          },
          everywhere,
          null,
        ),
      )
      expect(opened).toMatchObject({ source: "rule", openedBy: null, status: "open" })
      expect(opened.history).toMatchObject([{ action: "opened", actorUserId: null }])
      expect(await outbox(tenantId)).toEqual([
        {
          type: "violation.opened",
          entity_id: opened.id,
          payload: { memberId, kind: "report_overdue", source: "rule", evidence: 0 },
        },
      ])
    })

    it("writes the event with the change or not at all: a failed transaction leaves no event behind", async () => {
      const before = (await outbox(tenantId)).length
      const failed = await runtime.runPromise(
        Database.use((d) =>
          d.withTenant(
            tenantId,
            openViolation(
              { memberId, kind: "other", description: "Sẽ bị hủy", evidence: [], source: "integration" },
              everywhere,
              null,
            ).pipe(Effect.andThen(Effect.fail("later step failed" as const))),
          ),
        ).pipe(Effect.flip),
      )
      expect(failed).toBe("later step failed")
      expect(await outbox(tenantId)).toHaveLength(before)
      const cases = await inTenant(tenantId, listViolations({ visibility: everywhere, limit: 200 }))
      expect(cases.violations.map((v) => v.kind)).toEqual(["report_overdue"])
    })

    it("does not find another tenant's case, even with the whole tenant in view", async () => {
      const [own] = (await inTenant(tenantId, listViolations({ visibility: everywhere, limit: 1 }))).violations
      const exit = await runtime.runPromise(
        Database.use((d) => d.withTenant(otherTenantId, violationCase(own?.id as string, everywhere))).pipe(
          Effect.flip,
        ),
      )
      expect(exit).toBeInstanceOf(ViolationNotFound)
      const closing = await runtime.runPromise(
        Database.use((d) =>
          d.withTenant(otherTenantId, closeViolation(own?.id as string, { outcome: "none" }, everywhere, null)),
        ).pipe(Effect.flip),
      )
      expect(closing).toBeInstanceOf(ViolationNotFound)
      expect(await outbox(otherTenantId)).toEqual([])
    })
  })
}
