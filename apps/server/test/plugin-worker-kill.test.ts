import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { findTenantByCode, recordDomainEvent, seedReferenceData } from "@abroad/core"
import { Database, DatabaseOwner, databaseLayer, tenantQuery } from "@abroad/db"
import { createTestDatabase, dialectAvailable, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * Nothing is lost when the process delivering events dies mid-batch: the plugin worker runs in a
 * child process against PostgreSQL, is killed (SIGKILL) while handlers run — one of them stuck —
 * and a new process delivers everything: every event at least once (a repeat is allowed, a gap is
 * not), each entity's events in their order.
 */

const WORKER = join(import.meta.dirname, "fixtures", "plugin-worker-process.ts")
const TENANTS = ["ho-chi-minh", "quang-ninh"] as const
const ENTITIES_PER_TENANT = 12
const EVENTS_PER_ENTITY = 6

interface Line {
  readonly tenant: string
  readonly entityId: string
  readonly eventId: string
}

/** Polls until `done` holds (a bound keeps a broken run from hanging the suite, it is not what is tested). */
const until = async (done: () => boolean | Promise<boolean>, what: string, ms = 120_000) => {
  const deadline = Date.now() + ms
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.skipIf(!(await dialectAvailable("postgres")))("the plugin worker, killed mid-batch", () => {
  let db: TestDatabase
  let runtime: ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>
  let folder: string
  /** Every event, by tenant and entity, in the order it was recorded. */
  const recorded: Array<Line> = []

  beforeAll(async () => {
    db = await createTestDatabase("postgres")
    folder = mkdtempSync(join(tmpdir(), "abroad-worker-"))
    const owner = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
    await owner.runPromise(DatabaseOwner.use((o) => o.migrate))
    await owner.runPromise(seedReferenceData)
    await owner.dispose()
    runtime = ManagedRuntime.make(databaseLayer(await withAppLogin(db)), { memoMap: Layer.makeMemoMapUnsafe() })
    for (const code of TENANTS) {
      const entities = Array.from({ length: ENTITIES_PER_TENANT }, () => crypto.randomUUID())
      const ids = await runtime.runPromise(
        Database.use((database) =>
          Effect.gen(function* () {
            const tenant = yield* database.withGlobal(findTenantByCode(code))
            return yield* database.withTenant(
              tenant.id,
              Effect.gen(function* () {
                yield* tenantQuery((tx, tenantId) =>
                  tx
                    .insertInto("plugin_installation")
                    .values({ tenant_id: tenantId, plugin_id: "recorder", version: "1.0.0", enabled: true })
                    .execute(),
                )
                // Interleaved, as real traffic is: entity 1's first event, entity 2's first, …
                for (let round = 0; round < EVENTS_PER_ENTITY; round++) {
                  for (const entityId of entities) {
                    yield* recordDomainEvent({ type: "trip.noted", entityType: "trip", entityId })
                  }
                }
                return yield* tenantQuery((tx) =>
                  tx.selectFrom("outbox_event").select(["id", "entity_id"]).orderBy("seq").execute(),
                )
              }),
            )
          }),
        ),
      )
      recorded.push(...ids.map((row) => ({ tenant: code, entityId: row.entity_id, eventId: row.id })))
    }
  }, 180_000)

  afterAll(async () => {
    await runtime?.dispose()
    await db?.drop()
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true })
  })

  const startWorker = async (file: string, hangOn: string) => {
    const child = spawn(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH ?? "",
        WORKER_DATABASE: JSON.stringify(await withAppLogin(db)),
        WORKER_RECORD_FILE: file,
        WORKER_HANG_ON: hangOn,
      },
      stdio: ["ignore", "pipe", "pipe"],
    })
    let output = ""
    child.stdout.on("data", (chunk) => {
      output += chunk
    })
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    return { child, exited, output: () => output }
  }

  const linesOf = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [])
  const doneLines = (file: string): ReadonlyArray<Line> =>
    linesOf(file)
      .filter((line) => line.startsWith("done "))
      .map((line) => {
        const [, tenant = "", entityId = "", eventId = ""] = line.split(" ")
        return { tenant, entityId, eventId }
      })

  /** The deliveries of the two tenants: held by a worker (claimed, not settled), delivered, or not yet. */
  const held = () =>
    runtime.runPromise(
      Database.use((database) =>
        Effect.forEach(TENANTS, (code) =>
          Effect.gen(function* () {
            const tenant = yield* database.withGlobal(findTenantByCode(code))
            return yield* database.withTenant(
              tenant.id,
              tenantQuery((tx) => tx.selectFrom("plugin_delivery").select(["status", "claim_token"]).execute()),
            )
          }),
        ),
      ).pipe(
        Effect.map((tenants) => {
          const rows = tenants.flat()
          return {
            held: rows.filter((row) => row.claim_token !== null).length,
            delivered: rows.filter((row) => row.status === "delivered").length,
            other: rows.filter((row) => row.status !== "delivered").length,
          }
        }),
      ),
    )

  it("delivers every event, in order per entity, after the process is killed and another started", async () => {
    const file = join(folder, "received.txt")
    // A handler in the middle of Hồ Chí Minh's events never returns in the first process.
    const stuck = recorded.filter((line) => line.tenant === "ho-chi-minh")[40]
    expect(stuck).toBeDefined()

    const first = await startWorker(file, stuck?.eventId ?? "")
    await until(
      () => linesOf(file).includes(`hanging ${stuck?.eventId}`) && doneLines(file).length >= 40,
      `the first worker to deliver and get stuck:\n${first.output()}`,
    )
    first.child.kill("SIGKILL")
    expect(await first.exited).toBeNull()

    // Killed mid-batch: it held deliveries it never settled, and much was left to deliver.
    const atKill = await held()
    expect(atKill.held).toBeGreaterThan(0)
    expect(atKill.other).toBeGreaterThan(0)
    const before = doneLines(file).length
    expect(before).toBeLessThan(recorded.length)

    const second = await startWorker(file, "")
    try {
      await until(() => {
        const seen = new Set(doneLines(file).map((line) => line.eventId))
        return recorded.every((line) => seen.has(line.eventId))
      }, `the second worker to deliver everything:\n${second.output()}`)
      // The last acknowledgements are written just after the handlers' lines.
      await until(async () => (await held()).other === 0, `the second worker to settle everything:\n${second.output()}`)
    } finally {
      second.child.kill("SIGTERM")
      await second.exited
    }

    const done = doneLines(file)
    // At least once: none missing (repeats allowed, and the stuck one was delivered by the second process).
    const seen = new Set(done.map((line) => line.eventId))
    expect(recorded.filter((line) => !seen.has(line.eventId))).toEqual([])
    expect(seen.has(stuck?.eventId ?? "")).toBe(true)
    // In order per entity: what the plugin acknowledged for one entity never goes back in its order.
    const position = new Map(recorded.map((line, index) => [line.eventId, index]))
    for (const entityId of new Set(recorded.map((line) => line.entityId))) {
      const order = done.filter((line) => line.entityId === entityId).map((line) => position.get(line.eventId) ?? -1)
      expect(order).toEqual([...order].sort((x, y) => x - y))
    }
    // And the database agrees: everything delivered, nothing held.
    expect(await held()).toEqual({ held: 0, delivered: recorded.length, other: 0 })
  })
})
