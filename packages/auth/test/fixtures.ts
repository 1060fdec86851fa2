import { seedReferenceData } from "@abroad/core"
import { type Database, DatabaseOwner, type DialectName, databaseLayer } from "@abroad/db"
import { createTestDatabase, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Layer, ManagedRuntime } from "effect"

export interface AuthTestDatabase {
  readonly runtime: ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>
  readonly close: () => Promise<void>
}

/** A migrated database with the reference tenants, served through the request login on PostgreSQL. */
export const authTestDatabase = async (dialect: DialectName): Promise<AuthTestDatabase> => {
  const db: TestDatabase = await createTestDatabase(dialect)
  const open = (location: TestDatabase["location"]) =>
    ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })
  let runtime = open(db.location)
  await runtime.runPromise(DatabaseOwner.use((o) => o.migrate))
  await runtime.runPromise(seedReferenceData)
  if (dialect === "postgres") {
    await runtime.dispose()
    runtime = open(await withAppLogin(db))
  }
  return {
    runtime,
    close: async () => {
      await runtime.dispose()
      await db.drop()
    },
  }
}
