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
 * answers them in order): one round trip for both. Nothing changes in what the server runs, or in
 * what Kysely logs; a transaction with settings of its own (isolation, access mode) begins as usual.
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

/** One connection, which remembers a `begin` it has yet to send. */
class PipelinedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection
  beginPending = false
  constructor(inner: DatabaseConnection) {
    this.inner = inner
  }

  /**
   * Kysely wraps this method to log what it runs (and a test counts statements from that log);
   * `begin` is sent through the wrapped method too, so the log stays what the server hears.
   */
  executeQuery<R>(query: CompiledQuery, options?: AbortableOperationOptions): Promise<QueryResult<R>> {
    if (!this.beginPending) return this.inner.executeQuery(query, options)
    this.beginPending = false
    // Both are written before either is answered: postgres.js pipelines statements on a
    // connection that is busy. Had `begin` failed, the statement behind it fails as well;
    // its own error is the one worth telling.
    const begun = this.executeQuery(BEGIN)
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
    // Through this connection, so that what the driver sends is logged as before.
    if (settings.isolationLevel !== undefined || settings.accessMode !== undefined) {
      return this.#inner.beginTransaction(own, settings)
    }
    own.beginPending = true
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const own = pipelined(connection)
    // Nothing was sent: there is nothing to end.
    if (own.beginPending) own.beginPending = false
    else await this.#inner.commitTransaction(own)
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const own = pipelined(connection)
    if (own.beginPending) own.beginPending = false
    else await this.#inner.rollbackTransaction(own)
  }
  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const own = pipelined(connection)
    own.beginPending = false
    return this.#inner.releaseConnection(own.inner)
  }
  destroy() {
    return this.#inner.destroy()
  }
}
