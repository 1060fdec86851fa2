import {
  type AbortableOperationOptions,
  CompiledQuery,
  type ControlConnectionProvider,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from "kysely"

/**
 * Every unit of work of a request opens with `begin` and then, at once, the statement that sets
 * its role, tenant and timeout (database.ts). Sent one after the other, each waits a whole round
 * trip for the server's answer — at national scale one request's units of work were a quarter
 * `begin`s (README, Performance). This driver sends `begin` when the transaction's first
 * statement goes, in the same write (PostgreSQL takes statements pipelined on one connection and
 * answers them in order): one round trip for both. The unit's settings go further: sent
 * `unanswered`, they leave in that same write with the program's first statement (the session's
 * lookup), so that a request's transaction opens in one round trip where it took two. Nothing
 * changes in what the server runs, or in the statements Kysely logs (though it logs settings that
 * fail as answered, and their error against the statement behind them); a transaction with
 * settings of its own (isolation, access mode) begins as usual.
 */
export class PipelinedBeginDialect implements Dialect {
  readonly #inner: Dialect
  constructor(inner: Dialect) {
    this.#inner = inner
  }
  createAdapter() {
    return this.#inner.createAdapter()
  }
  createDriver(): Driver {
    return new PipelinedBeginDriver(this.#inner.createDriver())
  }
  createQueryCompiler() {
    return this.#inner.createQueryCompiler()
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own signature
  createIntrospector(db: Kysely<any>) {
    return this.#inner.createIntrospector(db)
  }
}

const BEGIN = CompiledQuery.raw("begin")
/** `begin` as the log lists it, at once, when it leaves with the statement behind it: it is not sent again. */
const BEGIN_AS_LOGGED = CompiledQuery.raw("begin")

/** What Kysely is told of a statement sent unanswered (`unanswered`): its real answer is `answerOf`'s. */
const NOT_YET_ANSWERED: QueryResult<never> = Object.freeze({ rows: Object.freeze([]) as never })

const sentUnanswered = new WeakSet<CompiledQuery>()
const answers = new WeakMap<CompiledQuery, Promise<unknown>>()

/**
 * Marks a statement sent for its effect alone (the unit's settings: database.ts): this driver
 * sends it and tells Kysely at once that it is done, so that the transaction's next statement
 * leaves in the same write instead of a round trip later (Kysely sends a transaction's statements
 * one at a time: README, Performance, finding 17). Its real answer, and its failure if it failed,
 * is `answerOf(query)`'s. PostgreSQL runs pipelined statements in order, and a failed one aborts
 * the transaction: every statement behind it fails too, and this one's error is the one to tell.
 */
export const unanswered = (query: CompiledQuery): CompiledQuery => {
  sentUnanswered.add(query)
  return query
}

/**
 * The answer of a statement marked `unanswered` that this driver sent without waiting; undefined
 * when it was answered before Kysely went on (another driver: PGlite's), so that what Kysely
 * returned was its answer.
 */
export const answerOf = (query: CompiledQuery): Promise<unknown> | undefined => answers.get(query)

/** One connection, which remembers a `begin` it has yet to send. */
class PipelinedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection
  beginPending = false
  /** Between the driver's begin and its commit or rollback: only there may a statement go unanswered. */
  inTransaction = false
  /** The answer of the last statement sent unanswered in this transaction: commit waits for it. */
  unansweredYet: Promise<unknown> | undefined
  constructor(inner: DatabaseConnection) {
    this.inner = inner
  }

  /**
   * Kysely wraps this method to log what it runs (and a test counts statements from that log).
   * A pending `begin` goes to the server with the statement behind it, and is logged first through
   * the wrapped method, at once, so that the log lists what the server hears in its order.
   */
  executeQuery<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
    if (query === BEGIN_AS_LOGGED) return Promise.resolve(NOT_YET_ANSWERED)
    // Outside a transaction nothing would wait for its answer before the connection goes back to
    // the pool: there it is sent and answered as any other.
    if (!(sentUnanswered.has(query) && this.inTransaction)) return this.#afterPendingBegin(query, options)
    // Written with what follows it (postgres.js writes what a tick sent at once).
    const answer = this.#afterPendingBegin<R>(query, options)
    // Whoever asks `answerOf` hears a failure; nobody else need.
    answer.catch(() => undefined)
    answers.set(query, answer)
    this.unansweredYet = answer
    return Promise.resolve(NOT_YET_ANSWERED)
  }

  /** Sends `query`, behind `begin` in the same write when one is pending. */
  #afterPendingBegin<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
    if (!this.beginPending) return this.inner.executeQuery(query, options)
    this.beginPending = false
    void this.executeQuery(BEGIN_AS_LOGGED)
    // Both are written before either is answered: postgres.js pipelines statements on a
    // connection that is busy. Had `begin` failed, the statement behind it fails as well;
    // its own error is the one worth telling.
    const begun = this.inner.executeQuery(BEGIN)
    const answered = this.inner.executeQuery<R>(query, options)
    return begun.then(
      () => answered,
      async (error: unknown) => {
        await answered.catch(() => undefined)
        throw error
      },
    )
  }

  streamQuery<R>(
    query: CompiledQuery,
    chunkSize: number,
    options?: AbortableOperationOptions,
  ): AsyncIterableIterator<QueryResult<R>> {
    if (this.beginPending) throw new Error("a stream cannot open a transaction whose begin is pending")
    return this.inner.streamQuery(query, chunkSize, options)
  }

  // Cancelling a statement, as the driver does it.
  cancelQuery(control: ControlConnectionProvider): Promise<void> {
    return this.inner.cancelQuery?.(control) ?? Promise.resolve()
  }
  killSession(control: ControlConnectionProvider): Promise<void> {
    return this.inner.killSession?.(control) ?? Promise.resolve()
  }
  collectSessionInfo(): Promise<void> {
    return this.inner.collectSessionInfo?.() ?? Promise.resolve()
  }
}

const pipelined = (connection: DatabaseConnection): PipelinedConnection => {
  if (!(connection instanceof PipelinedConnection)) throw new Error("not a connection of this driver")
  return connection
}

/** The transaction on `connection` is ending: returns the answer its commit must wait for, if any. */
const ended = (connection: PipelinedConnection): Promise<unknown> | undefined => {
  const unanswered = connection.unansweredYet
  connection.unansweredYet = undefined
  connection.inTransaction = false
  return unanswered
}

class PipelinedBeginDriver implements Driver {
  readonly #inner: Driver
  constructor(inner: Driver) {
    this.#inner = inner
  }
  init() {
    return this.#inner.init()
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PipelinedConnection(await this.#inner.acquireConnection())
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const own = pipelined(connection)
    own.inTransaction = true
    // Through this connection, so that what the driver sends is logged as before.
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      return this.#inner.beginTransaction(own, settings)
    }
    own.beginPending = true
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const own = pipelined(connection)
    const unanswered = ended(own)
    // Nothing was sent: there is nothing to end.
    if (own.beginPending) {
      own.beginPending = false
      return
    }
    // A statement sent unanswered that failed aborted the transaction, and PostgreSQL would take
    // this commit as a rollback without a word: the caller hears the failure instead. (The units
    // of database.ts never commit after one; this holds for whoever else would.)
    const failure = await unanswered?.then(
      () => undefined,
      (error: unknown) => ({ error }),
    )
    if (failure !== undefined) {
      await this.#inner.rollbackTransaction(own)
      throw failure.error
    }
    await this.#inner.commitTransaction(own)
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const own = pipelined(connection)
    ended(own)
    if (own.beginPending) own.beginPending = false
    else await this.#inner.rollbackTransaction(own)
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const own = pipelined(connection)
    ended(own)
    own.beginPending = false
    return this.#inner.releaseConnection(own.inner)
  }
  destroy() {
    return this.#inner.destroy()
  }
}
