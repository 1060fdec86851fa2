import { makeApi, type RequestLogEntry } from "@abroad/api"
import { seedReferenceData } from "@abroad/core"
import type { DialectName } from "@abroad/db"
import { type Database, DatabaseOwner, databaseLayer } from "@abroad/db"
import { createTestDatabase, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Layer, ManagedRuntime } from "effect"

export interface TestApi {
  readonly db: TestDatabase
  readonly app: ReturnType<typeof makeApi>
  readonly logs: Array<RequestLogEntry>
  readonly close: () => Promise<void>
}

type Runtime = ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>

const open = (location: TestDatabase["location"]): Runtime =>
  ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })

/** The API over a fresh database of `dialect`: migrated and seeded unless told otherwise. */
export const testApi = async (dialect: DialectName, options: { migrated: boolean } = { migrated: true }) => {
  const db = await createTestDatabase(dialect)
  let runtime = open(db.location)
  if (options.migrated) {
    await runtime.runPromise(DatabaseOwner.use((o) => o.migrate))
    await runtime.runPromise(seedReferenceData)
    if (dialect === "postgres") {
      await runtime.dispose()
      runtime = open(await withAppLogin(db))
    }
  }
  const logs: Array<RequestLogEntry> = []
  const app = makeApi({ run: (program) => runtime.runPromiseExit(program), version: "test", log: (e) => logs.push(e) })
  return {
    db,
    app,
    logs,
    close: async () => {
      await runtime.dispose()
      await db.drop()
    },
  } satisfies TestApi
}
