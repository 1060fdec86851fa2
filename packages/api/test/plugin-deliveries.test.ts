import { createSession } from "@abroad/auth"
import { type DeliveryPolicy, deliverOnce, PluginDispatch, recordDomainEvent } from "@abroad/core"
import { inProcessDispatch } from "@abroad/core/plugins/testing"
import { Database, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { definePlugin, PluginError, Schema } from "@abroad/plugin-sdk"
import { Clock, Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, B, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

/**
 * The tenant administrator's view of what the tenant's plugins were handed: a failing plugin's
 * delivery shows its attempts, error and next attempt, is parked after the last, and the retry
 * button sends it — and the entity's later events — through once the plugin works again.
 */

const MINUTE = 60_000
const POLICY: Partial<DeliveryPolicy> = { maxAttempts: 2, retryBaseMs: MINUTE, retryCapMs: 10 * MINUTE }

/** `notify` as a mail server that is down would make it: every event and its nightly digest fail. */
let mailDown = true
const delivered: Array<string> = []
const notify = definePlugin({
  id: "notify",
  version: "1.0.0",
  name: { vi: "Thông báo", en: "Notifications" },
  description: { vi: "Gửi thư", en: "Sends mail" },
  configSchema: Schema.Struct({}),
  capabilities: [],
  setup: (register) => {
    register.events({
      "*": (event) => {
        if (mailDown) throw new PluginError("smtp_down", { vi: "Máy chủ thư không trả lời", en: "SMTP server down" })
        delivered.push(event.id)
      },
    })
    register.jobs([
      {
        id: "daily-digest",
        schedule: { dailyAt: "07:00" },
        run: () => {
          if (mailDown) throw new Error("digest not sent: SMTP server down")
        },
      },
    ])
  },
})

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`plugin deliveries through the API on ${dialect}`, () => {
    let api: TestApi
    const world: AccessWorld = { tenants: {}, users: {} }
    const a = () => world.tenants[A] as TenantFixture
    const b = () => world.tenants[B] as TenantFixture
    // From the real time on, as the retry route reads the real clock.
    let now = Date.now()
    const real = Effect.runSync(Clock.clockWith(Effect.succeed))
    const clock: Clock.Clock = {
      currentTimeMillisUnsafe: () => now,
      currentTimeMillis: Effect.sync(() => now),
      currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => real.monotonicTimeNanosUnsafe(),
      monotonicTimeNanos: real.monotonicTimeNanos,
      sleep: (duration) => real.sleep(duration),
    }

    beforeAll(async () => {
      mailDown = true
      delivered.length = 0
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
      now = Date.now()
    }, 120_000)
    afterAll(() => api?.close())

    const pass = () =>
      api.run(
        deliverOnce({ tenantCode: A, policy: POLICY }).pipe(
          Effect.provideService(PluginDispatch, inProcessDispatch([{ definition: notify }])),
          Effect.provideService(Clock.Clock, clock),
        ),
      )

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

    const list = async (query: string) => {
      const answer = await send("admin", "GET", `/api/t/${A}/plugins/deliveries?${query}`)
      expect(answer.status).toBe(200)
      return answer.body.deliveries as Array<Record<string, unknown>>
    }

    it("shows a failing delivery's error and next attempt, parks it, and retries it when asked", async () => {
      await api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery((db) =>
              db.updateTable("plugin_installation").set({ enabled: true }).where("plugin_id", "=", "notify").execute(),
            ),
          ),
        ),
      )
      const entityId = crypto.randomUUID()
      const [first, second] = await api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            Effect.gen(function* () {
              yield* recordDomainEvent({ type: "trip.approved", entityType: "trip", entityId })
              yield* recordDomainEvent({ type: "trip.departed", entityType: "trip", entityId })
              return yield* tenantQuery((db) =>
                db.selectFrom("outbox_event").select("id").where("entity_id", "=", entityId).orderBy("seq").execute(),
              )
            }),
          ),
        ),
      )
      await pass()
      const [failing] = await list("status=failed")
      expect(failing).toMatchObject({
        eventId: first?.id,
        eventType: "trip.approved",
        entityType: "trip",
        entityId,
        status: "pending",
        inFlight: false,
        attempts: 1,
        lastError: { kind: "throw", hook: "event:trip.approved", message: { en: "SMTP server down" } },
      })
      const wait = Date.parse(String(failing?.nextAttemptAt)) - now
      expect(wait).toBeGreaterThanOrEqual(MINUTE / 2)
      expect(wait).toBeLessThanOrEqual(MINUTE)

      now += MINUTE
      await pass()
      const parked = (await list("status=parked")).find((d) => d.eventId === first?.id)
      expect(parked).toMatchObject({ status: "parked", attempts: 2, nextAttemptAt: null })
      expect((await list("status=pending")).map((d) => d.eventId)).toEqual([second?.id])

      mailDown = false
      const retried = await send("admin", "POST", `/api/t/${A}/plugins/deliveries/${parked?.id}/retry`)
      expect(retried.status).toBe(200)
      expect(retried.body.delivery).toMatchObject({ id: parked?.id, status: "pending", attempts: 0 })
      const audit = await send(
        "admin",
        "GET",
        `/api/t/${A}/audit?action=plugin.delivery.retried&entityId=${parked?.id}`,
      )
      expect(audit.body.entries).toHaveLength(1)
      expect(audit.body.entries[0]).toMatchObject({
        actor: "admin@ho-chi-minh",
        entityType: "plugin_delivery",
        details: { pluginId: "notify", eventId: first?.id, eventType: "trip.approved" },
      })

      // The retry made it due by the real clock, which the route reads.
      now = Math.max(now, Date.now())
      await pass()
      await pass()
      expect(delivered).toEqual([first?.id, second?.id])
      expect((await list("status=delivered")).map((d) => d.eventId)).toEqual([second?.id, first?.id])
      const again = await send("admin", "POST", `/api/t/${A}/plugins/deliveries/${parked?.id}/retry`)
      expect(again.status).toBe(409)
    })

    it("retries every parked delivery of a plugin at once, audited", async () => {
      // The seeded parked one, and the seeded draft trip's event, parked while the mail server was down.
      const parked = await list("status=parked")
      expect(parked.map((d) => d.eventType).sort()).toEqual(["trip.drafted", "violation.opened"])
      const answer = await send("admin", "POST", `/api/t/${A}/plugins/deliveries/retry-parked`, { pluginId: "notify" })
      expect(answer).toEqual({ status: 200, body: { retried: 2 } })
      const audit = await send("admin", "GET", `/api/t/${A}/audit?action=plugin.delivery.retried_parked`)
      expect(audit.body.entries[0]).toMatchObject({ details: { pluginId: "notify", retried: 2 } })
      expect(await list("status=parked")).toEqual([])
    })

    it("pages newest first, refuses a bad filter with its path, and does not find another tenant's delivery", async () => {
      const all = await list("limit=200")
      expect(all.length).toBeGreaterThanOrEqual(3)
      const first = await send("admin", "GET", `/api/t/${A}/plugins/deliveries?limit=1`)
      expect(first.body.deliveries).toHaveLength(1)
      const next = await send("admin", "GET", `/api/t/${A}/plugins/deliveries?limit=200&after=${first.body.next}`)
      expect([...first.body.deliveries, ...next.body.deliveries].map((d: { id: string }) => d.id)).toEqual(
        all.map((d) => d.id),
      )
      const bad = await send("admin", "GET", `/api/t/${A}/plugins/deliveries?status=lost`)
      expect(bad.status).toBe(400)
      expect(bad.body.error.details.issues[0].path).toEqual(["query", "status"])
      const other = await send("admin", "POST", `/api/t/${A}/plugins/deliveries/${b().delivery}/retry`)
      expect(other.status).toBe(404)
    })

    it("shows a plugin job's failure and its next try to the administrator", async () => {
      mailDown = true
      // The next 07:00 in Vietnam (00:00 UTC), when the digest became due.
      now = Math.ceil(now / (24 * 60 * MINUTE)) * 24 * 60 * MINUTE
      await pass()
      const jobs = await send("admin", "GET", `/api/t/${A}/plugins/jobs?pluginId=notify`)
      expect(jobs.status).toBe(200)
      expect(jobs.body.jobs).toEqual([
        expect.objectContaining({
          pluginId: "notify",
          jobId: "daily-digest",
          schedule: "daily 07:00",
          // Tried again a minute later, well before tomorrow's 07:00.
          dueAt: new Date(now + MINUTE).toISOString(),
          running: false,
          runs: 1,
          consecutiveFailures: 1,
          lastStatus: "failed",
          lastError: expect.objectContaining({ kind: "throw", hook: "job:daily-digest" }),
        }),
      ])
      mailDown = false
    })
  })
}
