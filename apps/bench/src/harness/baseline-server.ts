/**
 * The bare baseline: the platform's SQL served by a minimal Hono handler through postgres.js, with
 * no sign-in, no row-level security (the owner's login, the tenant named in the SQL), no Effect and
 * no plugins. Run as its own process, like the platform, by the harness:
 *   node apps/bench/src/harness/baseline-server.ts <statements.json>
 * with BASELINE_DATABASE_URL, FLOOR_DATABASE_URL, PORT, BASELINE_POOL_SIZE and BASELINE_PROCESSES in
 * the environment. The same processes serve the design's floor (design-floor.ts) at `/floor/…`, on
 * the request login's pool (FLOOR_DATABASE_URL) with a pool as large.
 * With BASELINE_PROCESSES above 1 it serves in that many processes sharing the port through
 * `node:cluster`, each with its own pool, as the platform does with SERVER_PROCESSES: the same
 * cores for both sides.
 */
import cluster from "node:cluster"
import { readFileSync } from "node:fs"
import { serve } from "@hono/node-server"
import { Hono } from "hono"
import postgres from "postgres"
import { freshen, runPrepared, type Statement } from "./capture.ts"
import { type FloorVariant, serveFloor } from "./design-floor.ts"

/**
 * One variant as the baseline serves it: the statements with the tenant explicit, and what must be
 * fresh; and as the design's floor serves it.
 */
export interface BaselineVariant {
  readonly statements: ReadonlyArray<Statement>
  readonly freshValues: ReadonlyArray<string>
  readonly floor: FloorVariant
}

/** What the harness hands over: per scenario, its variants. */
export type BaselineStatements = Readonly<Record<string, ReadonlyArray<BaselineVariant>>>

const file = process.argv[2]
const url = process.env.BASELINE_DATABASE_URL
const floorUrl = process.env.FLOOR_DATABASE_URL
if (file === undefined || url === undefined || floorUrl === undefined) {
  process.stderr.write(
    "usage: BASELINE_DATABASE_URL=… FLOOR_DATABASE_URL=… PORT=… baseline-server.ts <statements.json>\n",
  )
  process.exit(2)
}
const processes = Number(process.env.BASELINE_PROCESSES ?? 1)
if (cluster.isPrimary && processes > 1) {
  let listening = 0
  const workers = Array.from({ length: processes }, () => cluster.fork())
  for (const worker of workers) {
    worker.on("message", (message: { port?: number }) => {
      listening += 1
      if (listening === processes) process.stdout.write(`baseline listening on http://127.0.0.1:${message.port}\n`)
    })
    worker.on("exit", (code) => {
      if (code !== 0) process.exit(code ?? 1)
    })
  }
  const stop = () => {
    for (const worker of workers) worker.process.kill("SIGTERM")
    cluster.disconnect(() => process.exit(0))
  }
  process.once("SIGTERM", stop)
  process.once("SIGINT", stop)
} else {
  serveBaseline(file, url, floorUrl)
}

function serveBaseline(file: string, url: string, floorUrl: string) {
  const scenarios = JSON.parse(readFileSync(file, "utf8")) as BaselineStatements
  const poolSize = Number(process.env.BASELINE_POOL_SIZE ?? 10)
  const sql = postgres(url, { max: poolSize, onnotice: () => {} })
  const floorSql = postgres(floorUrl, { max: poolSize, onnotice: () => {} })

  const app = new Hono()
  const serveVariant = async (scenario: string, index: number) => {
    const variant = scenarios[scenario]?.[index]
    if (variant === undefined) return undefined
    const statements = freshen(variant.statements, variant.freshValues)
    if (statements.length === 1) return await runPrepared(sql, statements)
    // Several statements are one unit of work, as on the platform, whose `begin` goes in the same
    // write as the first statement (pipelined-begin.ts); postgres.js's own `begin` waits for its answer.
    const connection = await sql.reserve()
    try {
      const [, rows] = await Promise.all([connection`begin`, runPrepared(connection, statements)])
      await connection`commit`
      return rows
    } catch (error) {
      await connection`rollback`.catch(() => undefined)
      throw error
    } finally {
      connection.release()
    }
  }
  // GET for reads, POST for writes: the method the platform's request uses.
  for (const method of ["get", "post"] as const) {
    app[method]("/baseline/:scenario", async (c) => {
      const rows = await serveVariant(c.req.param("scenario"), Number(c.req.query("v") ?? 0))
      return rows === undefined ? c.json({ error: "no such scenario or variant" }, 404) : c.json({ rows })
    })
    app[method]("/floor/:scenario", async (c) => {
      const variant = scenarios[c.req.param("scenario")]?.[Number(c.req.query("v") ?? 0)]
      if (variant === undefined) return c.json({ error: "no such scenario or variant" }, 404)
      const answer = await serveFloor(floorSql, variant.floor, c.req.header("authorization"))
      if (answer.kind === "refused") return c.json({ error: "no session" }, 401)
      if (answer.kind === "forbidden") return c.json({ error: "not allowed" }, 403)
      return c.json({ rows: answer.rows })
    })
  }

  const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" }, (info) => {
    // A worker tells its primary, which says so once all of them listen.
    if (cluster.isWorker) process.send?.({ port: info.port })
    else process.stdout.write(`baseline listening on http://127.0.0.1:${info.port}\n`)
  })
  const stop = () => {
    server.close()
    void Promise.all([sql.end({ timeout: 2 }), floorSql.end({ timeout: 2 })]).then(() => process.exit(0))
  }
  process.once("SIGTERM", stop)
  process.once("SIGINT", stop)
}
