import {
  backoffCeiling,
  DEFAULT_DELIVERY_POLICY,
  type DeliveryPolicy,
  deliverOnce,
  listDeliveries,
  PluginDispatch,
  PluginFailed,
  retryDelivery,
  retryParkedDeliveries,
  runPluginWorker,
  type Tenant,
} from "@abroad/core"
import { tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { Effect, Fiber } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { visitTenant } from "../src/plugins/delivery/worker.ts"
import {
  install,
  inTenant,
  MINUTE,
  preparedDatabase,
  type Received,
  type Runtime,
  received,
  record,
  refusedEntities,
  testClock,
} from "./plugin-delivery-fixtures.ts"

/**
 * Domain events reach the plugins a tenant enabled: at least once, in order for each entity,
 * retried with backoff, parked for the administrator after the last attempt, retried by hand —
 * and one tenant's or one plugin's trouble stays its own.
 */

const POLICY: Partial<DeliveryPolicy> = { maxAttempts: 4, retryBaseMs: MINUTE, retryCapMs: 60 * MINUTE }

const entity = () => crypto.randomUUID()

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`plugin event delivery on ${dialect}`, () => {
    let db: TestDatabase | undefined
    let runtime: Runtime
    let tenants: ReadonlyArray<Tenant>
    let nextTenant = 0
    const clock = testClock(Date.parse("2026-03-02T03:00:00Z"))

    beforeAll(async () => {
      // The other dialect's run used the same tenant codes.
      received.length = 0
      const prepared = await preparedDatabase(dialect)
      db = prepared.db
      runtime = prepared.runtime
      tenants = prepared.tenants
    }, 120_000)
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    /** A tenant no other test of this file uses: each test's plugins and events stay its own. */
    const freshTenant = () => {
      const tenant = tenants[nextTenant++]
      if (tenant === undefined) throw new Error("out of tenants")
      return tenant
    }

    const pass = (policy: Partial<DeliveryPolicy> = POLICY) => runtime.runPromise(clock.run(deliverOnce({ policy })))

    const seen = (tenant: Tenant, plugin: string): ReadonlyArray<Received> =>
      received.filter((r) => r.tenant === tenant.code && r.plugin === plugin)

    const deliveries = (tenant: Tenant, status?: "pending" | "failed" | "parked" | "delivered") =>
      inTenant(runtime, tenant, listDeliveries({ status, limit: 200 })).then((page) => page.deliveries)

    it("hands each event to every enabled plugin subscribed to its type, once", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "recorder")
      await install(runtime, tenant, "approvals")
      const trip = entity()
      const [submitted, approved] = await record(runtime, tenant, [
        { type: "trip.submitted", entityId: trip },
        { type: "trip.approved", entityId: trip },
      ])
      for (let i = 0; i < 3; i++) await pass()
      expect(seen(tenant, "recorder").map((r) => r.eventId)).toEqual([submitted, approved])
      expect(seen(tenant, "approvals").map((r) => [r.eventId, r.type])).toEqual([[approved, "trip.approved"]])
      expect(seen(tenant, "recorder").map((r) => r.attempt)).toEqual([1, 1])
      const all = await deliveries(tenant)
      expect(all.map((d) => [d.pluginId, d.status]).sort()).toEqual([
        ["approvals", "delivered"],
        ["recorder", "delivered"],
        ["recorder", "delivered"],
      ])
    })

    it("keeps one entity's events in order while it waits, and lets other entities go on", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "flaky")
      const stuck = entity()
      const free = entity()
      refusedEntities.add(stuck)
      const [first, second, third] = await record(runtime, tenant, [
        { type: "trip.submitted", entityId: stuck },
        { type: "trip.approved", entityId: stuck },
        { type: "trip.departed", entityId: stuck },
      ])
      const [other, otherLater] = await record(runtime, tenant, [
        { type: "trip.submitted", entityId: free },
        { type: "trip.approved", entityId: free },
      ])
      for (let i = 0; i < 3; i++) await pass()
      // The stuck entity's first event was tried once and backs off; its later ones were not tried.
      expect(seen(tenant, "flaky").map((r) => r.eventId)).toEqual([first, other, otherLater])
      refusedEntities.delete(stuck)
      clock.advance(backoffCeiling(1, POLICY.retryBaseMs ?? 0, POLICY.retryCapMs ?? 0))
      for (let i = 0; i < 4; i++) await pass()
      expect(seen(tenant, "flaky").map((r) => r.eventId)).toEqual([first, other, otherLater, first, second, third])
      expect(
        seen(tenant, "flaky")
          .filter((r) => r.eventId === first)
          .map((r) => r.attempt),
      ).toEqual([1, 2])
    })

    it("retries with a growing, jittered backoff, parks after the last attempt, and shows why", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "flaky")
      const trip = entity()
      refusedEntities.add(trip)
      const [event, later] = await record(runtime, tenant, [
        { type: "trip.approved", entityId: trip },
        { type: "trip.departed", entityId: trip },
      ])
      const maxAttempts = POLICY.maxAttempts ?? 0
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const before = clock.now().getTime()
        await pass()
        expect(seen(tenant, "flaky").map((r) => r.attempt)).toEqual(Array.from({ length: attempt }, (_, i) => i + 1))
        // Not due yet: a pass at the same moment tries nothing.
        await pass()
        expect(seen(tenant, "flaky")).toHaveLength(attempt)
        const [delivery] = await deliveries(tenant, attempt < maxAttempts ? "failed" : "parked")
        expect(delivery?.eventId).toBe(event)
        expect(delivery?.attempts).toBe(attempt)
        expect(delivery?.lastError).toEqual({
          kind: "throw",
          hook: "event:trip.approved",
          message: { vi: "Máy chủ thư không trả lời", en: "The mail server does not answer" },
        })
        if (attempt < maxAttempts) {
          const ceiling = backoffCeiling(attempt, POLICY.retryBaseMs ?? 0, POLICY.retryCapMs ?? 0)
          const wait = (delivery?.nextAttemptAt?.getTime() ?? 0) - before
          expect(wait).toBeGreaterThanOrEqual(ceiling / 2)
          expect(wait).toBeLessThanOrEqual(ceiling)
          clock.advance(wait)
        }
      }
      // Parked: tried no more, and the entity's later event waits behind it.
      clock.advance(24 * 60 * MINUTE)
      await pass()
      expect(seen(tenant, "flaky")).toHaveLength(maxAttempts)
      const [parked] = await deliveries(tenant, "parked")
      expect(parked).toMatchObject({ eventId: event, status: "parked", nextAttemptAt: null, inFlight: false })
      expect((await deliveries(tenant, "pending")).map((d) => d.eventId)).toEqual([later])

      // The server is back; the administrator retries; the event and then the later one go through.
      refusedEntities.delete(trip)
      const retried = await inTenant(runtime, tenant, retryDelivery(parked?.id ?? "", clock.now()))
      expect(retried).toMatchObject({ status: "pending", attempts: 0 })
      await pass()
      await pass()
      expect(seen(tenant, "flaky").map((r) => r.eventId)).toEqual([
        ...Array.from({ length: maxAttempts }, () => event),
        event,
        later,
      ])
      expect((await deliveries(tenant, "delivered")).map((d) => d.eventId).sort()).toEqual([event, later].sort())
    })

    it("refuses to retry a delivery that is not parked, and retries a plugin's parked ones at once", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "broken")
      await install(runtime, tenant, "recorder")
      await record(runtime, tenant, [
        { type: "trip.approved", entityId: entity() },
        { type: "trip.approved", entityId: entity() },
      ])
      await pass({ ...POLICY, maxAttempts: 1 })
      const parked = await deliveries(tenant, "parked")
      expect(parked.map((d) => d.pluginId)).toEqual(["broken", "broken"])
      const delivered = (await deliveries(tenant, "delivered"))[0]
      const refused = await inTenant(runtime, tenant, retryDelivery(delivered?.id ?? "", clock.now())).catch(
        (error: unknown) => error,
      )
      expect(refused).toMatchObject({ _tag: "DeliveryNotParked" })
      const notFound = await inTenant(runtime, tenant, retryDelivery(crypto.randomUUID(), clock.now())).catch(
        (error: unknown) => error,
      )
      expect(notFound).toMatchObject({ _tag: "DeliveryNotFound" })
      expect(await inTenant(runtime, tenant, retryParkedDeliveries({ pluginId: "recorder", now: clock.now() }))).toBe(0)
      expect(await inTenant(runtime, tenant, retryParkedDeliveries({ pluginId: "broken", now: clock.now() }))).toBe(2)
      expect(await deliveries(tenant, "parked")).toEqual([])
    })

    it("delivers nothing of a tenant to a plugin it did not enable, nor what happened while it was off", async () => {
      const enabledThere = freshTenant()
      const disabledHere = freshTenant()
      const notInstalled = freshTenant()
      await install(runtime, enabledThere, "recorder")
      await install(runtime, disabledHere, "recorder", false)
      await install(runtime, disabledHere, "approvals")
      const whileOff = await record(runtime, disabledHere, [{ type: "trip.approved", entityId: entity() }])
      await record(runtime, notInstalled, [{ type: "trip.approved", entityId: entity() }])
      await pass()
      expect(seen(disabledHere, "recorder")).toEqual([])
      expect(seen(notInstalled, "recorder")).toEqual([])
      expect(seen(disabledHere, "approvals").map((r) => r.eventId)).toEqual(whileOff)

      await install(runtime, disabledHere, "recorder", true)
      const afterOn = await record(runtime, disabledHere, [{ type: "trip.submitted", entityId: entity() }])
      await pass()
      expect(seen(disabledHere, "recorder").map((r) => r.eventId)).toEqual(afterOn)
      expect(seen(notInstalled, "recorder")).toEqual([])
    })

    it("keeps a failing plugin from holding up another plugin's deliveries of the same events", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "broken")
      await install(runtime, tenant, "recorder")
      const trip = entity()
      const events = await record(runtime, tenant, [
        { type: "trip.submitted", entityId: trip },
        { type: "trip.approved", entityId: trip },
        { type: "trip.departed", entityId: trip },
      ])
      for (let i = 0; i < 4; i++) await pass()
      expect(seen(tenant, "recorder").map((r) => r.eventId)).toEqual(events)
      expect(seen(tenant, "broken").map((r) => r.eventId)).toEqual([events[0]])
    })

    it("puts the rest of a plugin's batch back untried when the plugin hangs, and counts one attempt", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "broken")
      const events = await record(
        runtime,
        tenant,
        Array.from({ length: 3 }, () => ({ type: "trip.approved", entityId: entity() })),
      )
      const calls: Array<string> = []
      const host = await runtime.runPromise(PluginDispatch.use(Effect.succeed))
      // The host ended the handler at its time budget.
      const hanging = PluginDispatch.of({
        ...host,
        deliverEvent: (delivery) => {
          if (delivery.tenantId === tenant.id) calls.push(delivery.event.id)
          return Effect.fail(
            new PluginFailed({
              pluginId: delivery.pluginId,
              hook: `event:${delivery.event.type}`,
              kind: "timeout",
              retryable: true,
              message: { vi: "Quá thời gian", en: "Timed out" },
            }),
          )
        },
      })
      await runtime.runPromise(
        clock.run(deliverOnce({ policy: POLICY })).pipe(Effect.provideService(PluginDispatch, hanging)),
      )
      expect(calls).toEqual([events[0]])
      const pending = await deliveries(tenant, "pending")
      expect(pending.map((d) => [d.eventId, d.attempts, d.inFlight]).sort()).toEqual(
        [
          [events[0], 1, false],
          [events[1], 0, false],
          [events[2], 0, false],
        ].sort(),
      )
      for (const untried of pending.filter((d) => d.attempts === 0)) {
        expect(untried.nextAttemptAt).toEqual(clock.now())
      }
    })

    it("gives every tenant its turn while another floods the outbox", async () => {
      const flooding = freshTenant()
      const quiet = freshTenant()
      await install(runtime, flooding, "recorder")
      await install(runtime, quiet, "recorder")
      await record(
        runtime,
        flooding,
        Array.from({ length: 600 }, () => ({ type: "trip.submitted", entityId: entity() })),
      )
      const [lone] = await record(runtime, quiet, [{ type: "trip.submitted", entityId: entity() }])
      const report = await pass({ ...POLICY, fanOutBatch: 100, claimBatch: 20 })
      expect(seen(quiet, "recorder").map((r) => r.eventId)).toEqual([lone])
      expect(seen(flooding, "recorder")).toHaveLength(20)
      expect(report.fannedOut).toBe(101)
      // The flood still drains, pass after pass.
      for (let i = 0; i < 10 && seen(flooding, "recorder").length < 600; i++) {
        await pass({ ...POLICY, fanOutBatch: 600, claimBatch: 200 })
      }
      expect(new Set(seen(flooding, "recorder").map((r) => r.eventId)).size).toBe(600)
    })

    it("delivers again what a worker claimed and never settled, once its claim has lapsed", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "recorder")
      const [event] = await record(runtime, tenant, [{ type: "trip.approved", entityId: entity() }])
      // A worker claims the delivery, then dies before handing it over.
      const policy = { ...DEFAULT_DELIVERY_POLICY, ...POLICY }
      const visit = await runtime.runPromise(clock.run(visitTenant(tenant, { policy, busy: new Set(), capacity: 8 })))
      expect(visit.deliveries.flat().map((d) => d.event.id)).toEqual([event])
      await pass()
      expect(seen(tenant, "recorder")).toEqual([])
      const [held] = await deliveries(tenant, "pending")
      expect(held).toMatchObject({ inFlight: true, attempts: 1 })
      clock.advance(policy.claimMs)
      await pass()
      expect(seen(tenant, "recorder").map((r) => [r.eventId, r.attempt])).toEqual([[event, 2]])
      // The dead worker's late answer cannot overwrite the outcome.
      expect((await deliveries(tenant, "delivered")).map((d) => d.attempts)).toEqual([2])
    })

    it("delivers each event once when several workers pass at the same time, in order per entity", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "recorder")
      const trips = Array.from({ length: 8 }, entity)
      const events = await record(
        runtime,
        tenant,
        Array.from({ length: 40 }, (_, i) => ({ type: "trip.noted", entityId: trips[i % trips.length] ?? "" })),
      )
      for (let round = 0; round < 12 && seen(tenant, "recorder").length < events.length; round++) {
        await Promise.all([pass(), pass(), pass()])
      }
      const got = seen(tenant, "recorder")
      expect(got.map((r) => r.eventId).sort()).toEqual([...events].sort())
      for (const trip of trips) {
        const order = events.filter((_, i) => trips[i % trips.length] === trip)
        expect(got.filter((r) => r.entityId === trip).map((r) => r.eventId)).toEqual(order)
      }
    })

    it("hands out an event that committed after a later one already went out", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "recorder")
      // Two events whose seq order differs from their commit order: the later seq is handed out first.
      const [early, late] = await record(runtime, tenant, [
        { type: "trip.submitted", entityId: entity() },
        { type: "trip.submitted", entityId: entity() },
      ])
      await inTenant(
        runtime,
        tenant,
        tenantQuery((db) =>
          db
            .updateTable("outbox_event")
            .set({ dispatched_at: null })
            .where("id", "=", early ?? "")
            .execute(),
        ),
      )
      await inTenant(
        runtime,
        tenant,
        tenantQuery((db) =>
          db
            .updateTable("outbox_event")
            .set({ dispatched_at: new Date() })
            .where("id", "=", late ?? "")
            .execute(),
        ),
      )
      await pass()
      expect(seen(tenant, "recorder").map((r) => r.eventId)).toEqual([early])
    })

    it("runs in the background until stopped, delivering events as they are recorded", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "recorder")
      const until = async (count: number) => {
        for (let i = 0; i < 600 && seen(tenant, "recorder").length < count; i++) {
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }
      // On the real clock: the worker sleeps between passes.
      const worker = runtime.runFork(runPluginWorker({ policy: POLICY, idleMs: 20, busyMs: 5, discoverEveryMs: 100 }))
      try {
        const trip = entity()
        const first = await record(runtime, tenant, [
          { type: "trip.submitted", entityId: trip },
          { type: "trip.approved", entityId: trip },
        ])
        await until(2)
        const later = await record(runtime, tenant, [{ type: "trip.departed", entityId: trip }])
        await until(3)
        expect(seen(tenant, "recorder").map((r) => r.eventId)).toEqual([...first, ...later])
      } finally {
        await runtime.runPromise(Fiber.interrupt(worker))
      }
      const after = await record(runtime, tenant, [{ type: "trip.returned", entityId: entity() }])
      await pass()
      expect(
        seen(tenant, "recorder")
          .map((r) => r.eventId)
          .slice(3),
      ).toEqual(after)
    })
  })
}
