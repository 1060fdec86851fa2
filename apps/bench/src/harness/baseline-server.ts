/**
 * The bare baseline: the platform's SQL served by a minimal Hono handler through postgres.js, with
 * no sign-in, no row-level security (the owner's login, the tenant named in the SQL), no Effect and
 * no plugins. Run as its own process, like the platform, by the harness:
 *   node apps/bench/src/harness/baseline-server.ts <statements.json>
 * with BASELINE_DATABASE_URL, PORT and BASELINE_POOL_SIZE in the environment.
 */
import { readFileSync } from "node:fs"
import { serve } from "@hono/node-server"
import { Hono } from "hono"
import postgres from "postgres"
import type { Statement } from "./capture.ts"

/** What the harness hands over: per scenario, per variant, the statements with the tenant explicit. */
export type BaselineStatements = Readonly<Record<string, ReadonlyArray<ReadonlyArray<Statement>>>>

const file = process.argv[2]
const url = process.env.BASELINE_DATABASE_URL
if (file === undefined || url === undefined) {
  process.stderr.write("usage: BASELINE_DATABASE_URL=… PORT=… baseline-server.ts <statements.json>\n")
  process.exit(2)
}
const scenarios = JSON.parse(readFileSync(file, "utf8")) as BaselineStatements
const sql = postgres(url, { max: Number(process.env.BASELINE_POOL_SIZE ?? 10), onnotice: () => {} })

const app = new Hono()
app.get("/baseline/:scenario", async (c) => {
  const variants = scenarios[c.req.param("scenario")]
  const statements = variants?.[Number(c.req.query("v") ?? 0)]
  if (statements === undefined) return c.json({ error: "no such scenario or variant" }, 404)
  let rows: ReadonlyArray<unknown> = []
  for (const statement of statements) rows = await sql.unsafe(statement.text, statement.params as Array<never>)
  return c.json({ rows })
})

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`baseline listening on http://127.0.0.1:${info.port}\n`)
})
const stop = () => {
  server.close()
  void sql.end({ timeout: 2 }).then(() => process.exit(0))
}
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
