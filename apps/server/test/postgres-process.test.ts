/** The server process on PostgreSQL, as an operator runs and watches it. */
import { randomBytes } from "node:crypto"
import { createTestDatabase, dialectAvailable, setDatabaseReachable, type TestDatabase } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { address, launch } from "./launch.ts"

const logOf = (stdout: string) =>
  stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe.skipIf(!(await dialectAvailable("postgres")))("the server process on PostgreSQL", () => {
  let db: TestDatabase
  beforeAll(async () => {
    db = await createTestDatabase("postgres")
  })
  afterAll(async () => {
    await setDatabaseReachable(db, true)
    await db?.drop()
  })

  it("warns when requests share the owner login, and logs why readiness fails", async () => {
    const env = {
      DATABASE_URL: db.url ?? "",
      PORT: "0",
      APP_SECRET: randomBytes(32).toString("hex"),
      SHUTDOWN_GRACE_MS: "2000",
    }
    const server = launch(["start"], env)
    const url = await address(server.output, server.child)
    try {
      const warning = logOf(server.output()).find((entry) => entry.level === "warn")
      expect(warning?.message).toContain("DATABASE_APP_URL")
      expect(warning?.message).toContain("SET ROLE")
      expect(warning?.message).toContain("infra/postgres/request-login.sql")

      expect((await fetch(`${url}/readyz`)).status).toBe(200)
      await setDatabaseReachable(db, false)
      expect((await fetch(`${url}/readyz`)).status).toBe(503)
      await setDatabaseReachable(db, true)
    } finally {
      server.child.kill("SIGTERM")
    }
    const exit = await server.finished
    expect(exit.code).toBe(0)
    const failed = logOf(exit.stdout).find((entry) => entry.route === "/readyz" && entry.status === 503)
    // What the driver said — the operator's first clue — with nothing of the connection's secrets.
    expect(failed?.failure).toMatch(
      /DatabaseError: .*(terminat|not currently accepting connections|ECONNRESET|CONNECTION_)/,
    )
  })
})
