import { createSession } from "@abroad/auth"
import { DEMO_HANDBOOK, seedDemoHandbook } from "@abroad/core"
import { Database, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

/** Official bulletins with their targeting and read receipts, the handbook's versions, and the tenant's settings. */

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`official information and settings on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    beforeAll(async () => {
      api = await testApi(dialect, {
        migrated: true,
        seed: async (runtime) => {
          await seedAccessWorld(world)(runtime)
          // A second member's account, for the member of Y (outside X's subtree).
          const a = world.tenants[A] as TenantFixture
          world.users.memberOfY = await runtime.runPromise(
            Database.use((database) =>
              database.withTenant(
                a.id,
                tenantQuery(async (db, tenantId) => {
                  const user = await db
                    .insertInto("app_user")
                    .values({
                      username: `memberofy@${A}`,
                      display_name: "Trần Thị Bình",
                      home_tenant_id: tenantId,
                      password_hash: "unusable",
                    })
                    .returning("id")
                    .executeTakeFirstOrThrow()
                  await db
                    .insertInto("role_grant")
                    .values({ tenant_id: tenantId, user_id: user.id, role: "member", member_id: a.memberInY })
                    .execute()
                  return user.id
                }),
              ),
            ),
          )
        },
      })
    }, 120_000)
    afterAll(() => api?.close())

    const fixture = () => world.tenants[A] as TenantFixture

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

    const feedTitles = async (persona: string, query = "") =>
      ((await send(persona, "GET", `/api/t/${A}/me/bulletins${query}`)).body.bulletins as Array<{ title: string }>).map(
        (bulletin) => bulletin.title,
      )

    const publish = (persona: string, title: string, targets: Record<string, unknown>) =>
      send(persona, "POST", `/api/t/${A}/bulletins`, { title, body: `Nội dung: ${title}.`, targets })

    it("shows a bulletin to the members of the committee it targets, and to no one elsewhere", async () => {
      const toX = await publish("officer", "Hội nghị Đảng bộ X", { orgUnitIds: [fixture().x] })
      expect(toX.status).toBe(201)
      expect(toX.body.bulletin).toMatchObject({
        title: "Hội nghị Đảng bộ X",
        targets: { orgUnitIds: [fixture().x], countries: [], overseasOrgIds: [] },
        readCount: 0,
      })
      expect((await publish("officer", "Lịch họp Đảng bộ Y", { orgUnitIds: [fixture().y] })).status).toBe(201)
      expect((await publish("officer", "Chỉ thị toàn Đảng bộ", {})).status).toBe(201)
      expect((await publish("officer", "Lưu ý khi ở Nhật Bản", { countries: ["JP"] })).status).toBe(201)

      // The member of cell X1 (under X): X's bulletin and the tenant's, newest first; not Y's.
      expect(await feedTitles("member")).toEqual([
        "Chỉ thị toàn Đảng bộ",
        "Hội nghị Đảng bộ X",
        "Lịch sinh hoạt chi bộ tháng này",
      ])
      // The member of Y sees Y's, never X's.
      const ofY = await feedTitles("memberOfY")
      expect(ofY).toContain("Lịch họp Đảng bộ Y")
      expect(ofY).not.toContain("Hội nghị Đảng bộ X")
      // Country targets reach a member who is there (said by the client until trips are recorded).
      expect(await feedTitles("member", "?countries=JP,KR")).toContain("Lưu ý khi ở Nhật Bản")
      expect(await feedTitles("member", "?countries=KR")).not.toContain("Lưu ý khi ở Nhật Bản")
      // An account that is no member has an empty feed.
      expect(await feedTitles("admin")).toEqual([])
      // Pages: two at a time, no bulletin twice, none lost.
      const first = await send("member", "GET", `/api/t/${A}/me/bulletins?limit=2`)
      expect(first.body.bulletins).toHaveLength(2)
      const second = await send(
        "member",
        "GET",
        `/api/t/${A}/me/bulletins?limit=2&after=${encodeURIComponent(first.body.next)}`,
      )
      expect(second.body.next).toBeNull()
      expect([...first.body.bulletins, ...second.body.bulletins].map((b: { title: string }) => b.title)).toEqual(
        await feedTitles("member"),
      )
    })

    it("keeps a scoped officer to units inside their committee, and lists only what they could have sent", async () => {
      const wholeTenant = await publish("officerOfX", "Cho toàn Đảng bộ", {})
      expect(wholeTenant.status).toBe(422)
      expect(wholeTenant.body.error.details.rule).toBe("bulletin.target_outside_scope")
      const toY = await publish("officerOfX", "Cho Đảng bộ Y", { orgUnitIds: [fixture().y] })
      expect(toY.body.error.details.rule).toBe("bulletin.unknown_org_unit")
      const unknownCountry = await publish("officer", "Nước không có", { countries: ["QQ"] })
      expect(unknownCountry.body.error.details.rule).toBe("bulletin.unknown_country")
      const badInput = await send("officer", "POST", `/api/t/${A}/bulletins`, { title: "   ", body: "" })
      expect(badInput.status).toBe(400)
      expect((await publish("officerOfX", "Chi bộ X1 họp bất thường", { orgUnitIds: [fixture().cell] })).status).toBe(
        201,
      )
      const listed = (await send("officerOfX", "GET", `/api/t/${A}/bulletins`)).body.bulletins as Array<{
        title: string
      }>
      expect(listed.map((b) => b.title)).toEqual(["Chi bộ X1 họp bất thường", "Hội nghị Đảng bộ X"])
      const all = (await send("officer", "GET", `/api/t/${A}/bulletins?q=hoi nghi`)).body.bulletins as Array<{
        title: string
      }>
      expect(all.map((b) => b.title)).toEqual(["Hội nghị Đảng bộ X"])
      const toJapan = (await send("officer", "GET", `/api/t/${A}/bulletins?country=JP`)).body.bulletins
      expect(toJapan.map((b: { title: string }) => b.title)).toEqual(["Lưu ý khi ở Nhật Bản"])
      // The member role publishes nothing.
      expect((await publish("member", "Không được", {})).status).toBe(403)
    })

    it("records each read once, shows the publisher who read, and audits and announces the publication", async () => {
      const listed = (await send("officer", "GET", `/api/t/${A}/bulletins?q=Hội nghị Đảng bộ X`)).body.bulletins
      const bulletinId = listed[0].id as string
      const first = await send("member", "POST", `/api/t/${A}/me/bulletins/${bulletinId}/read`)
      expect(first.status).toBe(200)
      expect(first.body.first).toBe(true)
      const again = await send("member", "POST", `/api/t/${A}/me/bulletins/${bulletinId}/read`)
      expect(again.body).toEqual({ readAt: first.body.readAt, first: false })
      // Not addressed to the member of Y: not found for them.
      expect((await send("memberOfY", "POST", `/api/t/${A}/me/bulletins/${bulletinId}/read`)).status).toBe(404)

      const receipts = await send("officer", "GET", `/api/t/${A}/bulletins/${bulletinId}/reads`)
      expect(receipts.status).toBe(200)
      expect(receipts.body.receipts).toEqual([
        {
          memberId: fixture().memberInX,
          fullName: "Nguyễn Văn A",
          orgUnitId: fixture().cell,
          orgUnitName: "Chi bộ X1",
          readAt: first.body.readAt,
        },
      ])
      expect((await send("officer", "GET", `/api/t/${A}/bulletins/${bulletinId}`)).body.bulletin.readCount).toBe(1)
      const unread = await feedTitles("member", "?unread=true")
      expect(unread).not.toContain("Hội nghị Đảng bộ X")
      expect(unread).toContain("Chỉ thị toàn Đảng bộ")
      expect((await send("member", "GET", `/api/t/${A}/bulletins/${bulletinId}/reads`)).status).toBe(403)

      const log = await send("admin", "GET", `/api/t/${A}/audit?action=bulletin.published&entityId=${bulletinId}`)
      expect(log.body.entries).toHaveLength(1)
      expect(log.body.entries[0].details.targets.orgUnitIds).toEqual([fixture().x])
      const events = await api.run(
        Database.use((database) =>
          database.withTenant(
            fixture().id,
            tenantQuery((db) =>
              db
                .selectFrom("outbox_event")
                .select(["type", "entity_type", "payload"])
                .where("entity_id", "=", bulletinId)
                .execute(),
            ),
          ),
        ),
      )
      expect(events).toEqual([
        {
          type: "bulletin.published",
          entity_type: "bulletin",
          payload: { targets: { orgUnitIds: [fixture().x], countries: [], overseasOrgIds: [] } },
        },
      ])
    })

    it("seeds the demo handbook once per demo tenant", async () => {
      const first = await api.run(seedDemoHandbook)
      expect(first.find((report) => report.tenant === A)?.articles).toBe(DEMO_HANDBOOK.length)
      const second = await api.run(seedDemoHandbook)
      expect(second.every((report) => report.articles === 0)).toBe(true)
      const contents = await send("member", "GET", `/api/t/${A}/handbook`)
      expect(contents.body.articles.map((a: { slug: string }) => a.slug)).toEqual(
        DEMO_HANDBOOK.map((a) => a.slug).sort(),
      )
    })

    it("publishes handbook articles in versions, newest shown, older ones still readable", async () => {
      const path = `/api/t/${A}/handbook/thu-tuc-gia-han/versions`
      const v1 = await send("admin", "POST", path, { title: "Gia hạn", body: "Xin phép trước khi hết hạn." })
      expect(v1.status).toBe(201)
      expect(v1.body.article).toMatchObject({ slug: "thu-tuc-gia-han", version: 1, title: "Gia hạn" })
      const v2 = await send("admin", "POST", path, {
        title: "Gia hạn thời gian ở nước ngoài",
        body: "Xin phép cấp ủy trước khi hết hạn; đi công tác cần cả ý kiến của người đứng đầu cơ quan đại diện.",
      })
      expect(v2.body.article.version).toBe(2)
      const newest = await send("member", "GET", `/api/t/${A}/handbook/thu-tuc-gia-han`)
      expect(newest.body.article).toMatchObject({ version: 2, title: "Gia hạn thời gian ở nước ngoài" })
      const older = await send("member", "GET", `/api/t/${A}/handbook/thu-tuc-gia-han/versions/1`)
      expect(older.body.article).toMatchObject({ version: 1, title: "Gia hạn", body: "Xin phép trước khi hết hạn." })
      const versions = await send("member", "GET", path)
      expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1])
      const contents = await send("member", "GET", `/api/t/${A}/handbook?q=gia han`)
      expect(contents.body.articles).toEqual([expect.objectContaining({ slug: "thu-tuc-gia-han", version: 2 })])
      expect((await send("member", "GET", `/api/t/${A}/handbook/thu-tuc-gia-han/versions/3`)).status).toBe(404)
      expect((await send("member", "GET", `/api/t/${A}/handbook/khong-co-bai-nay`)).status).toBe(404)
      expect((await send("member", "GET", `/api/t/${A}/handbook/Sai_Dia_Chi`)).status).toBe(400)
      expect((await send("officer", "POST", path, { title: "Không được", body: "…" })).status).toBe(403)
      const log = await send("admin", "GET", `/api/t/${A}/audit?action=handbook.published`)
      expect(log.body.entries.map((e: { entityId: string }) => e.entityId)).toContain("thu-tuc-gia-han@2")
    })

    it("keeps the report deadline within the regulation (at most 7 working or 15 calendar days), 7 working days until chosen, and audits it", async () => {
      const path = `/api/t/${A}/settings/report-deadline`
      const initial = await send("admin", "GET", path)
      expect(initial.body).toEqual({
        reportDeadline: { kind: "working_days", days: 7 },
        isDefault: true,
        updatedBy: null,
        updatedAt: null,
      })
      const zero = await send("admin", "PUT", path, { kind: "working_days", days: 0 })
      expect(zero.status).toBe(400)
      expect(zero.body.error.message.vi).toMatch(/không hợp lệ/)
      expect(zero.body.error.message.en).toMatch(/not valid/)
      const issue = (zero.body.error.details.issues as Array<{ path: Array<string>; message: string }>).find(
        (candidate) => candidate.path.join(".") === "body.days",
      )
      expect(issue?.message).toMatch(/1 đến 7 ngày.*between 1 and 7 days/)
      // Longer than the regulation allows: a tenant may tighten it, never loosen it.
      expect((await send("admin", "PUT", path, { kind: "working_days", days: 8 })).status).toBe(400)
      expect((await send("admin", "PUT", path, { kind: "calendar_days", days: 16 })).status).toBe(400)
      expect((await send("admin", "PUT", path, { kind: "weeks", days: 2 })).status).toBe(400)
      const set = await send("admin", "PUT", path, { kind: "calendar_days", days: 15 })
      expect(set.status).toBe(200)
      expect(set.body).toMatchObject({ reportDeadline: { kind: "calendar_days", days: 15 }, isDefault: false })
      expect((await send("admin", "GET", path)).body.reportDeadline).toEqual({ kind: "calendar_days", days: 15 })
      expect((await send("officer", "PUT", path, { kind: "working_days", days: 5 })).status).toBe(403)
      const log = await send("admin", "GET", `/api/t/${A}/audit?action=settings.updated`)
      expect(log.body.entries[0].details).toEqual({ before: null, after: { kind: "calendar_days", days: 15 } })
      // Stored as a JSON object on both dialects, not as a JSON string.
      const stored = await api.run(
        Database.use((database) =>
          database.withTenant(
            fixture().id,
            tenantQuery((db) =>
              db.selectFrom("tenant_setting").select("value").where("key", "=", "report.deadline").executeTakeFirst(),
            ),
          ),
        ).pipe(Effect.map((row) => row?.value)),
      )
      expect(stored).toEqual({ kind: "calendar_days", days: 15 })
    })
  })
}
