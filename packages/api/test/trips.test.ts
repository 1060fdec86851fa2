import { makeApi } from "@abroad/api"
import { createSession, recordAudit } from "@abroad/auth"
import { checkOverdueTrips, reportDeadline, TripAudit } from "@abroad/core"
import { Database, type TenantRole, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { Clock, Effect, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

/**
 * Trips end to end through the API, with the personas who do each step in life, on a clock the
 * test moves: the officer files, the cell's secretary gives the opinion, the approver of the routed
 * committee decides, the member travels and reports, both sides comment, the officer closes.
 */

const realClock = Effect.runSync(Clock.clockWith(Effect.succeed))

/** The program's clock, stopped at whatever `now()` says; sleeping still takes real time. */
const clockAt = (now: () => Date): Clock.Clock => ({
  currentTimeMillisUnsafe: () => now().getTime(),
  currentTimeMillis: Effect.sync(() => now().getTime()),
  currentTimeNanosUnsafe: () => BigInt(now().getTime()) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(now().getTime()) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => realClock.monotonicTimeNanosUnsafe(),
  monotonicTimeNanos: realClock.monotonicTimeNanos,
  sleep: (duration) => realClock.sleep(duration),
})

/** The scheduled check as the server runs it: audited as the system. */
const systemAudit = TripAudit.of({
  record: (entry) =>
    recordAudit({
      actorUserId: null,
      actor: "system",
      action: entry.action,
      entityType: "trip",
      entityId: entry.tripId,
      details: entry.details,
    }),
})

// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever the API answered
type Json = Record<string, any>

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`trips on ${dialect}`, () => {
    let api: TestApi
    let app: ReturnType<typeof makeApi>
    let now = new Date("2026-03-02T03:00:00Z")
    /** Sets the clock to 10:00 in Vietnam on `day`. */
    const on = (day: string) => {
      now = new Date(`${day}T03:00:00Z`)
    }
    const world: AccessWorld = { tenants: {}, users: {} }
    const a = () => world.tenants[A] as TenantFixture

    /** An account of tenant A with these grants. */
    const account = (
      name: string,
      grants: ReadonlyArray<{ role: TenantRole; orgUnitId?: string; memberId?: string }>,
    ) =>
      api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery(async (db, tenantId) => {
              const user = await db
                .insertInto("app_user")
                .values({
                  username: `${name.toLowerCase()}@${A}`,
                  display_name: name,
                  home_tenant_id: tenantId,
                  password_hash: "unusable",
                })
                .returning("id")
                .executeTakeFirstOrThrow()
              for (const grant of grants) {
                await db
                  .insertInto("role_grant")
                  .values({
                    tenant_id: tenantId,
                    user_id: user.id,
                    role: grant.role,
                    org_unit_id: grant.orgUnitId ?? null,
                    member_id: grant.memberId ?? null,
                  })
                  .execute()
              }
              return user.id
            }),
          ),
        ),
      )

    beforeAll(async () => {
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
      app = makeApi({
        run: (program) =>
          api.run(
            Effect.exit(
              Effect.provideService(
                program,
                Clock.Clock,
                clockAt(() => now),
              ),
            ),
          ),
        version: "test",
        log: () => {},
        now: () => now,
      })
      world.users.approverOfX = await account("approverOfX", [{ role: "approver", orgUnitId: a().x }])
      world.users.approverOfY = await account("approverOfY", [{ role: "approver", orgUnitId: a().y }])
      world.users.officerOfY = await account("officerOfY", [{ role: "officer", orgUnitId: a().y }])
      world.users.memberOfY = await account("memberOfY", [{ role: "member", memberId: a().memberInY }])
    }, 120_000)
    afterAll(() => api?.close())

    const send = async (persona: string, method: string, path: string, body?: unknown, headers = {}) => {
      const userId = world.users[persona] as string
      const { token } = await api.run(Database.use((database) => database.withGlobal(createSession(userId, now))))
      const response = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: response.status, body: (await response.json()) as Json }
    }
    const trips = `/api/t/${A}/trips`
    const mine = `/api/t/${A}/me/trips`

    /** Sends and expects the answer `status`, saying what came back otherwise. */
    const ok = async (status: number, persona: string, method: string, path: string, body?: unknown) => {
      const answer = await send(persona, method, path, body)
      expect({ status: answer.status, error: answer.body.error }).toEqual({ status, error: undefined })
      return answer.body
    }

    const outboxOf = (tripId: string) =>
      api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery((db) =>
              db
                .selectFrom("outbox_event")
                .select(["type", "payload"])
                .where("entity_id", "=", tripId)
                .orderBy("seq")
                .execute(),
            ),
          ),
        ),
      )

    const auditOf = async (tripId: string) =>
      ((await send("admin", "GET", `/api/t/${A}/audit?entityId=${tripId}&limit=200`)).body.entries as Array<Json>)
        .map((entry) => entry.action as string)
        .reverse()

    const setMember = (
      memberId: string,
      values: { status?: "active" | "under_review"; political_issue_pending?: boolean },
    ) =>
      api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery((db) => db.updateTable("member").set(values).where("id", "=", memberId).execute()),
          ),
        ),
      )

    const request = (overrides: Json = {}) => ({
      memberId: a().memberInX,
      purpose: "official_work",
      funding: "state_budget",
      countries: ["jp", "KR"],
      plannedDeparture: "2026-04-01",
      plannedReturn: "2026-04-20",
      ...overrides,
    })

    /** A trip of the member in X brought to `cell_reviewed` on the current day. */
    const reviewedTrip = async (overrides: Json = {}) => {
      const id = (await ok(201, "officer", "POST", trips, request(overrides))).trip.id as string
      await ok(200, "officer", "POST", `${trips}/${id}/submit`, {})
      await ok(200, "cellSecretary", "POST", `${trips}/${id}/cell-opinion`, { verdict: "agree", comment: "" })
      return id
    }

    it("takes a trip through every step, each by its persona, leaving one audit entry and one event per step", async () => {
      on("2026-03-02")
      const created = await ok(201, "officer", "POST", trips, request())
      const id = created.trip.id as string
      expect(created.trip).toMatchObject({
        status: "draft",
        memberId: a().memberInX,
        memberName: "Nguyễn Văn A",
        cellId: a().cell,
        countries: ["JP", "KR"],
        funding: "state_budget",
        revision: 1,
      })

      const submitted = await ok(200, "officer", "POST", `${trips}/${id}/submit`, {})
      expect(submitted.trip.submission).toMatchObject({
        requestedOn: "2026-03-02",
        regulationVersion: "86-2022",
        // The cell X1 lies under the committee X, which manages the member directly.
        routing: { committeeId: a().x, basis: "direct_committee" },
        arrangement: { kind: "none" },
      })

      on("2026-03-04")
      const opinion = await ok(200, "cellSecretary", "POST", `${trips}/${id}/cell-opinion`, {
        verdict: "agree",
        comment: "Chi bộ nhất trí",
      })
      expect(opinion.trip.cellOpinion).toMatchObject({ verdict: "agree", on: "2026-03-04" })

      on("2026-03-06")
      const approved = await ok(200, "approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      expect(approved.trip.decision).toMatchObject({ outcome: "approved", committeeId: a().x, on: "2026-03-06" })

      on("2026-04-01")
      await ok(200, "member", "POST", `${mine}/${id}/departure`, { on: "2026-04-01" })
      expect((await ok(200, "officer", "GET", `${trips}/abroad?limit=200`)).trips.map((t: Json) => t.id)).toContain(id)
      // Abroad in Japan, the member is reached by a bulletin to members in Japan without saying so.
      const notice = await ok(201, "admin", "POST", `/api/t/${A}/bulletins`, {
        title: "Thông báo cho đảng viên đang ở Nhật Bản",
        body: "Lịch sinh hoạt chi bộ tạm thời.",
        targets: { countries: ["JP"] },
      })
      const feed = await ok(200, "member", "GET", `/api/t/${A}/me/bulletins`)
      expect((feed.bulletins as Array<Json>).map((b) => b.id)).toContain(notice.bulletin.id)

      on("2026-04-20")
      const back = await ok(200, "officer", "POST", `${trips}/${id}/return`, { on: "2026-04-20" })
      // The tenant has not chosen: 7 working days. Giỗ Tổ Hùng Vương falls on Sunday 26 April and is
      // taken on Monday 27; 30 April and 1 May are off too: Tue 21 … Fri 24, Tue 28, Wed 29, Mon 4 May.
      const due = reportDeadline("2026-04-20", { kind: "working_days", days: 7 })
      expect(Result.isSuccess(due) && due.success).toBe(back.trip.reportDueOn)
      expect(back.trip.reportDueOn).toBe("2026-05-04")

      on("2026-04-24")
      const reported = await ok(200, "member", "POST", `${mine}/${id}/report`, {
        text: "  Làm việc với đối tác tại Tokyo và Seoul.  ",
      })
      expect(reported.trip.report).toMatchObject({ submittedOn: "2026-04-24", late: false })
      expect(reported.trip.reportText).toBe("Làm việc với đối tác tại Tokyo và Seoul.")

      on("2026-04-27")
      await ok(200, "cellSecretary", "POST", `${trips}/${id}/report-comment`, { by: "cell", comment: "Chấp hành tốt" })
      await ok(200, "approverOfX", "POST", `${trips}/${id}/report-comment`, { by: "committee", comment: "Đạt yêu cầu" })
      on("2026-04-28")
      const closed = await ok(200, "officer", "POST", `${trips}/${id}/close`, {})
      expect(closed.trip).toMatchObject({ status: "closed", revision: 10 })

      const steps = [
        "trip.drafted",
        "trip.submitted",
        "trip.cell_reviewed",
        "trip.approved",
        "trip.departed",
        "trip.returned",
        "trip.report_submitted",
        "trip.report_commented",
        "trip.report_commented",
        "trip.closed",
      ]
      expect(closed.trip.history.map((entry: Json) => entry.type)).toEqual(steps)
      expect(closed.trip.history.map((entry: Json) => entry.revision)).toEqual(steps.map((_, i) => i + 1))
      expect(closed.trip.history[4]).toMatchObject({ actorKind: "member", occurredOn: "2026-04-01" })
      const outbox = await outboxOf(id)
      expect(outbox.map((event) => event.type)).toEqual(steps)
      // Ids, codes and dates for plugins; never what the cell or the committee wrote.
      expect(outbox[7]?.payload).toMatchObject({ by: "cell", hasComment: true, revision: 8 })
      expect(JSON.stringify(outbox)).not.toContain("Chấp hành tốt")
      expect(await auditOf(id)).toEqual(steps)

      // The member reads their own trip with its report; the officer reads the same.
      const seen = await ok(200, "member", "GET", `${mine}/${id}`)
      expect(seen.trip).toMatchObject({ status: "closed", reportText: "Làm việc với đối tác tại Tokyo và Seoul." })
    })

    it("takes the companions and, for a family visit, the undertaking about relatives abroad; refuses unknown plugin fields", async () => {
      on("2026-03-02")
      const visit = request({ purpose: "private_family_visit", funding: "own" })
      const missing = await send("officer", "POST", trips, visit)
      expect(missing.status).toBe(422)
      const rules = (missing.body.error as Json).details as { issues: Array<{ path: Array<string>; message: string }> }
      expect(rules.issues.map((issue) => issue.path.join("."))).toContain("body.relativesUndertaking")
      const undertaking = {
        relatives: [{ fullName: "Nguyễn Thị Mai", relation: "con gái", country: "JP", address: "Osaka" }],
        pledged: true,
      }
      const companions = [
        { fullName: "Trần Văn Bình", relation: "chồng", isPartyMember: true },
        { fullName: "Nguyễn Bảo An", relation: "cháu", isPartyMember: false },
      ]
      const created = await ok(201, "officer", "POST", trips, {
        ...visit,
        relativesUndertaking: undertaking,
        companions,
      })
      expect(created.trip).toMatchObject({ relativesUndertaking: undertaking, companions, companionsWhoAreMembers: 1 })
      const unpledged = await send("officer", "POST", trips, {
        ...visit,
        relativesUndertaking: { ...undertaking, pledged: false },
      })
      expect(unpledged.status).toBe(422)
      const plugin = await send("officer", "POST", trips, request({ extra: { "cua-khau": { gate: "Móng Cái" } } }))
      // No such plugin enabled in the tenant: its fields are bad input, refused at their path, never dropped.
      expect(plugin.status).toBe(400)
      expect((plugin.body.error as Json).details.issues[0].path).toEqual(["body", "extra", "cua-khau"])
    })

    it("lets a member file, submit and withdraw their own trip, and no one else's", async () => {
      on("2026-03-02")
      const { trip } = await ok(201, "member", "POST", mine, {
        purpose: "private_family_visit",
        funding: "own",
        countries: ["AU"],
        plannedDeparture: "2026-05-01",
        plannedReturn: "2026-05-15",
        relativesUndertaking: {
          relatives: [{ fullName: "Lê Văn Hùng", relation: "em trai", country: "AU", address: "Sydney" }],
          pledged: true,
        },
      })
      expect(trip).toMatchObject({ memberId: a().memberInX, status: "draft" })
      await ok(200, "member", "POST", `${mine}/${trip.id}/submit`, {})
      expect((await ok(200, "member", "GET", `${mine}?limit=200`)).trips.map((t: Json) => t.id)).toContain(trip.id)

      // Another member: not found, whatever they try; their list does not have it.
      for (const [method, path, body] of [
        ["GET", `${mine}/${trip.id}`, undefined],
        ["POST", `${mine}/${trip.id}/withdraw`, {}],
        ["POST", `${mine}/${trip.id}/submit`, {}],
        ["POST", `${mine}/${trip.id}/report`, { text: "Không phải của tôi" }],
      ] as const) {
        expect((await send("memberOfY", method, path, body)).status, `${method} ${path}`).toBe(404)
      }
      expect((await ok(200, "memberOfY", "GET", mine)).trips.map((t: Json) => t.id)).not.toContain(trip.id)
      // Nor reach it through the officers' routes, where a member sees only their own.
      expect((await send("memberOfY", "POST", `${trips}/${trip.id}/submit`, {})).status).toBe(404)

      const withdrawn = await ok(200, "member", "POST", `${mine}/${trip.id}/withdraw`, { reason: "Gia đình đổi lịch" })
      const blank = await send("member", "POST", `${mine}/${trip.id}/report`, { text: "   " })
      expect({ status: blank.status, path: blank.body.error.details.issues[0].path }).toEqual({
        status: 422,
        path: ["body", "text"],
      })
      expect(withdrawn.trip).toMatchObject({
        status: "withdrawn",
        withdrawal: { on: "2026-03-02", reason: "Gia đình đổi lịch" },
      })
    })

    it("refuses an approval while the member is under review, writing nothing; a refusal stays possible", async () => {
      on("2026-03-02")
      const id = await reviewedTrip()
      const eventsBefore = (await outboxOf(id)).length
      await setMember(a().memberInX, { status: "under_review" })
      try {
        const blocked = await send("approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
        expect(blocked.status).toBe(422)
        expect(blocked.body.error).toMatchObject({
          code: "rule_violation",
          details: { rule: "member_under_disciplinary_review" },
        })
        expect(blocked.body.error.message.vi).toContain("xem xét kỷ luật")
        expect(blocked.body.error.message.en).toContain("disciplinary review")
        const unchanged = await ok(200, "officer", "GET", `${trips}/${id}`)
        expect(unchanged.trip).toMatchObject({ status: "cell_reviewed", revision: 3 })
        expect((await outboxOf(id)).length).toBe(eventsBefore)
        expect(await auditOf(id)).toEqual(["trip.drafted", "trip.submitted", "trip.cell_reviewed"])

        const refused = await ok(200, "approverOfX", "POST", `${trips}/${id}/decision`, {
          outcome: "refuse",
          reason: "Đang xem xét kỷ luật",
        })
        expect(refused.trip).toMatchObject({ status: "rejected", decision: { outcome: "refused" } })
      } finally {
        await setMember(a().memberInX, { status: "active" })
      }

      // A political issue awaiting conclusion blocks too.
      const other = await reviewedTrip()
      await setMember(a().memberInX, { political_issue_pending: true })
      try {
        const blocked = await send("approverOfX", "POST", `${trips}/${other}/decision`, { outcome: "approve" })
        expect(blocked.body.error.details.rule).toBe("member_political_issue_pending")
      } finally {
        await setMember(a().memberInX, { political_issue_pending: false })
      }
    })

    it("answers each kind of refusal with its status and rule", async () => {
      on("2026-03-02")
      const id = (await ok(201, "officer", "POST", trips, request())).trip.id as string
      // 409: not in this state.
      const early = await send("approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      expect({ status: early.status, rule: early.body.error.details.rule }).toEqual({
        status: 409,
        rule: "status_does_not_allow_command",
      })
      await ok(200, "officer", "POST", `${trips}/${id}/submit`, {})
      const noOpinion = await send("approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      expect({ status: noOpinion.status, rule: noOpinion.body.error.details.rule }).toEqual({
        status: 409,
        rule: "approval_requires_cell_opinion",
      })
      // 400: a disagreement without a word.
      const silent = await send("cellSecretary", "POST", `${trips}/${id}/cell-opinion`, {
        verdict: "disagree",
        comment: " ",
      })
      expect({ status: silent.status, rule: silent.body.error.details.rule }).toEqual({
        status: 400,
        rule: "disagreement_needs_comment",
      })
      await ok(200, "cellSecretary", "POST", `${trips}/${id}/cell-opinion`, { verdict: "agree", comment: "" })
      // 403: an approver, but of another committee than the one the trip was routed to.
      const elsewhere = await send("approverOfY", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      expect(elsewhere.status).toBe(404) // Y's approver does not even reach X's members.
      const rootApprover = await send("approver", "POST", `${trips}/${id}/decision`, { outcome: "refuse" })
      expect({ status: rootApprover.status, rule: rootApprover.body.error.details.rule }).toEqual({
        status: 400,
        rule: "refusal_needs_reason",
      })
      // 409 with a stale revision: someone acted meanwhile.
      const stale = await send("approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve", revision: 2 })
      expect({ status: stale.status, rule: stale.body.error.details.rule }).toEqual({
        status: 409,
        rule: "trip.revision",
      })
      // 422: a country that is none, the member outside the scope.
      const unknown = await send("officer", "POST", trips, request({ countries: ["JP", "XX"] }))
      expect(unknown.status).toBe(422)
      expect(unknown.body.error.details.issues[0].message).toContain("XX")
      const outside = await send("officerOfX", "POST", trips, request({ memberId: a().memberInY }))
      expect(outside.status).toBe(422)
      // 400 from the machine's own input rules.
      const backwards = await send("officer", "POST", trips, request({ plannedReturn: "2026-03-20" }))
      expect({ status: backwards.status, rule: backwards.body.error.details.rule }).toEqual({
        status: 400,
        rule: "planned_return_before_departure",
      })
    })

    it("lets one of two simultaneous returns through and answers the other 409, writing one event", async () => {
      on("2026-03-02")
      const id = await reviewedTrip()
      await ok(200, "approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      on("2026-04-01")
      await ok(200, "officer", "POST", `${trips}/${id}/departure`, { on: "2026-04-01" })
      on("2026-04-20")
      const answers = await Promise.all([
        send("officer", "POST", `${trips}/${id}/return`, { on: "2026-04-20" }),
        send("officerOfX", "POST", `${trips}/${id}/return`, { on: "2026-04-19" }),
      ])
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409])
      expect((await outboxOf(id)).filter((event) => event.type === "trip.returned")).toHaveLength(1)
      expect(await auditOf(id)).toEqual([
        "trip.drafted",
        "trip.submitted",
        "trip.cell_reviewed",
        "trip.approved",
        "trip.departed",
        "trip.returned",
      ])
    })

    it("gives 403 with the rule when the caller holds the capability but not for this trip", async () => {
      on("2026-03-02")
      // The approver of the tenant's committee reaches the trip (X lies below it), but the trip is
      // routed to X, which manages the member directly: only X's approver decides.
      const id = await reviewedTrip()
      world.users.approverOfCommittee = await account("approverOfCommittee", [
        { role: "approver", orgUnitId: a().committee },
      ])
      const above = await send("approverOfCommittee", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      expect(above.status).toBe(403)
      expect(above.body.error).toMatchObject({ code: "not_allowed", details: { rule: "decided_by_routed_committee" } })
      expect(above.body.error.message.en).toContain("competent")
      expect((await ok(200, "officer", "GET", `${trips}/${id}`)).trip.status).toBe("cell_reviewed")
    })

    it("keeps an officer to the trips of their subtree", async () => {
      on("2026-03-02")
      const id = (await ok(201, "officer", "POST", trips, request())).trip.id as string
      expect((await send("officerOfY", "GET", `${trips}/${id}`)).status).toBe(404)
      expect((await send("officerOfY", "POST", `${trips}/${id}/submit`, {})).status).toBe(404)
      expect((await ok(200, "officerOfY", "GET", `${trips}?limit=200`)).trips.map((t: Json) => t.id)).not.toContain(id)
      expect((await ok(200, "officerOfX", "GET", `${trips}/${id}`)).trip.id).toBe(id)
    })

    it("lists with filters and pages by a cursor", async () => {
      on("2026-03-02")
      const ids = []
      for (const country of ["FR", "FR", "FR"]) {
        ids.push((await ok(201, "officer", "POST", trips, request({ countries: [country], purpose: "study" }))).trip.id)
      }
      const first = await ok(200, "officer", "GET", `${trips}?country=fr&purpose=study&limit=2`)
      expect(first.trips.map((t: Json) => t.id)).toEqual([ids[2], ids[1]])
      const second = await ok(200, "officer", "GET", `${trips}?country=FR&purpose=study&limit=2&after=${first.next}`)
      expect(second.trips.map((t: Json) => t.id)).toEqual([ids[0]])
      expect(second.next).toBeNull()
      const byMember = await ok(200, "officer", "GET", `${trips}?memberId=${a().memberInY}`)
      expect(byMember.trips).toEqual([])
      const drafts = await ok(200, "officer", "GET", `${trips}?status=draft&country=FR&limit=200`)
      expect(drafts.trips).toHaveLength(3)
      const inRange = await ok(200, "officer", "GET", `${trips}?country=FR&from=2026-04-10&to=2026-04-12`)
      expect(inRange.trips).toHaveLength(3)
      const outOfRange = await ok(200, "officer", "GET", `${trips}?country=FR&from=2026-05-01`)
      expect(outOfRange.trips).toHaveLength(0)
      expect((await send("officer", "GET", `${trips}?status=lost`)).status).toBe(400)
    })

    it("creates once per Idempotency-Key", async () => {
      on("2026-03-02")
      const key = { "idempotency-key": crypto.randomUUID() }
      const first = await send("officer", "POST", trips, request({ countries: ["DE"] }), key)
      const again = await send("officer", "POST", trips, request({ countries: ["DE"] }), key)
      expect(first.status).toBe(201)
      expect(again.body.trip.id).toBe(first.body.trip.id)
      const listed = await ok(200, "officer", "GET", `${trips}?country=DE`)
      expect(listed.trips).toHaveLength(1)
    })

    it("fills each inbox with what waits for its reader", async () => {
      on("2026-03-02")
      const inbox = async (persona: string) =>
        new Map(
          ((await ok(200, persona, "GET", `${trips}/inbox?limit=200`)).items as Array<Json>).map((item) => [
            item.trip.id,
            item.awaiting,
          ]),
        )
      const id = (await ok(201, "officer", "POST", trips, request({ countries: ["SG"] }))).trip.id as string
      expect((await inbox("cellSecretary")).has(id)).toBe(false)
      await ok(200, "officer", "POST", `${trips}/${id}/submit`, {})
      expect((await inbox("cellSecretary")).get(id)).toEqual(["cell_opinion"])
      expect((await inbox("approverOfX")).has(id)).toBe(false)
      expect((await inbox("officer")).get(id)).toEqual(["review"])
      await ok(200, "cellSecretary", "POST", `${trips}/${id}/cell-opinion`, { verdict: "agree", comment: "" })
      expect((await inbox("cellSecretary")).has(id)).toBe(false)
      expect((await inbox("approverOfX")).get(id)).toEqual(["decision"])
      expect((await inbox("approverOfY")).has(id)).toBe(false)
      await ok(200, "approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      expect((await inbox("approverOfX")).has(id)).toBe(false)
      on("2026-04-01")
      await ok(200, "officer", "POST", `${trips}/${id}/departure`, { on: "2026-04-01" })
      await ok(200, "member", "POST", `${mine}/${id}/extension`, {
        newPlannedReturn: "2026-04-25",
        reason: "Hội thảo kéo dài",
      })
      expect((await inbox("approverOfX")).get(id)).toEqual(["extension_decision"])
      const extended = await ok(200, "approverOfX", "POST", `${trips}/${id}/extension-decision`, {
        outcome: "approve",
        headOfMissionConsent: true,
      })
      expect(extended.trip).toMatchObject({ plannedReturn: "2026-04-25", pendingExtension: null })
      on("2026-04-25")
      await ok(200, "officer", "POST", `${trips}/${id}/return`, { on: "2026-04-25" })
      on("2026-04-28")
      await ok(200, "member", "POST", `${mine}/${id}/report`, { text: "Báo cáo" })
      expect((await inbox("cellSecretary")).get(id)).toEqual(["cell_report_comment"])
      expect((await inbox("approverOfX")).get(id)).toEqual(["committee_report_comment"])
      await ok(200, "cellSecretary", "POST", `${trips}/${id}/report-comment`, { by: "cell", comment: "Tốt" })
      await ok(200, "officerOfX", "POST", `${trips}/${id}/report-comment`, { by: "committee", comment: "Tốt" })
      expect((await inbox("officer")).get(id)).toEqual(["close"])
      expect((await inbox("approverOfX")).has(id)).toBe(false)
    })

    it("marks overdue trips once, by the working-day calendar across Tết, and lists them", async () => {
      // Two trips leave on 2 February 2026, planned back Friday 13 February, the eve of the Tết break.
      on("2026-01-20")
      const reporting = await reviewedTrip({ plannedDeparture: "2026-02-02", plannedReturn: "2026-02-13" })
      const staying = await reviewedTrip({ plannedDeparture: "2026-02-02", plannedReturn: "2026-02-13" })
      on("2026-01-21")
      for (const id of [reporting, staying]) {
        await ok(200, "approverOfX", "POST", `${trips}/${id}/decision`, { outcome: "approve" })
      }
      on("2026-02-02")
      for (const id of [reporting, staying]) {
        await ok(200, "member", "POST", `${mine}/${id}/departure`, { on: "2026-02-02" })
      }
      on("2026-02-13")
      const back = await ok(200, "member", "POST", `${mine}/${reporting}/return`, { on: "2026-02-13" })
      // 7 working days from Friday 13 February: the break runs Saturday 14 to Sunday 22, then Monday
      // 23 February is the first working day and Tuesday 3 March the seventh.
      expect(back.trip.reportDueOn).toBe("2026-03-03")

      // With 15 calendar days the fifteenth day is Saturday 28 February: due the next working day.
      await ok(200, "admin", "PUT", `/api/t/${A}/settings/report-deadline`, { kind: "calendar_days", days: 15 })
      try {
        const third = await reviewedTrip({ plannedDeparture: "2026-02-13", plannedReturn: "2026-02-13" })
        await ok(200, "approverOfX", "POST", `${trips}/${third}/decision`, { outcome: "approve" })
        await ok(200, "officer", "POST", `${trips}/${third}/departure`, { on: "2026-02-13" })
        const quick = await ok(200, "officer", "POST", `${trips}/${third}/return`, { on: "2026-02-13" })
        expect(quick.trip.reportDueOn).toBe("2026-03-02")
      } finally {
        await ok(200, "admin", "PUT", `/api/t/${A}/settings/report-deadline`, { kind: "working_days", days: 7 })
      }

      const check = (day: string) =>
        api.run(checkOverdueTrips({ today: day, tenantCode: A }).pipe(Effect.provideService(TripAudit, systemAudit)))
      // On the deadline itself nothing of the report is late yet; the other member is late coming back.
      const [onDeadline] = await check("2026-03-03")
      expect(onDeadline?.returnOverdue).toContain(staying)
      expect(onDeadline?.reportOverdue).not.toContain(reporting)
      const [dayAfter] = await check("2026-03-04")
      expect(dayAfter).toMatchObject({ tenant: A, skipped: false, returnOverdue: [] })
      expect(dayAfter?.reportOverdue).toContain(reporting)
      // Twice on the same day: nothing more.
      const [again] = await check("2026-03-04")
      expect(again).toMatchObject({ returnOverdue: [], reportOverdue: [] })

      expect((await outboxOf(staying)).filter((e) => e.type === "trip.return_overdue")).toHaveLength(1)
      expect((await outboxOf(reporting)).filter((e) => e.type === "trip.report_overdue")).toEqual([
        expect.objectContaining({
          payload: expect.objectContaining({ reportDueOn: "2026-03-03", since: "2026-03-04" }),
        }),
      ])
      expect((await auditOf(reporting)).at(-1)).toBe("trip.report_overdue")

      on("2026-03-04")
      const overdue = new Map(
        ((await ok(200, "officer", "GET", `${trips}/overdue?limit=200`)).trips as Array<Json>).map((t) => [
          t.id,
          t.displayStatus,
        ]),
      )
      expect(overdue.get(staying)).toBe("overdue_return")
      expect(overdue.get(reporting)).toBe("report_overdue")
      const late = await ok(200, "officer", "GET", `${trips}?status=report_overdue&limit=200`)
      expect(late.trips.map((t: Json) => t.id)).toContain(reporting)

      // A late report is still taken, and marked late; the trip leaves the overdue list.
      const report = await ok(200, "member", "POST", `${mine}/${reporting}/report`, { text: "Báo cáo muộn" })
      expect(report.trip.report).toMatchObject({ late: true })
      expect(report.trip.reportOverdueSince).toBe("2026-03-04")
      const after = (await ok(200, "officer", "GET", `${trips}/overdue?limit=200`)).trips.map((t: Json) => t.id)
      expect(after).not.toContain(reporting)
      expect(after).toContain(staying)
    })
  })
}
