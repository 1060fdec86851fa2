import { createTrip, findTenantByCode, TripAudit } from "@abroad/core"
import { Database, globalQuery, type PlatformRole, type TenantRole, tenantQuery } from "@abroad/db"
import { Effect } from "effect"

/** Two tenants with a small organisation each, and an account for every role: what the access tests stand on. */

export const A = "ho-chi-minh"
export const B = "quang-ninh"

export interface PersonaSpec {
  readonly tenant?: string
  readonly platformRole?: PlatformRole
  readonly grants: ReadonlyArray<{ readonly role: TenantRole; readonly unit?: "x" | "cell"; readonly member?: true }>
}

export const PERSONAS: Readonly<Record<string, PersonaSpec>> = {
  admin: { tenant: A, grants: [{ role: "admin" }] },
  officer: { tenant: A, grants: [{ role: "officer" }] },
  officerOfX: { tenant: A, grants: [{ role: "officer", unit: "x" }] },
  approver: { tenant: A, grants: [{ role: "approver" }] },
  cellSecretary: { tenant: A, grants: [{ role: "cell_secretary", unit: "cell" }] },
  member: { tenant: A, grants: [{ role: "member", member: true }] },
  adminOfB: { tenant: B, grants: [{ role: "admin" }] },
  oversight: { tenant: "bng", grants: [{ role: "oversight" }] },
  operator: { platformRole: "operator", grants: [] },
  analyst: { platformRole: "analyst", grants: [] },
}

export interface TenantFixture {
  readonly id: string
  readonly committee: string
  readonly x: string
  readonly cell: string
  readonly y: string
  readonly memberInX: string
  readonly memberInY: string
  readonly subject: string
  readonly subjectGrant: string
  /** A violation case and a task, both about `memberInX`. */
  readonly violation: string
  readonly task: string
  /** A bulletin to the whole tenant. */
  readonly bulletin: string
  /** A draft trip of `memberInX`, leaving in a month. */
  readonly trip: string
  /** An event delivery to a plugin, parked after its last attempt. */
  readonly delivery: string
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

/** A draft trip for the member, filed as the member would: through the workflow, its audit entry left out. */
const draftTripOf = (memberId: string) =>
  createTrip({
    form: {
      memberId,
      purpose: "private_tourism",
      funding: "own",
      countries: ["JP"],
      plannedDeparture: inDays(30),
      plannedReturn: inDays(40),
      companionsWhoAreMembers: 0,
    },
    visibility: { kind: "tenant" },
    actor: { kind: "member", memberId },
    today: inDays(0),
    userId: null,
  }).pipe(Effect.provideService(TripAudit, TripAudit.of({ record: () => Effect.void })))

/** A committee with two subordinate committees X and Y, a cell under X, a member in each, and an account to manage. */
export const seedTenant = (code: string) =>
  Database.use((database) =>
    Effect.gen(function* () {
      const tenant = yield* database.withGlobal(findTenantByCode(code))
      const fixture = yield* database.withTenant(
        tenant.id,
        tenantQuery(async (db, tenantId) => {
          const unit = async (name: string, kind: string, parent: { id: string; path: string } | undefined) => {
            const id = crypto.randomUUID()
            const path = `${parent?.path ?? "/"}${id}/`
            await db
              .insertInto("org_unit")
              .values({ tenant_id: tenantId, id, parent_id: parent?.id ?? null, kind: kind as never, name, path })
              .execute()
            return { id, path }
          }
          const committee = await unit("Đảng bộ", "committee", undefined)
          const x = await unit("Đảng bộ X", "subordinate_committee", committee)
          const cell = await unit("Chi bộ X1", "cell", x)
          const y = await unit("Đảng bộ Y", "subordinate_committee", committee)
          const member = async (name: string, unitId: string) =>
            (
              await db
                .insertInto("member")
                .values({ tenant_id: tenantId, org_unit_id: unitId, full_name: name })
                .returning("id")
                .executeTakeFirstOrThrow()
            ).id
          const memberInX = await member("Nguyễn Văn A", cell.id)
          const memberInY = await member("Trần Thị Bình", y.id)
          const subject = (
            await db
              .insertInto("app_user")
              .values({
                username: `subject@${code}`,
                display_name: "Người được quản lý",
                home_tenant_id: tenantId,
                password_hash: "unusable",
              })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
          const subjectGrant = (
            await db
              .insertInto("role_grant")
              .values({ tenant_id: tenantId, user_id: subject, role: "officer", org_unit_id: y.id })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
          const violation = (
            await db
              .insertInto("violation")
              .values({
                tenant_id: tenantId,
                member_id: memberInX,
                kind: "report_overdue",
                description: "Chưa nộp báo cáo sau chuyến đi",
                source: "rule",
              })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
          const task = (
            await db
              .insertInto("task")
              .values({
                tenant_id: tenantId,
                member_id: memberInX,
                title: "Viết bài thu hoạch nghị quyết",
                due_on: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
              })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
          const bulletin = (
            await db
              .insertInto("bulletin")
              .values({ tenant_id: tenantId, title: "Lịch sinh hoạt chi bộ tháng này", body: "Sinh hoạt ngày 5." })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
          await db
            .insertInto("plugin_installation")
            .values({ tenant_id: tenantId, plugin_id: "notify", version: "1.0.0", enabled: false })
            .execute()
          const event = await db
            .insertInto("outbox_event")
            .values({ tenant_id: tenantId, type: "violation.opened", entity_type: "violation", entity_id: violation })
            .returning(["id", "seq"])
            .executeTakeFirstOrThrow()
          const delivery = (
            await db
              .insertInto("plugin_delivery")
              .values({
                tenant_id: tenantId,
                plugin_id: "notify",
                event_id: event.id,
                seq: event.seq,
                event_type: "violation.opened",
                entity_type: "violation",
                entity_id: violation,
                status: "parked",
                attempts: 8,
                next_attempt_at: null,
                claim_token: null,
                last_attempt_at: new Date(),
                last_error: null,
                delivered_at: null,
                parked_at: new Date(),
              })
              .returning("id")
              .executeTakeFirstOrThrow()
          ).id
          return {
            delivery,
            id: tenantId,
            committee: committee.id,
            x: x.id,
            cell: cell.id,
            y: y.id,
            memberInX,
            memberInY,
            subject,
            subjectGrant,
            violation,
            task,
            bulletin,
          }
        }),
      )
      const trip = yield* database.withTenant(tenant.id, draftTripOf(fixture.memberInX))
      return { ...fixture, trip: trip.id } satisfies TenantFixture
    }),
  )

export const seedPersona = (name: string, spec: PersonaSpec, tenants: Readonly<Record<string, TenantFixture>>) =>
  Database.use((database) =>
    Effect.gen(function* () {
      const username = `${name.toLowerCase()}@${spec.tenant ?? "platform"}`
      if (spec.tenant === undefined) {
        return yield* database
          .withGlobal(
            globalQuery((db) =>
              db
                .insertInto("app_user")
                .values({
                  username,
                  display_name: name,
                  platform_role: spec.platformRole ?? null,
                  password_hash: "unusable",
                })
                .returning("id")
                .executeTakeFirstOrThrow(),
            ),
          )
          .pipe(Effect.map((row) => row.id))
      }
      const home = yield* database.withGlobal(findTenantByCode(spec.tenant))
      const fixture = tenants[spec.tenant]
      return yield* database.withTenant(
        home.id,
        tenantQuery(async (db, tenantId) => {
          const user = await db
            .insertInto("app_user")
            .values({ username, display_name: name, home_tenant_id: tenantId, password_hash: "unusable" })
            .returning("id")
            .executeTakeFirstOrThrow()
          for (const grant of spec.grants) {
            await db
              .insertInto("role_grant")
              .values({
                tenant_id: tenantId,
                user_id: user.id,
                role: grant.role,
                org_unit_id: grant.unit === undefined || fixture === undefined ? null : fixture[grant.unit],
                member_id: grant.member === true && fixture !== undefined ? fixture.memberInX : null,
              })
              .execute()
          }
          return user.id
        }),
      )
    }),
  )

export interface AccessWorld {
  readonly tenants: Record<string, TenantFixture>
  readonly users: Record<string, string>
}

/** Seeds both tenants and every persona; for `testApi`'s `seed` option. */
export const seedAccessWorld =
  (world: AccessWorld) => async (runtime: { runPromise: <X, E>(p: Effect.Effect<X, E, Database>) => Promise<X> }) => {
    world.tenants[A] = await runtime.runPromise(seedTenant(A))
    world.tenants[B] = await runtime.runPromise(seedTenant(B))
    for (const [name, spec] of Object.entries(PERSONAS)) {
      world.users[name] = await runtime.runPromise(seedPersona(name, spec, world.tenants))
    }
  }
