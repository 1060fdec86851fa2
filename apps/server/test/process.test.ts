import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { address, launch, run, runWithin } from "./launch.ts"

describe("the runtime", () => {
  it("is Node 24, not the machine's older Node", () => {
    expect(process.version).toMatch(/^v24\./)
  })
})

describe("the admin CLI", () => {
  it("explains itself and each command", async () => {
    const overview = await run(["--help"])
    expect(overview.code).toBe(0)
    for (const command of ["migrate", "seed", "tenants list", "serve", "start"])
      expect(overview.stdout).toContain(command)
    for (const command of [["migrate"], ["seed"], ["tenants", "list"], ["serve"], ["start"]]) {
      const help = await run([...command, "--help"])
      expect(help.code, command.join(" ")).toBe(0)
      expect(help.stdout).toContain(`pnpm platform ${command.join(" ")}`)
    }
  })

  it("lists every configuration variable in its overview", async () => {
    const overview = await run(["--help"])
    for (const name of [
      "PORT",
      "HOST",
      "PUBLIC_URL",
      "DATABASE_URL",
      "DATABASE_APP_URL",
      "DATABASE_POOL_SIZE",
      "DATA_DIR",
      "APP_SECRET",
      "LOG_LEVEL",
      "SHUTDOWN_GRACE_MS",
    ]) {
      expect(overview.stdout).toMatch(new RegExp(`^ +${name} `, "m"))
    }
  })

  it.each([
    [["seed", "--demoo"], "unknown option: --demoo"],
    [["seed", "--demo=yes"], "takes no value"],
    [["seed", "now"], "unexpected argument: now"],
    [["tenants", "list", "--kind"], "needs a value"],
    [["tenants", "list", "--kind", "village"], "expected province, city or ministry"],
    [["audit", "verify", "--tenant", "Hồ Chí Minh"], "expected a tenant code"],
  ])("refuses %j with a reason in both languages, exit code 2, before opening any database", async (args, reason) => {
    const scratch = mkdtempSync(join(tmpdir(), "abroad-cli-"))
    try {
      const dataDir = join(scratch, "pglite")
      const result = await run(args, { DATA_DIR: dataDir })
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(reason)
      expect(result.stderr).toContain(" / ")
      // Vietnamese first: every refusal holds a word only Vietnamese spells so.
      expect(result.stderr).toMatch(/Tùy chọn|giá trị|Đối số|cần/)
      expect(existsSync(dataDir)).toBe(false)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })

  it("refuses an unknown command with the usage", async () => {
    const result = await run(["tenants", "delete"])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("unknown command")
  })

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://root@localhost/abroad"],
    ["LOG_LEVEL", "loud"],
    ["DATABASE_POOL_SIZE", "0"],
  ])("refuses to start with %s=%s, naming the variable", async (name, value) => {
    const result = await run(["serve"], { [name]: value })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(name)
    expect(result.stderr).toContain("Invalid configuration")
  })

  it("names every bad variable at once", async () => {
    const result = await run(["serve"], { PORT: "abc", LOG_LEVEL: "loud", APP_SECRET: "short" })
    expect(result.code).toBe(1)
    for (const name of ["PORT", "LOG_LEVEL", "APP_SECRET"]) expect(result.stderr).toContain(`${name}: `)
  })

  it("names DATABASE_URL when PostgreSQL cannot be reached, and DATA_DIR when the folder cannot hold a database", async () => {
    // Port 1: nothing listens there, so the connection is refused at once.
    const postgres = await run(["migrate"], { DATABASE_URL: "postgres://abroad:hunter2@127.0.0.1:1/abroad" })
    expect(postgres.code).toBe(1)
    expect(postgres.stderr).toContain("DATABASE_URL")
    expect(postgres.stderr).toContain("127.0.0.1:1/abroad")
    expect(postgres.stderr).not.toContain("hunter2")
    expect(postgres.stderr).not.toContain("    at ")

    const scratch = mkdtempSync(join(tmpdir(), "abroad-cli-"))
    try {
      const notAFolder = join(scratch, "file")
      writeFileSync(notAFolder, "")
      const embedded = await run(["migrate"], { DATA_DIR: notAFolder })
      expect(embedded.code).toBe(1)
      expect(embedded.stderr).toContain("DATA_DIR")
      expect(embedded.stderr).toContain(notAFolder)
      expect(embedded.stderr).not.toContain("    at ")
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })
})

describe("the server process", () => {
  const scratch = mkdtempSync(join(tmpdir(), "abroad-server-"))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))
  // As in a fresh clone, where not even the folder above the data folder exists yet.
  const dataDir = join(scratch, ".data", "pglite")
  const env = { DATA_DIR: dataDir, PORT: "0", SHUTDOWN_GRACE_MS: "10000" }

  it("starts on the embedded database, drains in-flight requests on SIGTERM and exits cleanly", async () => {
    const server = launch(["start", "--demo"], env)
    const url = await address(server.output, server.child)
    expect(server.output()).toContain("demo accounts")
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await fetch(`${url}/readyz`)).status).toBe(200)

    // Many requests in flight (the embedded database serves them one by one), then SIGTERM
    // as soon as the first has answered: every one of them must still complete.
    const inFlight = Array.from({ length: 30 }, () => fetch(`${url}/api/tenants`).then((r) => r.status))
    await Promise.race(inFlight)
    server.child.kill("SIGTERM")
    expect(await Promise.all(inFlight)).toEqual(Array.from({ length: 30 }, () => 200))
    const exit = await server.finished
    expect(exit.code).toBe(0)
    // Besides the banner for the person who started it, stdout is the log: one JSON object per
    // line, every one of one shape, and the last one says the process stopped.
    const lines = exit.stdout.trimEnd().split("\n")
    const banner = lines.filter((line) => !line.startsWith("{"))
    expect(banner.some((line) => line.includes("running at"))).toBe(true)
    const firstRequest = lines.findIndex((line) => line.includes('"message":"request"'))
    expect(lines.slice(firstRequest).filter((line) => !line.startsWith("{"))).toEqual([])
    const entries = lines
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(entries.length).toBeGreaterThan(30)
    for (const entry of entries) {
      expect(Object.keys(entry).slice(0, 3)).toEqual(["time", "level", "message"])
      expect(new Date(String(entry.time)).toISOString()).toBe(entry.time)
      expect(["debug", "info", "warn", "error"]).toContain(entry.level)
    }
    expect(entries.filter((e) => e.message === "request")).toHaveLength(32)
    expect(entries.find((e) => e.message === "listening")).toMatchObject({ url, database: "pglite" })
    expect(entries.at(-1)).toMatchObject({ level: "info", message: "stopped" })
  })

  it("keeps a second process off its data folder while it runs", async () => {
    const server = launch(["serve"], env)
    await address(server.output, server.child)
    const seeding = await run(["seed"], env)
    server.child.kill("SIGTERM")
    expect((await server.finished).code).toBe(0)
    expect(seeding.code).toBe(1)
    expect(seeding.stderr).toContain("DATA_DIR")
    expect(seeding.stderr).toContain(dataDir)
    expect(seeding.stderr).toContain(`pid ${server.child.pid}`)
    expect(seeding.stderr).toContain("is in use by another process")
    // Once it has stopped, the folder is free again.
    expect((await run(["seed"], env)).code).toBe(0)
  })

  it("keeps the data across a restart, without seeding again", async () => {
    const server = launch(["serve"], env)
    const url = await address(server.output, server.child)
    const body = (await (await fetch(`${url}/api/tenants`)).json()) as { tenants: Array<unknown> }
    expect(body.tenants).toHaveLength(85)
    server.child.kill("SIGTERM")
    expect((await server.finished).code).toBe(0)
    const listed = await run(["tenants", "list", "--json"], env)
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toHaveLength(85)
  })

  it("says so plainly when its port is taken", async () => {
    const first = launch(["serve"], env)
    const url = await address(first.output, first.child)
    const second = await run(["start"], { ...env, PORT: new URL(url).port, DATA_DIR: join(scratch, "other") })
    first.child.kill("SIGTERM")
    await first.finished
    expect(second.code).toBe(1)
    expect(second.stderr).toContain("set PORT to a free port")
    expect(second.stderr).not.toContain("    at ")
  })

  it("will not serve a database whose migrations are pending; migrate and seed each finish and exit", async () => {
    const empty = mkdtempSync(join(tmpdir(), "abroad-empty-"))
    try {
      const result = await run(["serve"], { ...env, DATA_DIR: empty })
      expect(result.code).toBe(1)
      expect(result.stdout).toContain("pnpm platform migrate")
      // Each command closes the embedded database and exits by itself: a command that only
      // used the owner's channel once left PGlite open and never returned.
      const migrated = await runWithin(["migrate"], { ...env, DATA_DIR: empty })
      expect(migrated.code).toBe(0)
      const seeded = await runWithin(["seed"], { ...env, DATA_DIR: empty })
      expect(seeded.code).toBe(0)
      expect(seeded.stdout).toContain("85 tenants")
      const listed = await runWithin(["tenants", "list"], { ...env, DATA_DIR: empty })
      expect(listed.code).toBe(0)
      expect(listed.stdout).toContain("85 tenants")
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
