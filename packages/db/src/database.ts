import { Context, Effect, Exit, Layer, Semaphore } from "effect"
import { type ControlledTransaction, sql } from "kysely"
import { type Connection, DatabaseConnection, type DialectName } from "./connection.ts"
import { type DatabaseError, toConnectionError, toDatabaseError } from "./errors.ts"
import { type MigrationStatus, migrationStatus } from "./migrations.ts"
import { answerOf, unanswered } from "./pipelined-begin.ts"
import { type RoleName, Roles, TENANT_SETTING } from "./roles.ts"
import type { DB } from "./schema.ts"
import { AnalystTx, GlobalTx, OversightTx, type TenantId, TenantTx, UnitOfWork } from "./transactions.ts"

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

/**
 * The ceiling on a unit of work left open with nothing to do: the server then ends the connection,
 * and its locks with it. No unit waits that long (a plugin's budget is 15 s); a unit held open by a
 * fault — a handler stuck between statements — must not hold a connection of the pool for ever.
 */
const IDLE_TIMEOUT = "60s"

class TimedOut extends Error {
  constructor(ms: number) {
    super(`no answer from the database within ${ms} ms`)
  }
}

/** `effect`, failing "unreachable" when it has not answered within the connect budget (what is late is dropped). */
const withinConnectBudget = <A>(effect: Effect.Effect<A, DatabaseError>): Effect.Effect<A, DatabaseError> =>
  Effect.timeoutOrElse(effect, {
    duration: CONNECT_BUDGET_MS,
    orElse: () => Effect.fail(toConnectionError(new TimedOut(CONNECT_BUDGET_MS))),
  })

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

/**
 * What a unit of work may be asked besides its program. `handOver`: when its program succeeds,
 * its transaction is left open for the request's next unit of work of the same role and tenant,
 * which continues it and commits both together (see `forRequest`).
 */
export interface UnitOptions {
  readonly handOver?: boolean
}

/** An open transaction: the role and tenant it runs as, and the statement setting them, sent but maybe unanswered. */
interface OpenUnit {
  readonly role: RoleName
  readonly tenantId: TenantId | null
  readonly trx: ControlledTransaction<DB>
  /** Settles with the `set_config` statement: its failure, if any, is the unit's failure. */
  readonly configured: Promise<unknown>
}

/** The request being served (`forRequest`), and the unit of work it holds open for its next one. */
interface RequestUnits {
  handedOver: OpenUnit | undefined
}

const CurrentRequest = Context.Reference<RequestUnits | undefined>("@abroad/db/CurrentRequest", {
  defaultValue: () => undefined,
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
      options?: UnitOptions,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, TenantTx | UnitOfWork>>
    /** Runs `program` in one transaction with no tenant: global tables only. */
    readonly withGlobal: <A, E, R>(
      program: Effect.Effect<A, E, R>,
      options?: UnitOptions,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, GlobalTx | UnitOfWork>>
    /**
     * Runs `program` in one transaction as the oversight role, with no tenant: the members abroad
     * of every tenant, as its policies and views allow, never by switching tenants.
     */
    readonly withOversight: <A, E, R>(
      program: Effect.Effect<A, E, R>,
      options?: UnitOptions,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, OversightTx | UnitOfWork>>
    /** Runs `program` in one transaction as the analyst role: the national statistics function only. */
    readonly withAnalyst: <A, E, R>(
      program: Effect.Effect<A, E, R>,
      options?: UnitOptions,
    ) => Effect.Effect<A, E | DatabaseError, Exclude<R, AnalystTx | UnitOfWork>>
    /** Succeeds when the database answers; fails "unreachable" when it does not within the connect budget. */
    readonly ping: Effect.Effect<void, DatabaseError>
    /**
     * The applied and pending migrations, read on the owner's connection; fails "unreachable" when
     * that connection does not answer within the connect budget, as `ping` does.
     */
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

const finish = (unit: OpenUnit, exit: Exit.Exit<unknown, unknown>) =>
  Effect.tryPromise({
    try: () => (Exit.isSuccess(exit) ? unit.trx.commit().execute() : unit.trx.rollback().execute()),
    catch: toDatabaseError,
  })

/** The unit the request handed over, taken from it: whoever takes it continues or commits it. */
const takeHandedOver = (request: RequestUnits | undefined) => {
  const waiting = request?.handedOver
  if (request !== undefined) request.handedOver = undefined
  return waiting
}

/** Commits the unit `request` handed over, if any: its own program had succeeded. */
const settle = (request: RequestUnits | undefined): Effect.Effect<void, DatabaseError> => {
  const waiting = takeHandedOver(request)
  return waiting === undefined ? Effect.void : finish(waiting, Exit.void)
}

/**
 * Commits the unit of work the current request handed over, if any. For work on another
 * connection within the request (the owner's transactions): it must not wait for a lock that
 * the handed-over transaction holds until the request ends — the request would wait for itself.
 */
export const settleHandedOver: Effect.Effect<void, DatabaseError> = Effect.gen(function* () {
  return yield* settle(yield* CurrentRequest)
})

/**
 * Serves one request: a unit of work opened in it with `handOver` (the request's
 * authorization) is continued by the request's next unit of the same role and tenant (the
 * handler's), so that a request costs one transaction where it cost two. A unit handed over
 * and not continued — the handler opened another kind, or none — commits before the next
 * unit opens, or when the request ends, however it ends: its own program had succeeded.
 * On PGlite nothing is handed over (units take turns there, and a unit held open would hold
 * the turn): each unit commits at its end, as outside a request. Needs no database itself:
 * a request that opens no unit of work costs nothing here.
 */
export const forRequest = <A, E, R>(program: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R> =>
  Effect.acquireUseRelease(
    Effect.sync((): RequestUnits => ({ handedOver: undefined })),
    (request) =>
      program.pipe(
        Effect.tap(() => settle(request)),
        Effect.provideService(CurrentRequest, request),
      ),
    // The request failed or was interrupted with a unit still handed over: it commits all the same.
    (request) => Effect.ignore(settle(request)),
  )

const makeDatabase = (connection: Connection): Database["Service"] => {
  // PGlite is a single connection, and Kysely's PGlite driver hands that same connection
  // to every caller: a second transaction begun before the first ends would run inside it,
  // under the first one's tenant. On PGlite, units of work therefore take turns.
  const turns = connection.dialect === "pglite" ? Semaphore.makeUnsafe(1) : undefined
  const oneAtATime = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    outsideUnitOfWork(turns === undefined ? effect : Semaphore.withPermit(turns, effect))

  const begin = (role: RoleName, tenantId: TenantId | null): Effect.Effect<OpenUnit, DatabaseError> =>
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
        // The role first — from then on the transaction runs without the owner's rights — then
        // the tenant, then ceilings on any one statement and on idling in the transaction. Sent
        // unanswered (pipelined-begin.ts): one write carries `begin`, this statement and the
        // program's first statement, where Kysely, which sends a transaction's statements one at
        // a time, would wait for this one's answer first (README, finding 17). Should it fail,
        // every statement behind it fails too, and its error is the one reported.
        const settings = unanswered(
          sql`select set_config('role', ${role}, true), set_config(${TENANT_SETTING}, ${tenantId ?? ""}, true), set_config('statement_timeout', ${STATEMENT_TIMEOUT}, true), set_config('idle_in_transaction_session_timeout', ${IDLE_TIMEOUT}, true)`.compile(
            trx,
          ),
        )
        const configured = trx.executeQuery(settings).then(() => answerOf(settings))
        configured.catch(() => undefined)
        return { role, tenantId, trx, configured }
      },
      catch: (error) => (error instanceof Unreachable ? toConnectionError(error.cause) : toDatabaseError(error)),
    })

  /** The failure of the unit's `set_config`, once it has been answered; undefined when it succeeded. */
  const setupFailure = (unit: OpenUnit) =>
    Effect.promise(() =>
      unit.configured.then(
        () => undefined,
        (error: unknown) => toDatabaseError(error),
      ),
    )

  /** Runs `program` in the open unit; a unit whose settings failed fails with that, whatever its program said. */
  const runIn = <A, E, R>(unit: OpenUnit, program: Effect.Effect<A, E, R>): Effect.Effect<A, E | DatabaseError, R> =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(Effect.provideService(program, InsideUnitOfWork, true))
      const failure = yield* setupFailure(unit)
      if (failure !== undefined) return yield* Effect.fail(failure)
      return yield* exit
    })

  /** Continues the unit the request handed over when it is of this role and tenant; else commits it and begins one. */
  const continueOrBegin = (request: RequestUnits | undefined, role: RoleName, tenantId: TenantId | null) => {
    const waiting = request?.handedOver
    if (waiting !== undefined && waiting.role === role && waiting.tenantId === tenantId) {
      return Effect.sync(() => takeHandedOver(request) as OpenUnit)
    }
    return Effect.andThen(settle(request), begin(role, tenantId))
  }

  const inTransaction = <A, E, R>(
    role: RoleName,
    tenantId: TenantId | null,
    use: (trx: ControlledTransaction<DB>) => Effect.Effect<A, E, R>,
    options: UnitOptions | undefined,
  ): Effect.Effect<A, E | DatabaseError, R> =>
    oneAtATime(
      Effect.gen(function* () {
        const request = yield* CurrentRequest
        const handOver = options?.handOver === true && request !== undefined && turns === undefined
        return yield* Effect.acquireUseRelease(
          continueOrBegin(request, role, tenantId),
          (unit) => runIn(unit, use(unit.trx)),
          (unit, exit) =>
            handOver && Exit.isSuccess(exit) && request !== undefined
              ? Effect.sync(() => {
                  request.handedOver = unit
                })
              : finish(unit, exit),
        )
      }),
    )

  /** Provides the unit's own service and the role-blind `UnitOfWork` to `program`. */
  const provideUnit = <A, E, R, I, S>(
    program: Effect.Effect<A, E, R>,
    service: Context.Key<I, S>,
    value: S,
    db: ControlledTransaction<DB>,
  ) =>
    program.pipe(Effect.provideService(service, value), Effect.provideService(UnitOfWork, { db })) as Effect.Effect<
      A,
      E,
      Exclude<R, I | UnitOfWork>
    >

  return Database.of({
    dialect: connection.dialect,
    withTenant: (tenantId, program, options) =>
      UUID.test(tenantId)
        ? inTransaction(Roles.app, tenantId, (db) => provideUnit(program, TenantTx, { tenantId, db }, db), options)
        : Effect.die(new Error(`withTenant needs a tenant id (uuid), got ${JSON.stringify(tenantId)}`)),
    withGlobal: (program, options) =>
      inTransaction(Roles.app, null, (db) => provideUnit(program, GlobalTx, { db }, db), options),
    withOversight: (program, options) =>
      inTransaction(Roles.oversight, null, (db) => provideUnit(program, OversightTx, { db }, db), options),
    withAnalyst: (program, options) =>
      inTransaction(Roles.analyst, null, (db) => provideUnit(program, AnalystTx, { db }, db), options),
    ping: oneAtATime(
      withinConnectBudget(
        Effect.tryPromise({ try: () => sql`select 1`.execute(connection.kysely), catch: toConnectionError }),
      ),
    ).pipe(Effect.asVoid),
    // On the owner's pool, which `ping` does not touch: readiness asks for both, and a probe that
    // waits on a connection still coming back must answer "not ready", not hang with the caller.
    migrations: oneAtATime(
      withinConnectBudget(
        migrationStatus(CONNECT_BUDGET_MS).pipe(Effect.provideService(DatabaseConnection, connection)),
      ),
    ),
  })
}
