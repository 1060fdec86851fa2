import { seedReferenceData } from "@abroad/core"
import { type Database, DatabaseOwner, type DB, type DialectName, databaseLayer } from "@abroad/db"
import { createTestDatabase, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Layer, ManagedRuntime } from "effect"
import type { Transaction } from "kysely"

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

/** A committee, the root of a tree, in the current tenant's transaction: where a test's members go. */
export const insertCommittee = async (tx: Transaction<DB>, tenantId: string): Promise<string> => {
  const unitId = crypto.randomUUID()
  await tx
    .insertInto("org_unit")
    .values({
      tenant_id: tenantId,
      id: unitId,
      parent_id: null,
      kind: "committee",
      name: "Đảng bộ",
      path: `/${unitId}/`,
    })
    .execute()
  return unitId
}
