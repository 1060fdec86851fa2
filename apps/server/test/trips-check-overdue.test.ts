import {
  changeTrip,
  createTrip,
  findTenantByCode,
  type Trip,
  type TripActor,
  TripAudit,
  type TripCommandRequest,
} from "@abroad/core"
import { Database, DatabaseOwner, databaseLayer, tenantQuery } from "@abroad/db"
import { createTestDatabase, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run } from "./launch.ts"

/**
 * `pnpm platform trips check-overdue`, run as an operator or a cron job would: it marks a trip
 * abroad past its planned return once, and a second run marks nothing.
 */
describe.skipIf(!(await dialectAvailable("postgres")))("pnpm platform trips check-overdue", () => {
  let db: TestDatabase
  let env: Record<string, string>

  /** A trip of an active member of Hồ Chí Minh, abroad since 10 January 2026, due back on the 15th. */
  const tripAbroadSinceJanuary = (runtime: ManagedRuntime.ManagedRuntime<Database, unknown>) =>
    runtime.runPromise(
      Database.use((database) =>
        Effect.gen(function* () {
          const tenant = yield* database.withGlobal(findTenantByCode("ho-chi-minh"))
          return yield* database.withTenant(
            tenant.id,
            Effect.gen(function* () {
              const member = yield* tenantQuery((tx) =>
                tx
                  .selectFrom("member")
                  .select("id")
                  .where("status", "=", "active")
                  .orderBy("citizen_id", "desc")
                  .executeTakeFirstOrThrow(),
              )
              const visibility = { kind: "tenant" } as const
              const created = yield* createTrip({
                form: {
                  memberId: member.id,
                  purpose: "private_tourism",
                  funding: "own",
                  countries: ["TH"],
                  plannedDeparture: "2026-01-10",
                  plannedReturn: "2026-01-15",
                  companionsWhoAreMembers: 0,
                },
                visibility,
                actor: { kind: "member", memberId: member.id },
                today: "2026-01-02",
                userId: null,
              })
              const step = (today: string, request: TripCommandRequest, actor: (trip: Trip) => TripActor) =>
                changeTrip({ tripId: created.id, visibility, request, actor, today, userId: null })
              yield* step("2026-01-02", { type: "submit", partyOrgAtDestination: false }, () => ({
                kind: "member",
                memberId: member.id,
              }))
              yield* step("2026-01-05", { type: "cellOpinion", verdict: "agree", comment: "" }, (trip) => ({
                kind: "cell_secretary",
                userId: "test",
                cellId: trip.cellId,
              }))
              yield* step("2026-01-06", { type: "decide", outcome: "approve" }, (trip) => ({
                kind: "approver",
                userId: "test",
                committeeId: trip.submission?.routing.committeeId ?? "",
              }))
              yield* step("2026-01-10", { type: "recordDeparture", on: "2026-01-10" }, () => ({
                kind: "integration",
                source: "test",
              }))
              return created.id
            }),
          )
        }),
      ).pipe(Effect.provideService(TripAudit, TripAudit.of({ record: () => Effect.void }))),
    )

  beforeAll(async () => {
    db = await createTestDatabase("postgres")
    env = { DATABASE_URL: db.url as string, LOG_LEVEL: "error" }
    expect((await run(["migrate"], env)).code).toBe(0)
    expect((await run(["seed", "--demo"], env)).code).toBe(0)
    const runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    try {
      await tripAbroadSinceJanuary(runtime)
    } finally {
      await runtime.dispose()
    }
  }, 120_000)
  afterAll(() => db?.drop())

  it("marks the trip overdue once, and nothing on a second run", async () => {
    const first = await run(["trips", "check-overdue", "--tenant", "ho-chi-minh"], env)
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: "" })
    expect(first.stdout).toMatch(/ho-chi-minh .*overdue return: 1,/)
    expect(first.stdout).toMatch(/1 tenant\(s\), 1 newly overdue return\(s\), 0 newly overdue report\(s\)/)
    const second = await run(["trips", "check-overdue", "--tenant", "ho-chi-minh"], env)
    expect(second.stdout).toMatch(/0 newly overdue return\(s\), 0 newly overdue report\(s\)/)
  })

  it("skips a tenant another process is checking at that moment", async () => {
    const runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    try {
      // Another checker, mid-run: its transaction holds the tenant's lock while the command runs.
      const result = await runtime.runPromise(
        DatabaseOwner.use((owner) =>
          owner.transaction(async (tx) => {
            await tx.query(
              "select pg_advisory_xact_lock(hashtextextended('abroad_overdue:' || id::text, 0)) from tenant where code = 'ho-chi-minh'",
            )
            return run(["trips", "check-overdue", "--tenant", "ho-chi-minh"], env)
          }),
        ),
      )
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(/ho-chi-minh .*skipped, being checked elsewhere/)
    } finally {
      await runtime.dispose()
    }
  })

  it("checks every active tenant without --tenant, and refuses a tenant that does not exist", async () => {
    const all = await run(["trips", "check-overdue"], env)
    expect(all.code).toBe(0)
    expect(all.stdout).toMatch(/85 tenant\(s\)/)
    const unknown = await run(["trips", "check-overdue", "--tenant", "atlantis"], env)
    expect(unknown.code).toBe(2)
    expect(unknown.stdout).toMatch(/atlantis/)
  })
})
