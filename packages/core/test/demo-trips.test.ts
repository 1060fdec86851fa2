import { demoTenants, findTenantByCode, markOverdueTrips, seedDemoData, TRIP_STATUSES, TripAudit } from "@abroad/core"
import { Database, type TenantTx, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { Clock, Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { preparedDatabase, type Runtime } from "./prepared-database.ts"

/** Seeding on 2 March 2026, whatever the machine's date. */
const SEED_DAY = new Date("2026-03-02T03:00:00Z").getTime()
const onSeedDay = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const real = yield* Effect.clockWith(Effect.succeed)
    return yield* Effect.provideService(program, Clock.Clock, {
      ...real,
      currentTimeMillisUnsafe: () => SEED_DAY,
      currentTimeMillis: Effect.succeed(SEED_DAY),
      currentTimeNanosUnsafe: () => BigInt(SEED_DAY) * 1_000_000n,
      currentTimeNanos: Effect.succeed(BigInt(SEED_DAY) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: real.monotonicTimeNanos,
      sleep: (duration) => real.sleep(duration),
    })
  })

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`demo trips on ${dialect}`, () => {
    let db: TestDatabase | undefined
    let runtime: Runtime

    beforeAll(async () => {
      const opened = await preparedDatabase(dialect)
      db = opened.db
      runtime = opened.runtime
    }, 120_000)
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    const inTenant = async <A, E>(code: string, program: Effect.Effect<A, E, TenantTx>) => {
      const tenant = await runtime.runPromise(Database.use((d) => d.withGlobal(findTenantByCode(code))))
      return runtime.runPromise(Database.use((d) => d.withTenant(tenant.id, program)))
    }

    it("gives every demo tenant trips in every state, some overdue, through the machine, once", async () => {
      const first = await runtime.runPromise(onSeedDay(seedDemoData))
      expect(first.map((report) => [report.tenant, report.trips])).toEqual(demoTenants.map((code) => [code, 16]))

      for (const code of demoTenants) {
        const trips = await inTenant(
          code,
          tenantQuery((tx) =>
            tx
              .selectFrom("trip")
              .select(["id", "status", "revision", "overdue_return_since", "report_overdue_since", "arrangement_kind"])
              .execute(),
          ),
        )
        expect(new Set(trips.map((trip) => trip.status))).toEqual(new Set(TRIP_STATUSES))
        expect(trips.filter((trip) => trip.overdue_return_since !== null)).toHaveLength(1)
        expect(trips.filter((trip) => trip.report_overdue_since !== null)).toHaveLength(1)
        expect(trips.map((trip) => trip.arrangement_kind)).toEqual(
          expect.arrayContaining(["temporary_transfer", "official_transfer"]),
        )
        // Each trip's history holds every transition that brought it where it is.
        const history = await inTenant(
          code,
          tenantQuery((tx) =>
            tx
              .selectFrom("trip_event")
              .select(({ fn }) => ["trip_id", fn.countAll<number>().as("n")])
              .groupBy("trip_id")
              .execute(),
          ),
        )
        for (const trip of trips) {
          expect(Number(history.find((row) => row.trip_id === trip.id)?.n), trip.status).toBe(trip.revision)
        }
        // Brought in, not happening: no plugin hears of the demo's past.
        const outbox = await inTenant(
          code,
          tenantQuery((tx) => tx.selectFrom("outbox_event").select("id").where("entity_type", "=", "trip").execute()),
        )
        expect(outbox).toEqual([])
        // The overdue check of the seeding day finds nothing more to mark.
        const marks = await inTenant(
          code,
          markOverdueTrips("2026-03-02").pipe(
            Effect.provideService(TripAudit, TripAudit.of({ record: () => Effect.void })),
          ),
        )
        expect(marks).toEqual({ returnOverdue: [], reportOverdue: [] })
      }

      const second = await runtime.runPromise(onSeedDay(seedDemoData))
      expect(second.map((report) => report.trips)).toEqual(demoTenants.map(() => 0))
    })
  })
}
