import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const MAIN = join(import.meta.dirname, "..", "src", "main.ts")

interface Finished {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs the platform's CLI as a user would, on the Node this suite runs on. */
const launch = (args: ReadonlyArray<string>, env: Record<string, string>) => {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  let stdout = ""
  let stderr = ""
  child.stdout.on("data", (chunk) => {
    stdout += chunk
  })
  child.stderr.on("data", (chunk) => {
    stderr += chunk
  })
  const finished = new Promise<Finished>((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })))
  const output = () => stdout
  return { child, finished, output }
}

const run = (args: ReadonlyArray<string>, env: Record<string, string> = {}) => launch(args, env).finished

/** Like `run`, but a command still running after `ms` is killed and reported with code null. */
const runWithin = async (args: ReadonlyArray<string>, env: Record<string, string>, ms = 20_000) => {
  const launched = launch(args, env)
  const timer = setTimeout(() => launched.child.kill("SIGKILL"), ms)
  try {
    return await launched.finished
  } finally {
    clearTimeout(timer)
  }
}

/** Waits until the server prints its address, and returns it. */
const address = async (output: () => string, child: ChildProcess): Promise<string> => {
  for (let i = 0; i < 600; i++) {
    const match = /running at (http:\/\/[^\s]+)/.exec(output())
    if (match?.[1] !== undefined) return match[1]
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the server did not start:\n${output()}`)
}

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
    // Every line on stdout after start-up is one JSON object.
    const logLines = exit.stdout.split("\n").filter((line) => line.startsWith("{"))
    expect(logLines.length).toBeGreaterThan(30)
    for (const line of logLines) expect(() => JSON.parse(line)).not.toThrow()
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
