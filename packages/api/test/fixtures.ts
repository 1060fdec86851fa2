import { makeApi, type RequestLogEntry } from "@abroad/api"
import { TotpSealing, totpKeyring } from "@abroad/auth"
import { seedReferenceData } from "@abroad/core"
import type { DialectName, StatementListener } from "@abroad/db"
import { type Database, DatabaseOwner, databaseLayer } from "@abroad/db"
import { createTestDatabase, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { type Effect, Layer, ManagedRuntime } from "effect"

export interface TestApi {
  readonly db: TestDatabase
  readonly app: ReturnType<typeof makeApi>
  readonly logs: Array<RequestLogEntry>
  /** Runs a program on the API's own runtime: seeding, or looking behind the API's back. */
  readonly run: <A, E>(program: Effect.Effect<A, E, Database | DatabaseOwner | TotpSealing>) => Promise<A>
  readonly close: () => Promise<void>
}

type Runtime = ManagedRuntime.ManagedRuntime<Database | DatabaseOwner | TotpSealing, unknown>

/** The server's secret in tests: fixed, so a test can unseal what it sealed. */
export const TEST_SEALING_KEY = new Uint8Array(32).fill(7)

const open = (location: TestDatabase["location"], onStatement?: StatementListener): Runtime =>
  ManagedRuntime.make(
    Layer.mergeAll(
      databaseLayer(location, onStatement === undefined ? {} : { onStatement }),
      Layer.succeed(TotpSealing, totpKeyring(TEST_SEALING_KEY)),
    ),
    { memoMap: Layer.makeMemoMapUnsafe() },
  )

/** The API over a fresh database of `dialect`: migrated and seeded unless told otherwise. */
export const testApi = async (
  dialect: DialectName,
  options: {
    migrated: boolean
    now?: () => Date
    seed?: (runtime: Runtime) => Promise<void>
    /** Hears every statement the API's requests send (see `databaseLayer`). */
    onStatement?: StatementListener
  } = { migrated: true },
) => {
  const db = await createTestDatabase(dialect)
  let runtime = open(db.location, options.onStatement)
  if (options.migrated) {
    await runtime.runPromise(DatabaseOwner.use((o) => o.migrate))
    await runtime.runPromise(seedReferenceData)
    await options.seed?.(runtime)
    if (dialect === "postgres") {
      await runtime.dispose()
      runtime = open(await withAppLogin(db), options.onStatement)
    }
  }
  const logs: Array<RequestLogEntry> = []
  const app = makeApi({
    run: (program) => runtime.runPromiseExit(program),
    version: "test",
    log: (e) => logs.push(e),
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  return {
    db,
    app,
    logs,
    run: <A, E>(program: Effect.Effect<A, E, Database | DatabaseOwner | TotpSealing>) => runtime.runPromise(program),
    close: async () => {
      await runtime.dispose()
      await db.drop()
    },
  } satisfies TestApi
}
