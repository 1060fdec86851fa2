import { createSession } from "@abroad/auth"
import { Database, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`violations and tasks on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    const a = () => world.tenants[A] as TenantFixture
    beforeAll(async () => {
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
    }, 120_000)
    afterAll(() => api?.close())

    const send = async (persona: string, method: string, path: string, body?: unknown, idempotencyKey?: string) => {
      const userId = world.users[persona] as string
      const { token } = await api.run(
        Database.use((database) => database.withGlobal(createSession(userId, new Date()))),
      )
      const response = await api.app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever the API answered
      return { status: response.status, body: (await response.json()) as Record<string, any> }
    }

    /** The outbox of tenant A for one entity, oldest first: read behind the API's back. */
    const outboxOf = (entityId: string) =>
      api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery((db) =>
              db
                .selectFrom("outbox_event")
                .select(["type", "payload"])
                .where("entity_id", "=", entityId)
                .orderBy("seq")
                .execute(),
            ),
          ),
        ),
      )

    /** The audit log's actions about one entity, oldest first. */
    const auditOf = async (entityId: string) =>
      ((await send("admin", "GET", `/api/t/${A}/audit?entityId=${entityId}`)).body.entries as Array<{ action: string }>)
        .map((entry) => entry.action)
        .reverse()

    describe("violation cases", () => {
      const opening = (overrides: Record<string, unknown> = {}) => ({
        memberId: a().memberInX,
        kind: "unreported_travel",
        description: "Đi Campuchia ngày 2–4/3 không báo cáo chi bộ",
        evidence: [{ description: "Dữ liệu xuất nhập cảnh cửa khẩu Mộc Bài", reference: "XNC-2026-0412" }],
        ...overrides,
      })

      it("opens, gathers evidence and notes, reviews and closes a case; each change audited and published once", async () => {
        const opened = await send("officer", "POST", `/api/t/${A}/violations`, opening())
        expect(opened.status).toBe(201)
        const id = opened.body.violation.id as string
        expect(opened.body.violation).toMatchObject({
          memberId: a().memberInX,
          memberName: "Nguyễn Văn A",
          kind: "unreported_travel",
          source: "officer",
          status: "open",
          outcome: null,
          closedAt: null,
          evidence: [{ description: "Dữ liệu xuất nhập cảnh cửa khẩu Mộc Bài", reference: "XNC-2026-0412" }],
        })
        expect(opened.body.violation.history.map((entry: { action: string }) => entry.action)).toEqual(["opened"])

        const evidence = await send("officer", "POST", `/api/t/${A}/violations/${id}/evidence`, {
          evidence: [{ description: "Biên bản làm việc với đảng viên" }],
          note: "Đảng viên thừa nhận",
        })
        expect(evidence.status).toBe(200)
        expect(evidence.body.violation.evidence).toHaveLength(2)
        expect(evidence.body.violation.evidence[1]).toEqual({
          description: "Biên bản làm việc với đảng viên",
          reference: null,
        })

        expect(
          (await send("officer", "POST", `/api/t/${A}/violations/${id}/notes`, { note: "Mời họp chi bộ" })).status,
        ).toBe(200)
        const review = await send("officer", "POST", `/api/t/${A}/violations/${id}/review`, {})
        expect(review.body.violation.status).toBe("under_review")
        const again = await send("officer", "POST", `/api/t/${A}/violations/${id}/review`, {})
        expect(again.status).toBe(422)
        expect(again.body.error.details.rule).toBe("violation.already_under_review")

        const closed = await send("officer", "POST", `/api/t/${A}/violations/${id}/close`, {
          outcome: "reprimand",
          note: "Chi bộ biểu quyết khiển trách",
        })
        expect(closed.status).toBe(200)
        expect(closed.body.violation).toMatchObject({ status: "closed", outcome: "reprimand" })
        expect(closed.body.violation.closedAt).not.toBeNull()

        const read = await send("officer", "GET", `/api/t/${A}/violations/${id}`)
        expect(
          read.body.violation.history.map((entry: { action: string; note: string | null }) => entry.action),
        ).toEqual(["opened", "evidence_added", "note", "review_started", "closed"])
        expect(read.body.violation.history[1].note).toContain("Biên bản làm việc với đảng viên")
        expect(read.body.violation.history[4].note).toBe("Chi bộ biểu quyết khiển trách")

        // The refused second review above left no trace: one audit entry and one event per change.
        const changes = ["opened", "evidence_added", "noted", "review_started", "closed"].map((c) => `violation.${c}`)
        expect(await auditOf(id)).toEqual(changes)
        const events = await outboxOf(id)
        expect(events.map((event) => event.type)).toEqual(changes)
        expect(events[4]?.payload).toMatchObject({ memberId: a().memberInX, outcome: "reprimand" })
        // The audit log and the outbox carry codes, not what the officer wrote.
        const log = await send("admin", "GET", `/api/t/${A}/audit?entityId=${id}`)
        expect(JSON.stringify(log.body.entries)).not.toContain("Campuchia")
        expect(JSON.stringify(events)).not.toContain("Campuchia")

        // A closed case cannot change.
        for (const [path, body] of [
          ["notes", { note: "Bổ sung" }],
          ["evidence", { evidence: [{ description: "Muộn" }] }],
          ["review", {}],
          ["close", { outcome: "warning" }],
        ] as const) {
          const refused = await send("officer", "POST", `/api/t/${A}/violations/${id}/${path}`, body)
          expect({ path, status: refused.status, rule: refused.body.error.details.rule }).toEqual({
            path,
            status: 422,
            rule: "violation.closed",
          })
        }
        expect(await outboxOf(id)).toHaveLength(5)
      })

      it("refuses to close without an outcome, saying so in both languages at body.outcome", async () => {
        const opened = await send("officer", "POST", `/api/t/${A}/violations`, opening({ kind: "report_overdue" }))
        const id = opened.body.violation.id as string
        const refused = await send("officer", "POST", `/api/t/${A}/violations/${id}/close`, { note: "Kết luận" })
        expect(refused.status).toBe(422)
        expect(refused.body.error.code).toBe("rule_violation")
        expect(refused.body.error.details.issues).toHaveLength(1)
        const issue = refused.body.error.details.issues[0]
        expect(issue.path).toEqual(["body", "outcome"])
        expect(issue.message).toContain("outcome.required")
        expect(issue.message).toContain("hình thức xử lý")
        expect(issue.message).toContain("Closing a case requires its outcome")
        expect((await send("officer", "GET", `/api/t/${A}/violations/${id}`)).body.violation.status).toBe("open")
        expect((await outboxOf(id)).map((event) => event.type)).toEqual(["violation.opened"])
        // `none` is an outcome: the case found no fault.
        const cleared = await send("officer", "POST", `/api/t/${A}/violations/${id}/close`, { outcome: "none" })
        expect(cleared.body.violation).toMatchObject({ status: "closed", outcome: "none" })
      })

      it("opens a case once when the request is retried with the same Idempotency-Key", async () => {
        const key = `violation-${crypto.randomUUID()}`
        const first = await send("officer", "POST", `/api/t/${A}/violations`, opening({ kind: "other" }), key)
        const retried = await send("officer", "POST", `/api/t/${A}/violations`, opening({ kind: "other" }), key)
        expect(first.status).toBe(201)
        expect(retried.status).toBe(201)
        expect(retried.body.violation.id).toBe(first.body.violation.id)
        expect((await outboxOf(first.body.violation.id)).map((event) => event.type)).toEqual(["violation.opened"])
        const others = (await send("officer", "GET", `/api/t/${A}/violations?kind=other&limit=200`)).body.violations
        expect(others).toHaveLength(1)
      })

      it("explains each broken rule with its field", async () => {
        const broken = await send(
          "officer",
          "POST",
          `/api/t/${A}/violations`,
          opening({ description: "   ", evidence: [{ description: "Ảnh chụp", reference: "  " }] }),
        )
        expect(broken.status).toBe(422)
        const paths = (broken.body.error.details.issues as Array<{ path: Array<string | number> }>).map((i) =>
          i.path.join("."),
        )
        expect(paths.sort()).toEqual(["body.description", "body.evidence.0.reference"])
        const badKind = await send("officer", "POST", `/api/t/${A}/violations`, opening({ kind: "jaywalking" }))
        expect(badKind.status).toBe(400)
      })

      it("keeps an officer to the cases of members in their subtree: others are not found", async () => {
        const inY = await send("officer", "POST", `/api/t/${A}/violations`, opening({ memberId: a().memberInY }))
        expect(inY.status).toBe(201)
        const id = inY.body.violation.id as string
        expect((await send("officerOfX", "GET", `/api/t/${A}/violations/${id}`)).status).toBe(404)
        expect(
          (await send("officerOfX", "POST", `/api/t/${A}/violations/${id}/close`, { outcome: "warning" })).status,
        ).toBe(404)
        const listed = (await send("officerOfX", "GET", `/api/t/${A}/violations?limit=200`)).body.violations as Array<{
          memberId: string
        }>
        expect(listed.length).toBeGreaterThan(0)
        expect(listed.every((v) => v.memberId === a().memberInX)).toBe(true)
        // Opening a case about a member outside one's scope: that member is not within reach.
        const outside = await send("officerOfX", "POST", `/api/t/${A}/violations`, opening({ memberId: a().memberInY }))
        expect(outside.status).toBe(422)
        expect(outside.body.error.details.issues[0].path).toEqual(["body", "memberId"])
        expect((await outboxOf(id)).map((event) => event.type)).toEqual(["violation.opened"])
      })

      it("filters by status, member and kind, and pages newest first without gaps or repeats", async () => {
        for (const kind of ["duty_breach", "duty_breach", "duty_breach"]) {
          expect((await send("officer", "POST", `/api/t/${A}/violations`, opening({ kind }))).status).toBe(201)
        }
        const all = (await send("officer", "GET", `/api/t/${A}/violations?limit=200`)).body.violations as Array<{
          id: string
          openedAt: string
        }>
        const seen: Array<string> = []
        let after: string | null = null
        do {
          const query: string = after === null ? "limit=2" : `limit=2&after=${encodeURIComponent(after)}`
          const page = await send("officer", "GET", `/api/t/${A}/violations?${query}`)
          expect(page.status).toBe(200)
          seen.push(...(page.body.violations as Array<{ id: string }>).map((v) => v.id))
          after = page.body.next
        } while (after !== null)
        expect(seen).toEqual(all.map((v) => v.id))
        expect(new Set(seen).size).toBe(seen.length)
        expect([...all].sort((x, y) => y.openedAt.localeCompare(x.openedAt)).map((v) => v.openedAt)).toEqual(
          all.map((v) => v.openedAt),
        )

        const breaches = (await send("officer", "GET", `/api/t/${A}/violations?kind=duty_breach&status=open`)).body
          .violations as Array<{ kind: string; status: string }>
        expect(breaches).toHaveLength(3)
        const ofY = (await send("officer", "GET", `/api/t/${A}/violations?memberId=${a().memberInY}`)).body
          .violations as Array<{ memberId: string }>
        expect(ofY.length).toBeGreaterThan(0)
        expect(ofY.every((v) => v.memberId === a().memberInY)).toBe(true)
        const closed = (await send("officer", "GET", `/api/t/${A}/violations?status=closed`)).body.violations as Array<{
          status: string
        }>
        expect(closed.length).toBeGreaterThan(0)
        expect(closed.every((v) => v.status === "closed")).toBe(true)
        expect((await send("officer", "GET", `/api/t/${A}/violations?limit=201`)).status).toBe(400)
        expect((await send("officer", "GET", `/api/t/${A}/violations?after=garbage`)).status).toBe(400)
      })
    })

    describe("tasks", () => {
      const assign = (persona: string, memberId: string, overrides: Record<string, unknown> = {}) =>
        send(persona, "POST", `/api/t/${A}/tasks`, {
          memberId,
          title: "Giữ liên lạc với chi bộ hằng tháng",
          description: "Báo cáo tình hình học tập",
          dueOn: inDays(14),
          ...overrides,
        })

      it("lets a member see and complete only their own tasks, and the committee evaluate them once", async () => {
        const mine = await assign("officer", a().memberInX)
        expect(mine.status).toBe(201)
        expect(mine.body.task).toMatchObject({ memberId: a().memberInX, state: "open", evaluation: null })
        const theirs = await assign("officer", a().memberInY, { title: "Nhiệm vụ của người khác" })
        const myId = mine.body.task.id as string
        const theirId = theirs.body.task.id as string

        const listed = (await send("member", "GET", `/api/t/${A}/me/tasks`)).body.tasks as Array<{
          id: string
          memberId: string
        }>
        expect(listed.map((t) => t.id)).toContain(myId)
        expect(listed.every((t) => t.memberId === a().memberInX)).toBe(true)
        expect((await send("member", "GET", `/api/t/${A}/me/tasks/${myId}`)).status).toBe(200)
        expect((await send("member", "GET", `/api/t/${A}/me/tasks/${theirId}`)).status).toBe(404)
        expect(
          (await send("member", "POST", `/api/t/${A}/me/tasks/${theirId}/complete`, { note: "Không phải của tôi" }))
            .status,
        ).toBe(404)
        // The member reads no one's tasks through the officers' routes.
        expect((await send("member", "GET", `/api/t/${A}/tasks/${myId}`)).status).toBe(403)

        // Not reported and not yet due: nothing to evaluate.
        const early = await send("officer", "POST", `/api/t/${A}/tasks/${myId}/evaluate`, { evaluation: "good" })
        expect(early.status).toBe(422)
        expect(early.body.error.details.rule).toBe("task.not_due")

        const blank = await send("member", "POST", `/api/t/${A}/me/tasks/${myId}/complete`, { note: "   " })
        expect(blank.status).toBe(422)
        expect(blank.body.error.details.issues[0].path).toEqual(["body", "note"])
        const done = await send("member", "POST", `/api/t/${A}/me/tasks/${myId}/complete`, {
          note: "Đã họp trực tuyến với chi bộ ngày 5",
        })
        expect(done.status).toBe(200)
        expect(done.body.task).toMatchObject({ state: "done", completionNote: "Đã họp trực tuyến với chi bộ ngày 5" })
        const twice = await send("member", "POST", `/api/t/${A}/me/tasks/${myId}/complete`, { note: "Lần nữa" })
        expect(twice.body.error.details.rule).toBe("task.completed")

        const evaluated = await send("cellSecretary", "POST", `/api/t/${A}/tasks/${myId}/evaluate`, {
          evaluation: "excellent",
          note: "Chủ động, đúng hạn",
        })
        expect(evaluated.status).toBe(200)
        expect(evaluated.body.task).toMatchObject({
          evaluation: "excellent",
          evaluationNote: "Chủ động, đúng hạn",
          evaluatedBy: world.users.cellSecretary,
        })
        const reEvaluated = await send("officer", "POST", `/api/t/${A}/tasks/${myId}/evaluate`, {
          evaluation: "good",
        })
        expect(reEvaluated.body.error.details.rule).toBe("task.evaluated")

        const changes = ["task.assigned", "task.completed", "task.evaluated"]
        expect(await auditOf(myId)).toEqual(changes)
        expect((await outboxOf(myId)).map((event) => event.type)).toEqual(changes)
        expect(await auditOf(theirId)).toEqual(["task.assigned"])
        expect((await outboxOf(theirId)).map((event) => event.type)).toEqual(["task.assigned"])
      })

      it("keeps officers and cell secretaries to their subtree, and checks what is assigned", async () => {
        const inY = await assign("officer", a().memberInY)
        const id = inY.body.task.id as string
        expect((await send("officerOfX", "GET", `/api/t/${A}/tasks/${id}`)).status).toBe(404)
        expect((await send("cellSecretary", "GET", `/api/t/${A}/tasks/${id}`)).status).toBe(404)
        const outside = await assign("cellSecretary", a().memberInY)
        expect(outside.status).toBe(422)
        expect(outside.body.error.details.issues[0].path).toEqual(["body", "memberId"])
        const inCell = await assign("cellSecretary", a().memberInX, { title: "Nhiệm vụ của chi bộ" })
        expect(inCell.status).toBe(201)

        const broken = await assign("officer", a().memberInX, { title: "  ", dueOn: inDays(-3) })
        expect(broken.status).toBe(422)
        const paths = (broken.body.error.details.issues as Array<{ path: Array<string> }>).map((i) => i.path.join("."))
        expect(paths.sort()).toEqual(["body.dueOn", "body.title"])
        const scoped = (await send("officerOfX", "GET", `/api/t/${A}/tasks?limit=200`)).body.tasks as Array<{
          memberId: string
        }>
        expect(scoped.every((t) => t.memberId === a().memberInX)).toBe(true)
      })

      it("tells open, overdue and done tasks apart; an overdue task is evaluated without a report", async () => {
        // Assigned long ago, due last week: written directly, as the API accepts no due date in the past.
        const overdue = await api.run(
          Database.use((database) =>
            database.withTenant(
              a().id,
              tenantQuery((db, tenantId) =>
                db
                  .insertInto("task")
                  .values({
                    tenant_id: tenantId,
                    member_id: a().memberInX,
                    title: "Nộp bản tự kiểm điểm",
                    due_on: inDays(-7),
                  })
                  .returning("id")
                  .executeTakeFirstOrThrow(),
              ),
            ),
          ),
        )
        const states = async (query: string) =>
          (
            (await send("officer", "GET", `/api/t/${A}/tasks?memberId=${a().memberInX}&${query}`)).body.tasks as Array<{
              id: string
              state: string
            }>
          ).map((t) => t.state)
        expect(await states("state=overdue")).toEqual(["overdue"])
        expect(new Set(await states("state=open"))).toEqual(new Set(["open"]))
        expect(new Set(await states("state=done"))).toEqual(new Set(["done"]))
        const mineOverdue = (await send("member", "GET", `/api/t/${A}/me/tasks?state=overdue`)).body.tasks
        expect(mineOverdue.map((t: { id: string }) => t.id)).toEqual([overdue.id])

        const judged = await send("officer", "POST", `/api/t/${A}/tasks/${overdue.id}/evaluate`, {
          evaluation: "not_completed",
        })
        expect(judged.status).toBe(200)
        expect(judged.body.task).toMatchObject({ state: "overdue", evaluation: "not_completed" })
        const late = await send("member", "POST", `/api/t/${A}/me/tasks/${overdue.id}/complete`, { note: "Muộn" })
        expect(late.body.error.details.rule).toBe("task.evaluated")

        // Pages, soonest due first, without gaps or repeats.
        const all = (await send("officer", "GET", `/api/t/${A}/tasks?limit=200`)).body.tasks as Array<{ id: string }>
        const seen: Array<string> = []
        let after: string | null = null
        do {
          const query: string = after === null ? "limit=2" : `limit=2&after=${encodeURIComponent(after)}`
          const page = await send("officer", "GET", `/api/t/${A}/tasks?${query}`)
          seen.push(...(page.body.tasks as Array<{ id: string }>).map((t) => t.id))
          after = page.body.next
        } while (after !== null)
        expect(seen).toEqual(all.map((t) => t.id))
      })
    })
  })
}
