/** Serving in several processes (SERVER_PROCESSES), as an operator runs, watches and stops it. */
import { randomBytes } from "node:crypto"
import { createTestDatabase, dialectAvailable, setDatabaseReachable, type TestDatabase } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { address, finishedWithin, launch, run } from "./launch.ts"

type LogLine = Record<string, unknown>

const logOf = (stdout: string): Array<LogLine> =>
  stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine)

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 30_000) => {
  for (const started = Date.now(); Date.now() - started < ms; ) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** A request on a connection of its own: the primary hands each new connection to the next worker. */
const freshRequest = (url: string) => fetch(`${url}/readyz`, { headers: { connection: "close" } })

describe.skipIf(!(await dialectAvailable("postgres")))("the server in several processes on PostgreSQL", () => {
  let db: TestDatabase
  let env: Record<string, string>
  beforeAll(async () => {
    db = await createTestDatabase("postgres")
    env = {
      DATABASE_URL: db.url ?? "",
      PORT: "0",
      APP_SECRET: randomBytes(32).toString("hex"),
      SHUTDOWN_GRACE_MS: "2000",
      SERVER_PROCESSES: "2",
    }
  }, 120_000)
  afterAll(() => db?.drop())

  it("refuses to serve a database behind its migrations: every process ends, and the primary says 1", async () => {
    const refused = await run(["serve"], env)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain("the database schema is behind")
    const started = logOf(refused.stdout).filter((line) => line.message === "listening")
    expect(started).toEqual([])
    // The worker that failed exits with 1, and the primary says so to the person at the terminal.
    expect(
      logOf(refused.stdout).find((line) => line.message === "a server process stopped unexpectedly"),
    ).toMatchObject({
      code: 1,
    })
    expect(refused.stderr).toContain("một tiến trình phục vụ không khởi động được")
    expect(refused.stderr).toContain("a serving process failed to start, so the others stop too")
  }, 120_000)

  it("serves from every process on one address, replaces a process that dies, and stops them all on SIGTERM", async () => {
    expect((await run(["migrate"], env)).code).toBe(0)
    const server = launch(["serve"], env)
    const url = await address(server.output, server.child)
    const log = () => logOf(server.output())
    const workers = () => log().filter((line) => line.message === "listening")
    try {
      // The address is printed once, when both processes serve, not once by each.
      expect(server.output().match(/running at/g)).toHaveLength(1)
      expect(
        workers()
          .map((line) => line.worker)
          .sort(),
      ).toEqual([1, 2])

      for (let i = 0; i < 10; i++) expect((await freshRequest(url)).status).toBe(200)
      const answeredBy = new Set(
        log()
          .filter((line) => line.route === "/readyz")
          .map((line) => line.worker),
      )
      expect(answeredBy).toEqual(new Set([1, 2]))

      const killed = workers()[0]?.pid as number
      process.kill(killed, "SIGKILL")
      await until("a replacement process", () => workers().length === 3)
      expect(log().find((line) => line.message === "a server process stopped unexpectedly")).toMatchObject({
        pid: killed,
        signal: "SIGKILL",
      })
      expect(workers()[2]?.worker).toBe(3)
      for (let i = 0; i < 6; i++) expect((await freshRequest(url)).status).toBe(200)
    } finally {
      server.child.kill("SIGTERM")
    }
    const exit = await server.finished
    expect(exit.code).toBe(0)
    // Each serving process drained and said so; none outlives the primary.
    const serving = workers()
      .slice(1)
      .map((line) => line.pid as number)
    expect(logOf(exit.stdout).filter((line) => line.message === "stopped")).toHaveLength(2)
    await until("the workers to end", () => serving.every((pid) => !alive(pid)), 10_000)
  }, 120_000)

  it("keeps serving while a replacement cannot start, and starts one once the database is back", async () => {
    const server = launch(["serve"], env)
    const url = await address(server.output, server.child)
    const log = () => logOf(server.output())
    const listening = () => log().filter((line) => line.message === "listening")
    try {
      await setDatabaseReachable(db, false)
      process.kill(listening()[0]?.pid as number, "SIGKILL")
      // The replacement fails at start (it cannot read the schema's state), and so would the next.
      await until(
        "a replacement to fail",
        () => log().filter((line) => line.message === "a server process stopped unexpectedly").length >= 2,
      )
      expect(log().some((line) => (line.waitMs as number) > 0)).toBe(true)
      // The process that still runs answers what needs no database.
      for (let i = 0; i < 4; i++)
        expect((await fetch(`${url}/healthz`, { headers: { connection: "close" } })).status).toBe(200)
      await setDatabaseReachable(db, true)
      await until("a replacement to serve", () => listening().length === 3, 60_000)
      expect((await freshRequest(url)).status).toBe(200)
    } finally {
      await setDatabaseReachable(db, true)
      server.child.kill("SIGTERM")
    }
    expect((await server.finished).code).toBe(0)
  }, 120_000)

  it("drains every process when the whole group gets SIGTERM, as systemd sends it", async () => {
    const server = launch(["serve"], env)
    await address(server.output, server.child)
    // The address is known once one worker listens; the other may still be starting (on a busy
    // machine it was, and then drained before it had said so).
    const listening = () => logOf(server.output()).filter((line) => line.message === "listening")
    await until("both workers listening", () => listening().length === 2)
    const pids = listening().map((line) => line.pid as number)
    // The primary forwards SIGTERM to its workers, which also have their own: neither may cut a drain.
    server.child.kill("SIGTERM")
    for (const pid of pids) process.kill(pid, "SIGTERM")
    const exit = await server.finished
    expect(exit.code).toBe(0)
    const lines = logOf(exit.stdout)
    expect(lines.filter((line) => line.message === "shutting down: draining in-flight requests")).toHaveLength(2)
    expect(lines.filter((line) => line.message === "stopped")).toHaveLength(2)
  }, 120_000)

  it("drains a server signalled the very moment it says it listens", async () => {
    // From its "listening" on, a server may hold requests: a SIGTERM then must be a drain, never a
    // kill (it was, until its handler was set, a moment later: CI caught a worker so).
    const server = launch(["serve"], { ...env, SERVER_PROCESSES: "1" })
    const signalOnListening = () => {
      if (!server.output().includes('"message":"listening"')) return
      server.child.kill("SIGTERM")
      server.child.stdout?.off("data", signalOnListening)
    }
    server.child.stdout?.on("data", signalOnListening)
    // A server that never says it listens is not left running past the test.
    const exit = await finishedWithin(server, 90_000)
    expect(exit.code).toBe(0)
    const lines = logOf(exit.stdout).map((line) => line.message)
    expect(lines).toContain("shutting down: draining in-flight requests")
    expect(lines.at(-1)).toBe("stopped")
  }, 120_000)
})
