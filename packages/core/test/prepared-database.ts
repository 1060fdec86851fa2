import { seedReferenceData } from "@abroad/core"
import { type Database, DatabaseOwner, type DialectName, databaseLayer } from "@abroad/db"
import { createTestDatabase, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Layer, ManagedRuntime } from "effect"

export type Runtime = ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>

export const openRuntime = (location: TestDatabase["location"]): Runtime =>
  ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })

/** A fresh, migrated database with the reference tenants, whose requests run as the app role. */
export const preparedDatabase = async (dialect: DialectName): Promise<{ db: TestDatabase; runtime: Runtime }> => {
  const db = await createTestDatabase(dialect)
  const owner = openRuntime(db.location)
  await owner.runPromise(DatabaseOwner.use((o) => o.migrate))
  await owner.runPromise(seedReferenceData)
  if (dialect === "pglite") return { db, runtime: owner }
  await owner.dispose()
  return { db, runtime: openRuntime(await withAppLogin(db)) }
}
