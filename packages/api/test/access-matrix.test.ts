import { apiRoutes, type Route } from "@abroad/api"
import { type Capability, createSession, ROLE_CAPABILITIES } from "@abroad/auth"
import { Database } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, B, PERSONAS, type PersonaSpec, seedPersona, seedTenant, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"
import { type OversightFixture, seedOrganisationAbroad, seedOversightFixture } from "./oversight-fixtures.ts"

/**
 * The role × route matrix, generated from the routes themselves: every route that is not
 * public is called by every persona, and must answer exactly as the capability table says.
 * A route added without a sample body here fails the test, so no route escapes it.
 */

const memberForm = (cell: string | undefined) => ({
  fullName: "Lê Văn Cường",
  sex: "male",
  birthDate: "1980-05-01",
  citizenId: null,
  partyCardNo: null,
  admittedOn: "2005-05-01",
  fullMemberOn: "2006-06-01",
  orgUnitId: cell,
  managedByUnitId: null,
  status: "active",
  politicalIssuePending: false,
})

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

const tripForm = {
  purpose: "private_tourism",
  funding: "own",
  countries: ["JP"],
  plannedDeparture: inDays(30),
  plannedReturn: inDays(40),
}

/** A valid body for each route that takes one: a route without one here fails the matrix. */
const sampleBody = (route: Route<unknown>, tenants: Readonly<Record<string, TenantFixture>>): unknown => {
  const samples: Record<string, unknown> = {
    updateAccount: { displayName: "Người được quản lý (đổi tên)" },
    createMember: memberForm(tenants[A]?.cell),
    createOrgUnit: { parentId: tenants[A]?.y, kind: "cell", name: "Chi bộ Y1", validFrom: "2025-07-01" },
    moveOrgUnit: { toParentId: tenants[A]?.committee, effectiveOn: "2025-07-01" },
    updateMember: memberForm(tenants[A]?.cell),
    grantRole: { role: "officer", orgUnitId: tenants[A]?.x },
    openBreakGlass: { tenantCode: B, reason: "Kiểm tra sự cố số 2026-117", minutes: 5 },
    closeBreakGlass: { tenantCode: B },
    startTotpEnrolment: {},
    confirmTotpEnrolment: { code: "000000" },
    changePassword: { currentPassword: "sai mật khẩu", newPassword: "một câu mật khẩu rất dài 2026" },
    createAccount: { localName: "moi", displayName: "Tài khoản mới" },
    issuePasswordReset: {},
    unlockAccount: {},
    openViolation: {
      memberId: tenants[A]?.memberInX,
      kind: "unreported_travel",
      description: "Đi Thái Lan không báo cáo chi bộ",
      evidence: [{ description: "Dữ liệu xuất nhập cảnh", reference: "XNC-2026-001" }],
    },
    addViolationEvidence: { evidence: [{ description: "Biên bản làm việc" }] },
    addViolationNote: { note: "Đã mời đảng viên làm việc" },
    startViolationReview: {},
    closeViolation: { outcome: "reprimand", note: "Khiển trách" },
    assignTask: {
      memberId: tenants[A]?.memberInX,
      title: "Liên hệ chi bộ hằng tháng",
      dueOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    },
    evaluateTask: { evaluation: "good" },
    completeMyTask: { note: "Đã hoàn thành" },
    publishBulletin: {
      title: "Hướng dẫn báo cáo sau chuyến đi",
      body: "Nộp báo cáo trong thời hạn.",
      targets: { orgUnitIds: [tenants[A]?.x] },
    },
    publishHandbookVersion: { title: "Trước chuyến đi", body: "Nộp đơn cho chi bộ trước khi đi." },
    setReportDeadline: { kind: "calendar_days", days: 15 },
    createTrip: { memberId: tenants[A]?.memberInX, ...tripForm },
    createMyTrip: tripForm,
    submitTrip: {},
    submitMyTrip: {},
    withdrawMyTrip: { reason: "Đổi kế hoạch" },
    giveCellOpinion: { verdict: "agree", comment: "Đồng ý" },
    decideTrip: { outcome: "approve" },
    recordTripDeparture: { on: inDays(0) },
    recordMyDeparture: { on: inDays(0) },
    recordTripReturn: { on: inDays(0) },
    recordMyReturn: { on: inDays(0) },
    requestTripExtension: { newPlannedReturn: inDays(60), reason: "Kéo dài đợt công tác" },
    requestMyExtension: { newPlannedReturn: inDays(60), reason: "Kéo dài đợt công tác" },
    decideTripExtension: { outcome: "approve" },
    commentTripReport: { by: "committee", comment: "Đạt yêu cầu" },
    submitMyTripReport: { text: "Đã tham quan, không có vấn đề phát sinh." },
    closeTrip: {},
    installPlugin: { config: {} },
    upgradePlugin: {},
    runPluginReport: {},
    retryParkedPluginDeliveries: { pluginId: "notify" },
    createOverseasOrg: { kind: "committee", name: "Đảng bộ Đại sứ quán Việt Nam tại Lào", country: "LA" },
    updateOverseasOrg: { mission: "Đại sứ quán Việt Nam tại Nhật Bản" },
    acceptTransfer: { overseasOrgId: crypto.randomUUID() },
    returnTransfer: { reason: "Thiếu lý lịch đảng viên" },
    sendNotice: {
      tenant: A,
      memberId: tenants[A]?.memberInX,
      tripId: tenants[A]?.trip,
      kind: "concern",
      body: "Đảng viên chưa liên hệ chi bộ.",
    },
    sendTransfers: { form: "3-SHĐ", tripIds: [tenants[A]?.trip] },
    // Dry runs: the operator's call plans the merge and changes nothing.
    mergeTenants: { into: A, from: [B], dryRun: true },
    applyMergePlan: { plan: "2025", dryRun: true },
  }
  if (!(route.operationId in samples)) throw new Error(`no sample body for ${route.operationId}: add one`)
  return samples[route.operationId]
}

const fillPath = (path: string, ids: Readonly<Record<string, string>>) =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = ids[name]
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}: add one`)
    return value
  })

/** Filled in by the suites' seeding, per tenant code. */
const oversightIds: Record<string, OversightFixture> = {}

const idsOf = (tenant: TenantFixture, code: string) => ({
  orgId: oversightIds[code]?.orgId ?? "",
  transferId: oversightIds[code]?.transferId ?? "",
  noticeId: oversightIds[code]?.noticeId ?? "",
  tenantCode: code,
  userId: tenant.subject,
  grantId: tenant.subjectGrant,
  memberId: tenant.memberInX,
  unitId: tenant.cell,
  violationId: tenant.violation,
  taskId: tenant.task,
  bulletinId: tenant.bulletin,
  tripId: tenant.trip,
  deliveryId: tenant.delivery,
  slug: "truoc-chuyen-di",
  version: "1",
  pluginId: "ho-chi-minh",
  reportId: "monthly",
})

/** What the persona should be able to do on the route, from the capability table alone. */
const expectedAllowed = (route: Route<unknown>, spec: PersonaSpec): boolean => {
  const access = route.access
  if (access.kind === "public" || access.kind === "session") return true
  const roleCapabilities = new Set<Capability>([
    ...(spec.platformRole === undefined ? [] : ROLE_CAPABILITIES[spec.platformRole]),
    ...spec.grants.flatMap((grant) => ROLE_CAPABILITIES[grant.role]),
  ])
  // Tenant routes are called on tenant A: only A's own accounts hold anything there.
  if (access.kind === "tenant") return spec.tenant === A && roleCapabilities.has(access.capability)
  return roleCapabilities.has(access.capability)
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`the role × route matrix on ${dialect}`, () => {
    let api: TestApi
    const tenants: Record<string, TenantFixture> = {}
    const users: Record<string, string> = {}

    beforeAll(async () => {
      api = await testApi(dialect, {
        migrated: true,
        seed: async (runtime) => {
          tenants[A] = await runtime.runPromise(seedTenant(A))
          tenants[B] = await runtime.runPromise(seedTenant(B))
          for (const [name, spec] of Object.entries(PERSONAS)) {
            users[name] = await runtime.runPromise(seedPersona(name, spec, tenants))
          }
          for (const code of [A, B]) {
            const tenant = tenants[code] as TenantFixture
            const orgId = await runtime.runPromise(seedOrganisationAbroad(`Chi bộ thử ${code}`))
            oversightIds[code] = await runtime.runPromise(
              seedOversightFixture(code, { tripId: tenant.trip, memberId: tenant.memberInX, orgId }),
            )
          }
        },
      })
    }, 120_000)
    afterAll(() => api?.close())

    /** A fresh session for the persona, so that one route signing out does not affect the next. */
    const tokenFor = async (persona: string) => {
      const userId = users[persona]
      if (userId === undefined) throw new Error(persona)
      const { token } = await api.run(
        Database.use((database) => database.withGlobal(createSession(userId, new Date()))),
      )
      return token
    }

    const call = async (route: Route<unknown>, persona: string | undefined, ids: Readonly<Record<string, string>>) => {
      const headers: Record<string, string> = { "content-type": "application/json" }
      if (persona !== undefined) headers.authorization = `Bearer ${await tokenFor(persona)}`
      const body = route.body === undefined ? undefined : JSON.stringify(sampleBody(route, tenants))
      const response = await api.app.request(fillPath(route.path, ids), {
        method: route.method.toUpperCase(),
        headers,
        ...(body === undefined ? {} : { body }),
      })
      const payload = (await response.json().catch(() => ({}))) as {
        error?: { code?: string; details?: { rule?: string } }
      }
      return { status: response.status, code: payload.error?.code, rule: payload.error?.details?.rule }
    }

    const guarded = apiRoutes.filter((route) => route.access.kind !== "public")

    it("covers routes of every kind of access", () => {
      const kinds = new Set(guarded.map((route) => route.access.kind))
      expect(kinds).toEqual(new Set(["session", "tenant", "home"]))
    })

    it("refuses every guarded route without a session (401)", async () => {
      for (const route of guarded) {
        const fixture = tenants[A] as TenantFixture
        const result = await call(route, undefined, idsOf(fixture, A))
        expect({ route: route.operationId, status: result.status }).toEqual({ route: route.operationId, status: 401 })
      }
    })

    for (const persona of Object.keys(PERSONAS)) {
      it(`lets ${persona} do exactly what its roles allow`, async () => {
        const spec = PERSONAS[persona] as PersonaSpec
        const fixture = tenants[A] as TenantFixture
        for (const route of guarded) {
          const result = await call(route, persona, idsOf(fixture, A))
          const allowed = expectedAllowed(route, spec)
          const seen = {
            route: route.operationId,
            // The capability check names no rule. A trip's own refusal of someone who holds the
            // capability (not this cell's secretary, not the committee it was routed to) names the
            // machine's rule: that is the workflow's business, tested with the workflow.
            refused: result.status === 403 && result.code === "not_allowed" && result.rule === undefined,
            unauthenticated: result.status === 401 && result.code === "not_authenticated",
          }
          expect(seen).toEqual({ route: route.operationId, refused: !allowed, unauthenticated: false })
        }
      })
    }

    it("answers 404 for another tenant's ids on one's own tenant's routes", async () => {
      const own = tenants[A] as TenantFixture
      const other = tenants[B] as TenantFixture
      const withIds = guarded.filter(
        (route) =>
          route.access.kind === "tenant" &&
          /\{(userId|memberId|grantId|unitId|violationId|taskId|bulletinId|tripId|deliveryId|transferId|noticeId)\}/.test(
            route.path,
          ),
      )
      expect(withIds.length).toBeGreaterThan(3)
      for (const route of withIds) {
        const capability = route.access.kind === "tenant" ? route.access.capability : undefined
        const holds = (name: string, anyUnit: boolean) => {
          const spec = PERSONAS[name] as PersonaSpec
          return (
            spec.tenant === A &&
            spec.grants.some(
              (grant) =>
                capability !== undefined &&
                (anyUnit || grant.unit === undefined) &&
                ROLE_CAPABILITIES[grant.role].includes(capability),
            )
          )
        }
        // A tenant-wide persona where there is one; the cell's secretary holds `trip.opinion` only over the cell.
        const persona =
          Object.keys(PERSONAS).find((name) => holds(name, false)) ??
          Object.keys(PERSONAS).find((name) => holds(name, true))
        expect(persona, route.operationId).toBeDefined()
        const result = await call(route, persona, {
          ...idsOf(own, A),
          userId: other.subject,
          grantId: other.subjectGrant,
          memberId: other.memberInX,
          unitId: other.cell,
          violationId: other.violation,
          taskId: other.task,
          bulletinId: other.bulletin,
          tripId: other.trip,
          deliveryId: other.delivery,
          transferId: oversightIds[B]?.transferId ?? "",
          noticeId: oversightIds[B]?.noticeId ?? "",
        })
        expect({ route: route.operationId, status: result.status }).toEqual({ route: route.operationId, status: 404 })
      }
    })
  })
}
