import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  sql,
} from "kysely"
import { describe, expect, it } from "vitest"
import { answerOf, PipelinedBeginDialect, unanswered } from "../src/pipelined-begin.ts"

/**
 * A driver that records what reaches the server and answers each statement only when the test
 * says so: whether `begin` and the first statement leave together shows in what was sent before
 * any answer came back.
 */
const recordingDialect = (refuse: ReadonlySet<string> = new Set(), pipelined = true) => {
  const sent: Array<string> = []
  const waiting: Array<() => void> = []
  const connection: DatabaseConnection = {
    executeQuery: <R>(query: CompiledQuery) => {
      sent.push(query.sql)
      return new Promise<QueryResult<R>>((resolve, reject) => {
        waiting.push(() => (refuse.has(query.sql) ? reject(new Error(`refused: ${query.sql}`)) : resolve({ rows: [] })))
      })
    },
    streamQuery: () => {
      throw new Error("not used")
    },
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async (c, settings) => {
      await c.executeQuery(
        CompiledQuery.raw(
          settings.isolationLevel ? `start transaction isolation level ${settings.isolationLevel}` : "begin",
        ),
      )
    },
    commitTransaction: async (c) => {
      await c.executeQuery(CompiledQuery.raw("commit"))
    },
    rollbackTransaction: async (c) => {
      await c.executeQuery(CompiledQuery.raw("rollback"))
    },
    releaseConnection: async () => {},
    destroy: async () => {},
  }
  const inner: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => driver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  }
  const logged: Array<string> = []
  const db = new Kysely<Record<string, never>>({
    dialect: pipelined ? new PipelinedBeginDialect(inner) : inner,
    log: (event) => {
      logged.push(event.query.sql)
    },
  })
  /** Answers every statement sent so far, and lets the promises settle. */
  const answer = async () => {
    for (let round = 0; round < 10; round++) {
      for (const settle of waiting.splice(0)) settle()
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return { db, sent, logged, answer }
}

describe("a unit of work's begin goes with its first statement", () => {
  it("sends begin and the first statement before either is answered, then the rest in turn", async () => {
    const { db, sent, logged, answer } = recordingDialect()
    const trx = await db.startTransaction().execute()
    // Nothing goes to the server until there is a statement to send with it.
    expect(sent).toEqual([])
    const settings = sql`select set_config('role', 'abroad_app', true)`.execute(trx)
    await new Promise((resolve) => setImmediate(resolve))
    expect(sent).toEqual(["begin", "select set_config('role', 'abroad_app', true)"])
    await answer()
    await settings
    const query = sql`select 1`.execute(trx)
    await answer()
    await query
    const commit = trx.commit().execute()
    await answer()
    await commit
    expect(sent).toEqual(["begin", "select set_config('role', 'abroad_app', true)", "select 1", "commit"])
    // The log, which a test counts a request's statements by, still lists begin.
    expect(logged).toEqual(sent)
  })

  it("reports a begin the server refused, rather than the statement behind it", async () => {
    const { db, answer } = recordingDialect(new Set(["begin"]))
    const trx = await db.startTransaction().execute()
    const settings = sql`select 1`.execute(trx).then(
      () => undefined,
      (error: unknown) => error,
    )
    await answer()
    expect(await settings).toEqual(new Error("refused: begin"))
  })

  it("sends nothing for a unit of work that ends before its first statement", async () => {
    const { db, sent } = recordingDialect()
    await (await db.startTransaction().execute()).commit().execute()
    await (await db.startTransaction().execute()).rollback().execute()
    expect(sent).toEqual([])
  })

  it("begins as the driver does when the transaction has settings of its own", async () => {
    const { db, sent, answer } = recordingDialect()
    const started = db.startTransaction().setIsolationLevel("serializable").execute()
    await answer()
    const trx = await started
    expect(sent).toEqual(["start transaction isolation level serializable"])
    const rollback = trx.rollback().execute()
    await answer()
    await rollback
    expect(sent).toEqual(["start transaction isolation level serializable", "rollback"])
  })

  describe("a statement sent unanswered (the unit's settings)", () => {
    const settingsText = "select set_config('role', 'abroad_app', true)"

    it("leaves in the same write as begin and the statement after it: Kysely is not held back by its answer", async () => {
      const { db, sent, logged, answer } = recordingDialect()
      const trx = await db.startTransaction().execute()
      const settings = unanswered(sql.raw(settingsText).compile(trx))
      // Kysely hears at once that it is done, before the server has answered anything.
      await trx.executeQuery(settings)
      const query = sql`select 1`.execute(trx)
      await new Promise((resolve) => setImmediate(resolve))
      expect(sent).toEqual(["begin", settingsText, "select 1"])
      await answer()
      await query
      await expect(answerOf(settings)).resolves.toEqual({ rows: [] })
      const commit = trx.commit().execute()
      await answer()
      await commit
      expect(sent).toEqual(["begin", settingsText, "select 1", "commit"])
      // The log lists what the server heard, in its order, and begin once.
      expect(logged).toEqual(sent)
    })

    it("tells its own failure through answerOf, and a refused begin before it", async () => {
      for (const refused of [settingsText, "begin"]) {
        const { db, answer } = recordingDialect(new Set([refused]))
        const trx = await db.startTransaction().execute()
        const settings = unanswered(sql.raw(settingsText).compile(trx))
        await trx.executeQuery(settings)
        const outcome = answerOf(settings)?.then(
          () => "answered",
          (error: unknown) => error,
        )
        await answer()
        expect(await outcome).toEqual(new Error(`refused: ${refused}`))
      }
    })

    it("is answered as usual outside a transaction, where nothing would wait for its answer", async () => {
      const { db, sent, answer } = recordingDialect()
      const settings = unanswered(sql.raw(settingsText).compile(db))
      const told = db.executeQuery(settings).then(() => "answered")
      const first = await Promise.race([told, new Promise((resolve) => setTimeout(() => resolve("waiting"), 20))])
      expect(first).toBe("waiting")
      expect(sent).toEqual([settingsText])
      await answer()
      expect(await told).toBe("answered")
      expect(answerOf(settings)).toBeUndefined()
    })

    it("makes a commit after it failed roll back and throw its error, rather than end quietly", async () => {
      const { db, sent, answer } = recordingDialect(new Set([settingsText]))
      const trx = await db.startTransaction().execute()
      await trx.executeQuery(unanswered(sql.raw(settingsText).compile(trx)))
      const commit = trx
        .commit()
        .execute()
        .then(
          () => "committed",
          (error: unknown) => error,
        )
      await answer()
      expect(await commit).toEqual(new Error(`refused: ${settingsText}`))
      expect(sent).toEqual(["begin", settingsText, "rollback"])
    })

    it("is answered as usual by a driver that does not pipeline (PGlite's): answerOf has nothing to add", async () => {
      const { db, sent, answer } = recordingDialect(new Set(), false)
      const trx = db.startTransaction().execute()
      await answer()
      const settings = unanswered(sql.raw(settingsText).compile(await trx))
      const told = (await trx).executeQuery(settings).then(() => "answered")
      await new Promise((resolve) => setImmediate(resolve))
      expect(sent).toEqual(["begin", settingsText])
      // Kysely waits for the server here: what it returns is the answer.
      const first = await Promise.race([told, new Promise((resolve) => setTimeout(() => resolve("waiting"), 20))])
      expect(first).toBe("waiting")
      await answer()
      expect(await told).toBe("answered")
      expect(answerOf(settings)).toBeUndefined()
    })
  })
})
