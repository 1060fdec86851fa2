/**
 * The PostgreSQL driver after a connection dies: what `patches/postgres@3.4.9.patch` fixes in
 * postgres.js 3.4.9 (upstream issues #1195, #1199, #1208, and statements a reservation queued on a
 * connection that then closed). Without the patch a pool whose reserved connection was cut keeps
 * a connection with no socket and never recovers, so the server would answer 503 until restarted
 * after a short database outage; and a request whose pipelined transaction met the cut waits for ever. */
import { dialectAvailable, TEST_POSTGRES_URL } from "@abroad/db/testing"
import postgres from "postgres"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const within = <A>(work: Promise<A>, ms = 5_000): Promise<A> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ])

const open = () => postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} })

/** Settles with "ok" or the error's code, never hangs. */
const attempt = (query: Promise<unknown>) =>
  within(query).then(
    () => "ok",
    (error: { code?: string; message: string }) => error.code ?? error.message,
  )

describe.skipIf(!(await dialectAvailable("postgres")))("postgres.js after a connection is cut", () => {
  let killer: postgres.Sql
  beforeAll(() => {
    killer = open()
  })
  afterAll(() => killer.end({ timeout: 1 }))

  const backendOf = async (sql: postgres.ReservedSql) => {
    const [row] = await sql<Array<{ pid: number }>>`select pg_backend_pid() as pid`
    return row?.pid ?? 0
  }

  it("recovers once a reserved connection whose backend was terminated is released", async () => {
    const sql = open()
    try {
      const reserved = await sql.reserve()
      await killer`select pg_terminate_backend(${await backendOf(reserved)})`
      // Both fail, neither throws from a timer (#1208) nor hangs.
      expect(await attempt(reserved`select 1`)).not.toBe("ok")
      expect(await attempt(reserved`select 1`)).not.toBe("ok")
      reserved.release()
      const results: Array<string> = []
      for (let i = 0; i < 3; i++) results.push(await attempt(sql`select 1`))
      // At most the first may still meet the dying connection; then the pool has reconnected.
      expect(results.slice(1)).toEqual(["ok", "ok"])
    } finally {
      await sql.end({ timeout: 1 })
    }
  })

  it("still hands a connection to a reservation that was waiting when the connection was cut", async () => {
    const sql = open()
    try {
      const first = await sql.reserve()
      const pid = await backendOf(first)
      const waiting = sql.reserve()
      await killer`select pg_terminate_backend(${pid})`
      await new Promise((resolve) => setTimeout(resolve, 200))
      first.release()
      const second = await within(waiting)
      expect(await attempt(second`select 1`)).toBe("ok")
      second.release()
      expect(await attempt(sql`select 1`)).toBe("ok")
    } finally {
      await sql.end({ timeout: 1 })
    }
  })

  it("settles the statements a reservation queued behind its busy connection when the connection is cut", async () => {
    const sql = open()
    try {
      const reserved = await sql.reserve()
      const pid = await backendOf(reserved)
      // A statement with parameters that this connection has not prepared is described first, and
      // the connection counts as busy until then: what the reservation sends behind it waits in the
      // reservation's own queue. A pipelined transaction sends its settings and first statement so.
      const described = reserved`select pg_sleep(${2})`.execute()
      const queued = reserved`select 1`.execute()
      await killer`select pg_terminate_backend(${pid})`
      expect(await attempt(described)).not.toBe("ok")
      // Without the patch it waits for ever: "no answer within 5000 ms".
      expect(await attempt(queued)).toBe("CONNECTION_CLOSED")
      reserved.release()
      expect(await attempt(sql`select 1`)).toBe("ok")
    } finally {
      await sql.end({ timeout: 1 })
    }
  })

  // The owner's transactions (migrations, the owner's units) go through `sql.begin`.
  it.each([
    ["its statement in flight", false],
    ["its statement queued behind one described first", true],
  ])("runs a query that waited for the pool once a transaction's connection was cut with %s", async (_, queued) => {
    const sql = open()
    try {
      let pid = 0
      const transaction = sql.begin(async (tx) => {
        const [row] = await tx<Array<{ pid: number }>>`select pg_backend_pid() as pid`
        pid = row?.pid ?? 0
        const described = tx`select pg_sleep(${2})`.execute()
        if (!queued) return described
        return Promise.all([described, tx`select 1`.execute()])
      })
      while (pid === 0) await new Promise((resolve) => setTimeout(resolve, 10))
      // The pool's only connection is the transaction's: this one waits, and takes the connection next.
      const waiting = sql`select 1`.execute()
      await killer`select pg_terminate_backend(${pid})`
      expect(await attempt(transaction)).not.toBe("ok")
      // Without the patch the transaction's rollback goes to the connection as it reconnects for
      // this query, and fails it: CONNECTION_CLOSED, with the database up.
      expect(await attempt(waiting)).toBe("ok")
    } finally {
      await sql.end({ timeout: 1 })
    }
  })
})
