import { Context, Effect, Exit, Layer, Semaphore } from "effect"
import { type ControlledTransaction, sql } from "kysely"
import { type Connection, DatabaseConnection, type DialectName } from "./connection.ts"
import { type DatabaseError, toConnectionError, toDatabaseError } from "./errors.ts"
import { type MigrationStatus, migrationStatus } from "./migrations.ts"
import { type RoleName, Roles, TENANT_SETTING } from "./roles.ts"
import type { DB } from "./schema.ts"
import { AnalystTx, GlobalTx, OversightTx, type TenantId, TenantTx } from "./transactions.ts"

/** Marks a failure to open a transaction at all, as opposed to a statement the server refused. */
class Unreachable {
  readonly cause: unknown
  constructor(cause: unknown) {
    this.cause = cause
  }
}

/**
 * How long a unit of work may wait for a connection. The driver can leave a request for a
 * connection unanswered while the server is going away; past this the request is answered
 * "unavailable" instead of hanging, and a connection that turns up late is returned at once.
 */
const CONNECT_BUDGET_MS = 5_000

/** The ceiling on any one statement of a unit of work, enforced by the server. */
const STATEMENT_TIMEOUT = "30s"

class TimedOut extends Error {
  constructor(ms: number) {
    super(`no answer from the database within ${ms} ms`)
  }
}

const withinBudget = <A>(work: Promise<A>, ms: number, onLate: (value: A) => void): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    let settled = false
    const timer = setTimeout(() => {
      settled = true
      reject(new TimedOut(ms))
    }, ms)
    work.then(
      (value) => {
        clearTimeout(timer)
        if (settled) onLate(value)
        else resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        if (!settled) reject(error)
      },
    )
  })

/**
 * Set inside a unit of work. Opening another one there cannot work: on PGlite it would wait
 * for the turn its own caller holds, for ever; on PostgreSQL it would take a second
 * connection, whose writes commit or roll back apart from the first — no longer one unit.
 */
const InsideUnitOfWork = Context.Reference<boolean>("@abroad/db/InsideUnitOfWork", { defaultValue: () => false })

/** A program that opens a unit of work inside another: a mistake in the code, never in the input. */
export class NestedUnitOfWork extends Error {
  override readonly name = "NestedUnitOfWork"
  constructor() {
    super(
      "Một đơn vị công việc không thể mở đơn vị khác bên trong nó / a unit of work cannot open another one " +
        "inside it: withTenant, withGlobal, ping and migrations must not run in a withTenant or withGlobal " +
        "program — use the TenantTx or GlobalTx it provides",
    )
  }
}

/** Dies at once when `effect` would open a unit of work inside another. */
const outsideUnitOfWork = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.gen(function* () {
    if (yield* InsideUnitOfWork) return yield* Effect.die(new NestedUnitOfWork())
    return yield* effect
  })

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The one way the platform reaches its data while serving requests. Every unit of work is
 * one transaction as the non-owner app role; a tenant's work also carries the tenant id in
 * a transaction-local setting that the row-level security policies read.
 */
export class Database extends Context.Service<
  Database,
  {
    readonly dialect: DialectName
    /** Runs `program` in one transaction of `tenantId`: commits when it succeeds, rolls back when it fails. */
    readonly withTenant: <A, E, R>(
      tenantId: TenantId,
      program: Effect.Effect<A, E, R>,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, TenantTx>>
    /** Runs `program` in one transaction with no tenant: global tables only. */
    readonly withGlobal: <A, E, R>(
      program: Effect.Effect<A, E, R>,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, GlobalTx>>
    /**
     * Runs `program` in one transaction as the oversight role, with no tenant: the members abroad
     * of every tenant, as its policies and views allow, never by switching tenants.
     */
    readonly withOversight: <A, E, R>(
      program: Effect.Effect<A, E, R>,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, OversightTx>>
    /** Runs `program` in one transaction as the analyst role: the national statistics function only. */
    readonly withAnalyst: <A, E, R>(
      program: Effect.Effect<A, E, R>,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, AnalystTx>>
    /** Succeeds when the database answers. */
    readonly ping: Effect.Effect<void, DatabaseError>
    readonly migrations: Effect.Effect<MigrationStatus, DatabaseError>
  }
>()("@abroad/db/Database") {
  static readonly layer: Layer.Layer<Database, never, DatabaseConnection> = Layer.effect(
    Database,
    Effect.gen(function* () {
      const connection = yield* DatabaseConnection
      return makeDatabase(connection)
    }),
  )
}

const makeDatabase = (connection: Connection): Database["Service"] => {
  // PGlite is a single connection, and Kysely's PGlite driver hands that same connection
  // to every caller: a second transaction begun before the first ends would run inside it,
  // under the first one's tenant. On PGlite, units of work therefore take turns.
  const turns = connection.dialect === "pglite" ? Semaphore.makeUnsafe(1) : undefined
  const oneAtATime = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    outsideUnitOfWork(turns === undefined ? effect : Semaphore.withPermit(turns, effect))

  const begin = (role: RoleName, tenantId: TenantId | null): Effect.Effect<ControlledTransaction<DB>, DatabaseError> =>
    Effect.tryPromise({
      try: async () => {
        let trx: ControlledTransaction<DB>
        try {
          trx = await withinBudget(connection.kysely.startTransaction().execute(), CONNECT_BUDGET_MS, (late) => {
            // Given up on already: hand the connection straight back.
            late
              .rollback()
              .execute()
              .catch(() => undefined)
          })
        } catch (error) {
          throw new Unreachable(error)
        }
        try {
          // One round trip: the role first — from then on the transaction runs without the
          // owner's rights — then the tenant, then a ceiling on any one statement.
          await sql`select set_config('role', ${role}, true), set_config(${TENANT_SETTING}, ${tenantId ?? ""}, true), set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true)`.execute(
            trx,
          )
          return trx
        } catch (error) {
          await trx.rollback().execute()
          throw error
        }
      },
      catch: (error) => (error instanceof Unreachable ? toConnectionError(error.cause) : toDatabaseError(error)),
    })

  const finish = (trx: ControlledTransaction<DB>, exit: Exit.Exit<unknown, unknown>) =>
    Effect.tryPromise({
      try: () => (Exit.isSuccess(exit) ? trx.commit().execute() : trx.rollback().execute()),
      catch: toDatabaseError,
    })

  const inTransaction = <A, E, R>(
    role: RoleName,
    tenantId: TenantId | null,
    use: (trx: ControlledTransaction<DB>) => Effect.Effect<A, E, R>,
  ): Effect.Effect<A, E | DatabaseError, R> =>
    oneAtATime(
      Effect.acquireUseRelease(
        begin(role, tenantId),
        (trx) => Effect.provideService(use(trx), InsideUnitOfWork, true),
        finish,
      ),
    )

  return Database.of({
    dialect: connection.dialect,
    withTenant: (tenantId, program) =>
      UUID.test(tenantId)
        ? inTransaction(Roles.app, tenantId, (db) => Effect.provideService(program, TenantTx, { tenantId, db }))
        : Effect.die(new Error(`withTenant needs a tenant id (uuid), got ${JSON.stringify(tenantId)}`)),
    withGlobal: (program) => inTransaction(Roles.app, null, (db) => Effect.provideService(program, GlobalTx, { db })),
    withOversight: (program) =>
      inTransaction(Roles.oversight, null, (db) => Effect.provideService(program, OversightTx, { db })),
    withAnalyst: (program) =>
      inTransaction(Roles.analyst, null, (db) => Effect.provideService(program, AnalystTx, { db })),
    ping: oneAtATime(
      Effect.tryPromise({
        try: () => withinBudget(sql`select 1`.execute(connection.kysely), CONNECT_BUDGET_MS, () => undefined),
        catch: toConnectionError,
      }),
    ).pipe(Effect.asVoid),
    migrations: oneAtATime(migrationStatus().pipe(Effect.provideService(DatabaseConnection, connection))),
  })
}
