import { createSession } from "@abroad/auth"
import { Database } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`members' records on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    beforeAll(async () => {
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
    }, 120_000)
    afterAll(() => api?.close())

    const send = async (persona: string, method: string, path: string, body?: unknown) => {
      const userId = world.users[persona] as string
      const { token } = await api.run(
        Database.use((database) => database.withGlobal(createSession(userId, new Date()))),
      )
      const response = await api.app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever the API answered
      return { status: response.status, body: (await response.json()) as Record<string, any> }
    }
    const form = (overrides: Record<string, unknown> = {}) => ({
      fullName: "Phạm Thị Thu Hương",
      sex: "female",
      birthDate: "1990-09-02",
      citizenId: "001190004321",
      partyCardNo: "10234567",
      admittedOn: "2015-02-03",
      fullMemberOn: "2016-02-03",
      orgUnitId: (world.tenants[A] as TenantFixture).cell,
      managedByUnitId: null,
      status: "active",
      politicalIssuePending: false,
      ...overrides,
    })

    it("adds a member, finds her with typos and without diacritics, and by citizen ID or card", async () => {
      const created = await send("officer", "POST", `/api/t/${A}/members`, form())
      expect(created.status).toBe(201)
      expect(created.body.member).toMatchObject({ fullName: "Phạm Thị Thu Hương", citizenId: "001190004321" })
      const names = async (q: string) =>
        (
          (await send("officer", "GET", `/api/t/${A}/members?q=${encodeURIComponent(q)}`)).body.members as Array<{
            fullName: string
          }>
        ).map((m) => m.fullName)
      expect((await names("pham thi thu huong"))[0]).toBe("Phạm Thị Thu Hương")
      expect((await names("pham thi thu huogn"))[0]).toBe("Phạm Thị Thu Hương")
      expect((await names("Phạm Thị Thu Hương"))[0]).toBe("Phạm Thị Thu Hương")
      expect(await names("001190004321")).toEqual(["Phạm Thị Thu Hương"])
      expect(await names("10234567")).toEqual(["Phạm Thị Thu Hương"])
      expect(await names("hoang van khong co")).toEqual([])
    })

    it("explains each broken rule with its field, and refuses a second member with the same citizen ID", async () => {
      const broken = await send(
        "officer",
        "POST",
        `/api/t/${A}/members`,
        form({ citizenId: "001090004321", admittedOn: "2005-01-01", fullName: "Trần Văn Nam" }),
      )
      expect(broken.status).toBe(422)
      const paths = (broken.body.error.details.issues as Array<{ path: Array<string> }>).map((i) => i.path.join("."))
      // Admitted before the 18th birthday; a citizen ID whose fourth digit says "male".
      expect(paths.sort()).toEqual(["body.admittedOn", "body.citizenId"])
      for (const birthDate of ["2026-13-01", "0000-01-01", "1990-02-30"]) {
        const impossible = await send("officer", "POST", `/api/t/${A}/members`, form({ birthDate, citizenId: null }))
        expect({ birthDate, status: impossible.status }).toEqual({ birthDate, status: 400 })
      }
      const duplicate = await send(
        "officer",
        "POST",
        `/api/t/${A}/members`,
        form({ fullName: "Người Khác", partyCardNo: null }),
      )
      expect(duplicate.status).toBe(409)
      expect(duplicate.body.error.details.issues[0].path).toEqual(["body", "citizenId"])
    })

    it("keeps an officer to the cells of their subtree, and audits changes by field name only", async () => {
      const a = world.tenants[A] as TenantFixture
      const outside = await send(
        "officerOfX",
        "POST",
        `/api/t/${A}/members`,
        form({ orgUnitId: a.y, citizenId: null, partyCardNo: null, fullName: "Ngoài Phạm Vi" }),
      )
      expect(outside.status).toBe(422)
      const record = (await send("officer", "GET", `/api/t/${A}/members/${a.memberInX}`)).body.member
      const updated = await send("officerOfX", "PUT", `/api/t/${A}/members/${a.memberInX}`, {
        ...form({ citizenId: null, partyCardNo: null }),
        fullName: record.fullName,
        status: "under_review",
      })
      expect(updated.status).toBe(200)
      expect(updated.body.member.status).toBe("under_review")
      const log = await send("admin", "GET", `/api/t/${A}/audit?action=member.updated&entityId=${a.memberInX}`)
      const entry = log.body.entries[0]
      expect(entry.details.fields).toContain("status")
      expect(JSON.stringify(entry.details)).not.toContain("under_review")
      expect((await send("officerOfX", "GET", `/api/t/${A}/members/${a.memberInY}`)).status).toBe(404)
    })

    it("narrows the list by status and by unit, and pages through it with `next`", async () => {
      const a = world.tenants[A] as TenantFixture
      const list = async (query: string) => (await send("officer", "GET", `/api/t/${A}/members?${query}`)).body
      const all = (await list("limit=200")).members.map((m: { id: string }) => m.id)
      const paged: Array<string> = []
      let query = "limit=1"
      for (let page = 0; page < 50; page++) {
        const body = await list(query)
        paged.push(...body.members.map((m: { id: string }) => m.id))
        if (body.next === null) break
        query = `limit=1&afterName=${encodeURIComponent(body.next.afterName)}&afterId=${body.next.afterId}`
      }
      expect(paged).toEqual(all)
      const inY = (await list(`orgUnitId=${a.y}`)).members.map((m: { fullName: string }) => m.fullName)
      expect(inY).toEqual(["Trần Thị Bình"])
      const reviewed = (await list("status=under_review")).members.map((m: { id: string }) => m.id)
      expect(reviewed).toEqual([a.memberInX])
    })

    it("moves a cell with its members to another committee, keeps the history, and refuses a move into itself", async () => {
      const a = world.tenants[A] as TenantFixture
      const intoItself = await send("admin", "POST", `/api/t/${A}/org-units/${a.x}/move`, {
        toParentId: a.cell,
        effectiveOn: "2025-07-01",
      })
      expect(intoItself.status).toBe(422)
      expect(intoItself.body.error.details.rule).toBe("org_unit.into_itself")
      const moved = await send("admin", "POST", `/api/t/${A}/org-units/${a.cell}/move`, {
        toParentId: a.y,
        effectiveOn: "2025-07-01",
      })
      expect(moved.body).toEqual({ movedUnits: 1 })
      // The member of the cell now sits under Y: X's officer no longer sees her.
      expect((await send("officerOfX", "GET", `/api/t/${A}/members/${a.memberInX}`)).status).toBe(404)
      const tree = (await send("officer", "GET", `/api/t/${A}/org-units`)).body.orgUnits as Array<{
        name: string
        depth: number
      }>
      expect(tree.map((u) => `${u.depth}:${u.name}`)).toEqual([
        "0:Đảng bộ",
        "1:Đảng bộ X",
        "1:Đảng bộ Y",
        "2:Chi bộ X1",
      ])
      const early = await send("admin", "POST", `/api/t/${A}/org-units/${a.cell}/move`, {
        toParentId: a.x,
        effectiveOn: "2025-06-30",
      })
      expect(early.body.error.details.rule).toBe("org_unit.move_out_of_order")
      const later = await send("admin", "POST", `/api/t/${A}/org-units/${a.cell}/move`, {
        toParentId: a.x,
        effectiveOn: "2099-01-01",
      })
      expect(later.body.error.details.rule).toBe("org_unit.move_in_future")
      const created = await send("admin", "POST", `/api/t/${A}/org-units`, {
        parentId: a.x,
        kind: "subordinate_committee",
        name: "Sai cấp",
        validFrom: "2025-07-01",
      })
      expect(created.body.error.details.rule).toBe("org_unit.parent_kind")
      const log = await send("admin", "GET", `/api/t/${A}/audit?action=org_unit.moved`)
      expect(log.body.entries).toHaveLength(1)
    })
  })
}
