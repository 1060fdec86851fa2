import { listTenants, recordDomainEvent, seedReferenceData, type Tenant } from "@abroad/core"
import { Database, DatabaseOwner, type DialectName, databaseLayer, type TenantTx, tenantQuery } from "@abroad/db"
import { createTestDatabase, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { definePlugin, PluginError, type PluginEvent, Schema } from "@abroad/plugin-sdk"
import { Clock, Effect, Layer, ManagedRuntime } from "effect"
import { sql } from "kysely"
import type { PluginDispatch } from "../src/plugins/dispatch.ts"
import { inProcessDispatchLayer } from "../src/plugins/testing.ts"

/**
 * Real plugins (`definePlugin`) that write down what they receive, run in process by the test
 * dispatch; a migrated database with the reference tenants; and a clock the tests move.
 */

export interface Received {
  readonly tenant: string
  readonly plugin: string
  readonly eventId: string
  readonly type: string
  readonly entityId: string
  readonly attempt: number
}

/** Everything every plugin was handed, in the order it was handed. */
export const received: Array<Received> = []
/** Entities whose events the `flaky` plugin refuses, as a mail server that is down would. */
export const refusedEntities = new Set<string>()
export const jobRuns: Array<{ readonly tenant: string; readonly job: string }> = []
/** Jobs that fail while listed here. */
export const failingJobs = new Set<string>()

const text = (en: string) => ({ vi: en, en })

const recording = (plugin: string) => (event: PluginEvent, ctx: { readonly tenant: { readonly code: string } }) => {
  received.push({
    tenant: ctx.tenant.code,
    plugin,
    eventId: event.id,
    type: event.type,
    entityId: event.entityId,
    attempt: event.attempt,
  })
}

/** Takes every event. */
export const recorder = definePlugin({
  id: "recorder",
  version: "1.0.0",
  name: text("Recorder"),
  description: text("Writes down every event"),
  configSchema: Schema.Struct({}),
  capabilities: [],
  setup: (register) => register.events({ "*": recording("recorder") }),
})

/** Takes approvals only. */
export const approvals = definePlugin({
  id: "approvals",
  version: "1.0.0",
  name: text("Approvals"),
  description: text("Writes down approved trips"),
  configSchema: Schema.Struct({}),
  capabilities: [],
  setup: (register) => register.events({ "trip.approved": recording("approvals") }),
})

/** Takes every event, but throws for the entities in `refusedEntities`. */
export const flaky = definePlugin({
  id: "flaky",
  version: "1.0.0",
  name: text("Flaky"),
  description: text("Fails while its server is down"),
  configSchema: Schema.Struct({}),
  capabilities: [],
  setup: (register) =>
    register.events({
      "*": (event, ctx) => {
        recording("flaky")(event, ctx)
        if (refusedEntities.has(event.entityId)) {
          throw new PluginError("mail_down", { vi: "Máy chủ thư không trả lời", en: "The mail server does not answer" })
        }
      },
    }),
})

/** Fails on every event. */
export const broken = definePlugin({
  id: "broken",
  version: "1.0.0",
  name: text("Broken"),
  description: text("Always throws"),
  configSchema: Schema.Struct({}),
  capabilities: [],
  setup: (register) =>
    register.events({
      "*": (event, ctx) => {
        recording("broken")(event, ctx)
        throw new Error("broken on purpose")
      },
    }),
})

/** Scheduled work: every quarter hour, nightly at 02:00 in Vietnam, and one that fails while in `failingJobs`. */
export const scheduled = definePlugin({
  id: "scheduled",
  version: "1.0.0",
  name: text("Scheduled"),
  description: text("Runs jobs"),
  configSchema: Schema.Struct({}),
  capabilities: [],
  setup: (register) =>
    register.jobs(
      (
        [
          ["quarter-hourly", { everyMinutes: 15 }],
          ["nightly", { dailyAt: "02:00" }],
          ["border-import", { everyMinutes: 60 }],
        ] as const
      ).map(([id, schedule]) => ({
        id,
        schedule,
        run: (ctx) => {
          jobRuns.push({ tenant: ctx.tenant.code, job: id })
          if (failingJobs.has(id)) throw new Error(`${id}: border records unavailable`)
        },
      })),
    ),
})

export const dispatchLayer: Layer.Layer<PluginDispatch> = inProcessDispatchLayer([
  { definition: recorder },
  { definition: approvals },
  { definition: flaky },
  { definition: broken },
  { definition: scheduled },
])

export type Runtime = ManagedRuntime.ManagedRuntime<Database | DatabaseOwner | PluginDispatch, unknown>

const open = (location: TestDatabase["location"]): Runtime =>
  ManagedRuntime.make(Layer.mergeAll(databaseLayer(location), dispatchLayer), { memoMap: Layer.makeMemoMapUnsafe() })

/** A migrated database with the reference tenants, whose requests run as the app role. */
export const preparedDatabase = async (dialect: DialectName) => {
  const db = await createTestDatabase(dialect)
  const owner = open(db.location)
  await owner.runPromise(DatabaseOwner.use((o) => o.migrate))
  await owner.runPromise(seedReferenceData)
  const tenants = await owner.runPromise(Database.use((database) => database.withGlobal(listTenants)))
  if (dialect === "pglite") return { db, runtime: owner, tenants }
  await owner.dispose()
  return { db, runtime: open(await withAppLogin(db)), tenants }
}

/** The clock the worker reads: stopped where the test puts it; sleeping still takes real time. */
export const testClock = (start: number) => {
  let now = start
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
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms
    },
    set: (at: Date) => {
      if (at.getTime() < now) throw new Error("the test clock only moves forward")
      now = at.getTime()
    },
    run: <A, E, R>(program: Effect.Effect<A, E, R>) => Effect.provideService(program, Clock.Clock, clock),
  }
}

/** Installs the plugin in the tenant, enabled or not (what the plugin host's API writes). */
export const install = (runtime: Runtime, tenant: Tenant, pluginId: string, enabled = true) =>
  runtime.runPromise(
    Database.use((database) =>
      database.withTenant(
        tenant.id,
        tenantQuery((db, tenantId) =>
          db
            .insertInto("plugin_installation")
            .values({ tenant_id: tenantId, plugin_id: pluginId, version: "1.0.0", config: sql`'{}'::jsonb`, enabled })
            .onConflict((conflict) => conflict.columns(["tenant_id", "plugin_id"]).doUpdateSet({ enabled }))
            .execute(),
        ),
      ),
    ),
  )

/** Records domain events in the tenant, in one transaction, in this order; answers their ids. */
export const record = (
  runtime: Runtime,
  tenant: Tenant,
  events: ReadonlyArray<{ readonly type: string; readonly entityId: string }>,
) =>
  runtime.runPromise(
    Database.use((database) =>
      database.withTenant(
        tenant.id,
        Effect.gen(function* () {
          for (const event of events) {
            yield* recordDomainEvent({ type: event.type, entityType: "trip", entityId: event.entityId })
          }
          const rows = yield* tenantQuery((db) =>
            db.selectFrom("outbox_event").select(["id", "seq"]).orderBy("seq", "desc").limit(events.length).execute(),
          )
          return rows.reverse().map((row) => row.id)
        }),
      ),
    ),
  )

/** Runs a tenant program as the app role. */
export const inTenant = <A, E>(runtime: Runtime, tenant: Tenant, program: Effect.Effect<A, E, TenantTx>) =>
  runtime.runPromise(Database.use((database) => database.withTenant(tenant.id, program)))

export const MINUTE = 60_000
