import { createSession } from "@abroad/auth"
import { findTenantByCode } from "@abroad/core"
import { Database, DatabaseOwner, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, B, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

/**
 * Oversight from end to end: Đảng ủy Bộ Ngoại giao sees the members abroad of every tenant and
 * nobody else, keeps the register of organisations abroad, decides the transfers home tenants send
 * and sends them notices; every read of a member is in two audit logs. National statistics answer
 * counts only.
 */

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`oversight and national statistics on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    const t = (code: string) => world.tenants[code] as TenantFixture
    /** The trips under way: A's member in X to Japan (official transfer), B's member in X to Korea (temporary). */
    const abroad: Record<string, string> = {}

    /** A trip approved and departed, written as the workflow would have left it (by the owner, inside the tenant). */
    const departedTrip = (code: string, country: string, arrangement: string) =>
      api.run(
        DatabaseOwner.use((owner) =>
          owner.transaction(async (tx) => {
            const id = crypto.randomUUID()
            const record = JSON.stringify({ id, memberId: t(code).memberInX, status: "departed", revision: 6 })
            await tx.query("select set_config('app.tenant_id', $1, true)", [t(code).id])
            await tx.query(
              `insert into trip (tenant_id, id, member_id, cell_id, status, purpose, funding, countries,
                 planned_departure, planned_return, actual_departure, routing_committee_id, routing_basis,
                 regulation_version, arrangement_kind, revision, record)
               values ($1, $2, $3, $4, 'departed', 'study', 'own', string_to_array($5, ',')::char(2)[], '2026-09-01',
                 '2027-09-01', '2026-09-01', $6, 'direct_committee', '86-2022', $7, 6, $8::text::jsonb)`,
              [t(code).id, id, t(code).memberInX, t(code).cell, country, t(code).committee, arrangement, record],
            )
            return id
          }),
        ),
      )

    beforeAll(async () => {
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
      abroad[A] = await departedTrip(A, "JP", "official_transfer")
      abroad[B] = await departedTrip(B, "KR", "temporary_transfer")
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
      const text = await response.text()
      // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever the API answered
      return { status: response.status, text, body: JSON.parse(text) as Record<string, any> }
    }

    /** The oversight entries of a tenant's audit log, read behind the API's back. */
    const oversightAudit = async (code: string) => {
      const tenant = await api.run(Database.use((database) => database.withGlobal(findTenantByCode(code))))
      return api.run(
        Database.use((database) =>
          database.withTenant(
            tenant.id,
            tenantQuery((db) =>
              db
                .selectFrom("audit_event")
                .select(["action", "entity_id", "actor", "details"])
                .where("action", "like", "oversight.%")
                .orderBy("seq")
                .execute(),
            ),
          ),
        ),
      )
    }

    it("lists the members abroad of every tenant, and no one at home, each read in both audit logs", async () => {
      const before = { a: (await oversightAudit(A)).length, bng: (await oversightAudit("bng")).length }
      const list = await send("oversight", "GET", "/api/oversight/abroad")
      expect(list.status).toBe(200)
      const members = list.body.members as Array<Record<string, unknown>>
      expect(members.map((m) => m.tripId).sort()).toEqual([abroad[A], abroad[B]].sort())
      expect(members.find((m) => m.tripId === abroad[A])).toMatchObject({
        tenantCode: A,
        memberId: t(A).memberInX,
        fullName: "Nguyễn Văn A",
        homeUnitName: "Chi bộ X1",
        purpose: "study",
        countries: ["JP"],
        arrangement: "official_transfer",
        overseasOrgId: null,
      })
      // Only the fields the job needs: no citizen ID, no status of the member's record.
      expect(Object.keys(members[0] ?? {})).not.toContain("citizenId")
      expect(list.text).not.toContain(t(A).memberInY)

      const a = await oversightAudit(A)
      const bng = await oversightAudit("bng")
      expect(a.length - before.a).toBe(1)
      expect(a.at(-1)).toMatchObject({
        action: "oversight.member_abroad.read",
        entity_id: t(A).memberInX,
        actor: "oversight@bng",
      })
      expect(bng.length - before.bng).toBe(2)
      expect(
        bng
          .slice(-2)
          .map((entry) => entry.entity_id)
          .sort(),
      ).toEqual([t(A).memberInX, t(B).memberInX].sort())

      const korea = await send("oversight", "GET", "/api/oversight/abroad?country=KR")
      expect((korea.body.members as Array<{ tripId: string }>).map((m) => m.tripId)).toEqual([abroad[B]])
      const ofB = await send("oversight", "GET", `/api/oversight/abroad?tenant=${B}`)
      expect((ofB.body.members as Array<{ tenantCode: string }>).map((m) => m.tenantCode)).toEqual([B])
      expect((await send("oversight", "GET", "/api/oversight/abroad?tenant=khong-co")).status).toBe(404)
      expect((await send("oversight", "GET", "/api/oversight/abroad?limit=0")).status).toBe(400)
    })

    it("pages the list by departure", async () => {
      const first = await send("oversight", "GET", "/api/oversight/abroad?limit=1")
      expect(first.body.members).toHaveLength(1)
      const second = await send("oversight", "GET", `/api/oversight/abroad?limit=1&after=${first.body.next}`)
      expect(second.body.members).toHaveLength(1)
      expect(second.body.members[0].tripId).not.toBe(first.body.members[0].tripId)
      expect(second.body.next).toBeNull()
    })

    it("counts members abroad by country and by home tenant, for the map", async () => {
      const byCountry = await send("oversight", "GET", "/api/oversight/abroad/summary?by=country")
      expect(byCountry.status).toBe(200)
      expect(byCountry.body.total).toBe(2)
      expect(byCountry.body.groups).toEqual(
        expect.arrayContaining([
          { key: "JP", label: "Nhật Bản", labelEn: expect.any(String), count: 1 },
          { key: "KR", label: expect.any(String), labelEn: expect.any(String), count: 1 },
        ]),
      )
      const byTenant = await send("oversight", "GET", "/api/oversight/abroad/summary?by=tenant")
      expect((byTenant.body.groups as Array<{ key: string }>).map((g) => g.key).sort()).toEqual([A, B].sort())
    })

    let japan: string
    let tokyo: string

    it("keeps the register of organisations abroad, which home tenants read", async () => {
      const committee = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        kind: "committee",
        name: "Đảng bộ Đại sứ quán Việt Nam tại Nhật Bản",
        country: "JP",
        mission: "Đại sứ quán Việt Nam tại Nhật Bản",
      })
      expect(committee.status).toBe(201)
      japan = committee.body.overseasOrg.id
      const cell = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        parentId: japan,
        kind: "cell",
        name: "Chi bộ Đại sứ quán tại Tokyo",
        country: "JP",
      })
      expect(cell.status).toBe(201)
      tokyo = cell.body.overseasOrg.id
      const elsewhere = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        parentId: japan,
        kind: "cell",
        name: "Chi bộ lạc chỗ",
        country: "KR",
      })
      expect(elsewhere.body.error.details.rule).toBe("overseas_org.parent_country")
      const spare = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        parentId: japan,
        kind: "cell",
        name: "Chi bộ tạm",
        country: "JP",
      })
      expect(
        (
          await send("oversight", "PATCH", `/api/oversight/overseas-orgs/${spare.body.overseasOrg.id}`, {
            active: false,
          })
        ).body.overseasOrg.active,
      ).toBe(false)
      expect(
        (await send("oversight", "DELETE", `/api/oversight/overseas-orgs/${spare.body.overseasOrg.id}`)).status,
      ).toBe(200)
      expect((await send("oversight", "DELETE", `/api/oversight/overseas-orgs/${japan}`)).status).toBe(409)

      const seen = await send("officer", "GET", `/api/t/${A}/overseas-orgs?country=JP`)
      expect(seen.status).toBe(200)
      expect((seen.body.overseasOrgs as Array<{ id: string }>).map((o) => o.id)).toEqual(
        expect.arrayContaining([japan, tokyo]),
      )
      // Only the oversight body writes it.
      expect(
        (await send("officer", "POST", "/api/oversight/overseas-orgs", { kind: "cell", name: "X", country: "JP" }))
          .status,
      ).toBe(403)
    })

    it("takes a transfer from the home tenant to a cell abroad, and the home tenant sees the outcome", async () => {
      const sent = await send("officer", "POST", `/api/t/${A}/transfers`, {
        form: "3-SHĐ",
        tripIds: [abroad[A]],
        proposedOverseasOrgId: tokyo,
      })
      expect(sent.status).toBe(201)
      const transfer = sent.body.transfers[0]
      expect(transfer).toMatchObject({ status: "received", kind: "official", memberName: "Nguyễn Văn A", listId: null })
      // Labour export's form for a study stay, a draft trip, a second transfer: refused.
      expect(
        (await send("officer", "POST", `/api/t/${A}/transfers`, { form: "3A-SHĐ", tripIds: [abroad[A]] })).body.error
          .details.rule,
      ).toBe("transfer.form")
      expect(
        (await send("officer", "POST", `/api/t/${A}/transfers`, { form: "3-SHĐ", tripIds: [t(A).trip] })).body.error
          .details.rule,
      ).toBe("transfer.trip_status")
      expect(
        (await send("officer", "POST", `/api/t/${A}/transfers`, { form: "3-SHĐ", tripIds: [abroad[A]] })).status,
      ).toBe(409)
      // Another tenant's trip is not found.
      expect(
        (await send("officer", "POST", `/api/t/${A}/transfers`, { form: "3-SHĐ", tripIds: [abroad[B]] })).status,
      ).toBe(404)

      const intake = await send("oversight", "GET", "/api/oversight/transfers?status=received")
      expect((intake.body.transfers as Array<{ id: string }>).map((x) => x.id)).toContain(transfer.id)
      // To a cell in another country: refused.
      const korea = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        kind: "committee",
        name: "Đảng bộ Đại sứ quán Việt Nam tại Hàn Quốc",
        country: "KR",
      })
      expect(
        (
          await send("oversight", "POST", `/api/oversight/transfers/${transfer.id}/accept`, {
            overseasOrgId: korea.body.overseasOrg.id,
          })
        ).body.error.details.rule,
      ).toBe("transfer.overseas_org_country")
      // To a committee rather than one of its cells: refused.
      const osaka = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        kind: "committee",
        name: "Đảng bộ Tổng Lãnh sự quán Việt Nam tại Osaka",
        country: "JP",
      })
      expect(
        (
          await send("oversight", "POST", `/api/oversight/transfers/${transfer.id}/accept`, {
            overseasOrgId: osaka.body.overseasOrg.id,
          })
        ).body.error.details.rule,
      ).toBe("transfer.overseas_org_cell")
      // Nor is an organisation "abroad" in Vietnam.
      const home = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        kind: "committee",
        name: "Đảng bộ tại Hà Nội",
        country: "VN",
      })
      expect(home.body.error.details.rule).toBe("overseas_org.country")
      const accepted = await send("oversight", "POST", `/api/oversight/transfers/${transfer.id}/accept`, {
        overseasOrgId: tokyo,
      })
      expect(accepted.status).toBe(200)
      expect(accepted.body.transfer).toMatchObject({ status: "accepted", assignedOverseasOrgId: tokyo })
      expect(
        (await send("oversight", "POST", `/api/oversight/transfers/${transfer.id}/return`, { reason: "Muộn" })).status,
      ).toBe(409)

      const outcome = await send("officer", "GET", `/api/t/${A}/transfers/${transfer.id}`)
      expect(outcome.body.transfer).toMatchObject({
        status: "accepted",
        assignedOverseasOrgName: "Chi bộ Đại sứ quán tại Tokyo",
      })
      expect((await send("adminOfB", "GET", `/api/t/${B}/transfers/${transfer.id}`)).status).toBe(404)
      // The trip's file lists its own transfers, and no other trip's.
      const ofTrip = await send("officer", "GET", `/api/t/${A}/transfers?tripId=${abroad[A]}`)
      expect((ofTrip.body.transfers as Array<{ id: string }>).map((x) => x.id)).toEqual([transfer.id])
      const ofOther = await send("officer", "GET", `/api/t/${A}/transfers?tripId=${t(A).trip}`)
      expect(ofOther.body.transfers).toEqual([])

      // The member abroad now shows the cell, and the map counts by it (and its committee).
      const list = await send("oversight", "GET", `/api/oversight/abroad?overseasOrgId=${japan}`)
      expect(list.body.members).toMatchObject([
        { tripId: abroad[A], overseasOrgId: tokyo, overseasOrgName: "Chi bộ Đại sứ quán tại Tokyo" },
      ])
      const byOrg = await send("oversight", "GET", "/api/oversight/abroad/summary?by=overseas_org")
      expect(byOrg.body.groups).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: tokyo, count: 1 }),
          expect.objectContaining({ key: null, count: 1 }),
        ]),
      )

      // The decision is in both audit logs.
      expect((await oversightAudit(A)).map((entry) => entry.action)).toContain("oversight.transfer.accepted")
      expect((await oversightAudit("bng")).map((entry) => entry.action)).toContain("oversight.transfer.accepted")
    })

    it("lets bulletins address organisations of the register, reaching the members assigned under them", async () => {
      const unknown = await send("admin", "POST", `/api/t/${A}/bulletins`, {
        title: "Sinh hoạt chi bộ tháng 12",
        body: "Lịch sinh hoạt",
        targets: { overseasOrgIds: [crypto.randomUUID()] },
      })
      expect(unknown.body.error.details.rule).toBe("bulletin.unknown_overseas_org")
      const published = await send("admin", "POST", `/api/t/${A}/bulletins`, {
        title: "Sinh hoạt đảng bộ tại Nhật Bản",
        body: "Lịch sinh hoạt",
        targets: { overseasOrgIds: [japan] },
      })
      expect(published.status).toBe(201)
      // A's member in X was assigned to the Tokyo cell, under the committee in Japan.
      const feed = await send("member", "GET", `/api/t/${A}/me/bulletins`)
      expect((feed.body.bulletins as Array<{ id: string }>).map((b) => b.id)).toContain(published.body.bulletin.id)
    })

    it("returns a transfer with a reason, which the home tenant reads", async () => {
      const sent = await send("adminOfB", "POST", `/api/t/${B}/transfers`, { form: "3-SHĐ", tripIds: [abroad[B]] })
      // An administrator sends no transfers: officers do.
      expect(sent.status).toBe(403)
      const transferId = await api.run(
        Database.use((database) =>
          database.withTenant(
            t(B).id,
            tenantQuery(
              async (db, tenantId) =>
                (
                  await db
                    .insertInto("activity_transfer")
                    .values({
                      tenant_id: tenantId,
                      trip_id: abroad[B] as string,
                      member_id: t(B).memberInX,
                      form: "3-SHĐ",
                      kind: "temporary",
                      member_name: "Nguyễn Văn A",
                      home_unit_name: "Chi bộ X1",
                      purpose: "study",
                      countries: ["KR"],
                      planned_departure: "2026-09-01",
                      planned_return: "2027-09-01",
                    })
                    .returning("id")
                    .executeTakeFirstOrThrow()
                ).id,
            ),
          ),
        ),
      )
      const returned = await send("oversight", "POST", `/api/oversight/transfers/${transferId}/return`, {
        reason: "Thiếu xác nhận của chi bộ",
      })
      expect(returned.body.transfer).toMatchObject({ status: "returned", returnReason: "Thiếu xác nhận của chi bộ" })
      const seen = await send("adminOfB", "GET", `/api/t/${B}/transfers?status=returned`)
      expect(seen.body.transfers).toMatchObject([{ id: transferId, returnReason: "Thiếu xác nhận của chi bộ" }])
    })

    it("sends notices about members abroad to their home tenant's inbox, and about no one else", async () => {
      const notice = await send("oversight", "POST", "/api/oversight/notices", {
        tenant: A,
        memberId: t(A).memberInX,
        tripId: abroad[A],
        kind: "cell_change",
        body: "Đảng viên chuyển sang sinh hoạt tại Chi bộ Đại sứ quán tại Tokyo.",
        overseasOrgId: tokyo,
      })
      expect(notice.status).toBe(201)
      const id = notice.body.notice.id as string
      // The new cell is a cell, in a country of the stay under way (Japan here).
      const seoul = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        kind: "committee",
        name: "Đảng bộ Đại sứ quán Việt Nam tại Seoul",
        country: "KR",
      })
      const seoulCell = await send("oversight", "POST", "/api/oversight/overseas-orgs", {
        kind: "cell",
        name: "Chi bộ Đại sứ quán tại Seoul",
        country: "KR",
        parentId: seoul.body.overseasOrg.id,
      })
      const changeTo = (overseasOrgId: string) =>
        send("oversight", "POST", "/api/oversight/notices", {
          tenant: A,
          memberId: t(A).memberInX,
          tripId: abroad[A],
          kind: "cell_change",
          body: "Đảng viên chuyển chi bộ.",
          overseasOrgId,
        })
      expect((await changeTo(seoul.body.overseasOrg.id)).body.error.details.rule).toBe("notice.overseas_org_cell")
      expect((await changeTo(seoulCell.body.overseasOrg.id)).body.error.details.rule).toBe(
        "notice.overseas_org_country",
      )
      // A member at home is not one the oversight body can address.
      const home = await send("oversight", "POST", "/api/oversight/notices", {
        tenant: A,
        memberId: t(A).memberInY,
        tripId: t(A).trip,
        kind: "concern",
        body: "Thử",
      })
      expect(home.status).toBe(404)
      // Nor the member of another tenant under this tenant's name.
      const crossed = await send("oversight", "POST", "/api/oversight/notices", {
        tenant: A,
        memberId: t(B).memberInX,
        tripId: abroad[B],
        kind: "concern",
        body: "Thử",
      })
      expect(crossed.status).toBe(404)

      // The oversight body's own list names the member it wrote about, as its view of members abroad does.
      const sent = await send("oversight", "GET", `/api/oversight/notices?tenant=${A}`)
      expect(sent.body.notices).toMatchObject([{ id, memberName: "Nguyễn Văn A", kind: "cell_change" }])
      expect(notice.body.notice.memberName).toBe("Nguyễn Văn A")

      const inbox = await send("officer", "GET", `/api/t/${A}/notices?unread=true`)
      expect(inbox.body.notices).toMatchObject([
        {
          id,
          memberName: "Nguyễn Văn A",
          kind: "cell_change",
          overseasOrgName: "Chi bộ Đại sứ quán tại Tokyo",
          readAt: null,
        },
      ])
      const read = await send("officer", "POST", `/api/t/${A}/notices/${id}/read`)
      expect(read.body.notice.readAt).not.toBeNull()
      expect((await send("officer", "GET", `/api/t/${A}/notices?unread=true`)).body.notices).toEqual([])
      expect((await send("adminOfB", "GET", `/api/t/${B}/notices/${id}`)).status).toBe(404)
      expect((await oversightAudit(A)).map((entry) => entry.action)).toContain("oversight.notice.sent")
    })

    it("answers national statistics with counts only, small ones suppressed", async () => {
      const abroadNow = await send("analyst", "GET", "/api/national/abroad?by=country")
      expect(abroadNow.status).toBe(200)
      // Two members abroad: below the threshold, so nothing is shown, not even the total.
      expect(abroadNow.body.buckets).toHaveLength(1)
      expect(abroadNow.body.buckets[0]).toMatchObject({ total: null, totalSuppressed: true })
      for (const item of abroadNow.body.buckets[0].items) expect(item).toMatchObject({ count: null, suppressed: true })

      const trips = await send("analyst", "GET", "/api/national/trips?by=purpose&period=5y&from=2024-03-15")
      expect(trips.status).toBe(200)
      expect(trips.body).toMatchObject({ from: "2024-01-01", to: "2029-01-01", period: "5y", threshold: 5 })
      expect((trips.body.buckets as Array<{ from: string }>).map((b) => b.from)).toEqual([
        "2024-01-01",
        "2025-01-01",
        "2026-01-01",
        "2027-01-01",
        "2028-01-01",
      ])
      const halfYear = await send("analyst", "GET", "/api/national/reports?period=6m&from=2026-07-01")
      expect((halfYear.body.buckets as Array<{ from: string }>).map((b) => b.from)).toEqual([
        "2026-07-01",
        "2026-08-01",
        "2026-09-01",
        "2026-10-01",
        "2026-11-01",
        "2026-12-01",
      ])
      for (const path of [
        "/api/national/trips?by=tenant",
        "/api/national/violations?by=kind&period=1y",
        "/api/national/outcomes?by=tenant",
        "/api/national/abroad?by=tenant",
      ]) {
        const answer = await send("analyst", "GET", path)
        expect(answer.status, path).toBe(200)
        // Not a person's id, not a name.
        expect(answer.text, path).not.toMatch(UUID)
        expect(answer.text, path).not.toContain("Nguyễn")
      }
      expect((await send("analyst", "GET", "/api/national/trips?period=2y")).status).toBe(400)
      expect((await send("analyst", "GET", "/api/national/trips?by=member")).status).toBe(400)
      // The analyst has no oversight: no names across tenants for it.
      expect((await send("analyst", "GET", "/api/oversight/abroad")).status).toBe(403)
    })
  })
}
