import { DatabaseOwner, loadMigrations, type Migration, MigrationError, type OwnerTransaction } from "@abroad/db"
import { createTestDatabase, DIALECTS, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { Layer, ManagedRuntime } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { pgliteConnectionLayer, postgresConnectionLayer } from "../src/connection.ts"
import { migrate } from "../src/migrations.ts"

const connectionLayer = (db: TestDatabase) =>
  db.location._tag === "pglite"
    ? pgliteConnectionLayer({ dataDir: undefined })
    : postgresConnectionLayer({ url: db.location.url, appUrl: undefined, poolSize: 2 })

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`migrations on ${dialect}`, () => {
    const cleanups: Array<() => Promise<void>> = []
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup()
    })

    /** A fresh, empty database and the migrator pointed at it. */
    const fresh = async () => {
      const db = await createTestDatabase(dialect)
      const runtime = ManagedRuntime.make(DatabaseOwner.layer.pipe(Layer.provideMerge(connectionLayer(db))), {
        memoMap: Layer.makeMemoMapUnsafe(),
      })
      cleanups.push(async () => {
        await runtime.dispose()
        await db.drop()
      })
      return {
        run: (migrations: ReadonlyArray<Migration>) => runtime.runPromise(migrate(migrations)),
        owner: <A>(work: (tx: OwnerTransaction) => Promise<A>) =>
          runtime.runPromise(DatabaseOwner.use((o) => o.transaction(work))),
      }
    }

    it("applies every migration once, and nothing on a second run", async () => {
      const { run } = await fresh()
      const all = loadMigrations()
      expect(all.length).toBeGreaterThan(1)
      expect(await run(all)).toEqual(all.map((m) => m.name))
      expect(await run(all)).toEqual([])
    })

    it("leaves the database as it was when a migration fails", async () => {
      const { owner, run } = await fresh()
      const broken = [
        ...loadMigrations(),
        { name: "9998_adds_a_table", sql: "create table half_done (id int);", checksum: "a" },
        { name: "9999_fails", sql: "select 1 / 0;", checksum: "b" },
      ]
      const failure = await run(broken).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(MigrationError)
      expect(failure).toMatchObject({ migration: "9999_fails" })
      const [state] = await owner((tx) =>
        tx.query(`select to_regclass('public.tenant')::text as tenant, to_regclass('public.half_done')::text as half,
                         to_regclass('public.schema_migration')::text as book`),
      )
      expect(state).toEqual({ tenant: null, half: null, book: null })
    })

    it("refuses to run when an applied migration was edited since", async () => {
      const { run } = await fresh()
      const all = loadMigrations()
      await run(all)
      const edited = all.map((m, i) => (i === all.length - 1 ? { ...m, checksum: "edited" } : m))
      await expect(run(edited)).rejects.toMatchObject({ message: expect.stringMatching(/edited after it was applied/) })
    })

    it("migrates a second database on a server whose roles already exist", async () => {
      const first = await fresh()
      const second = await fresh()
      const all = loadMigrations()
      await first.run(all)
      expect(await second.run(all)).toEqual(all.map((m) => m.name))
    })
  })
}
