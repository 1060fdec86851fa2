import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { CONFIG_VARIABLES, DEFAULT_DATA_DIR, type InvalidConfig, loadConfig, type ServerConfig } from "../src/config.ts"

const load = (env: Record<string, string>): ServerConfig => Effect.runSync(loadConfig(env))

const refusal = (env: Record<string, string>): InvalidConfig => {
  const exit = Effect.runSyncExit(Effect.flip(loadConfig(env)))
  if (Exit.isFailure(exit)) throw new Error(`expected a refusal, got a configuration for ${JSON.stringify(env)}`)
  return exit.value
}

describe("the configuration", () => {
  it("starts on the embedded database with the defaults when nothing is set", () => {
    expect(load({})).toEqual({
      port: 3000,
      host: "127.0.0.1",
      database: { _tag: "pglite", dataDir: DEFAULT_DATA_DIR },
      logLevel: "info",
      shutdownGraceMs: 10_000,
      appSecret: undefined,
      publicUrl: undefined,
      pluginDeliveryMaxAttempts: 8,
      processes: 1,
    })
  })

  it("treats an empty variable as unset", () => {
    expect(load({ PORT: "", DATABASE_URL: "", APP_SECRET: "", PUBLIC_URL: "" })).toEqual(load({}))
  })

  it("reads every variable", () => {
    const config = load({
      PORT: "0",
      HOST: "0.0.0.0",
      DATABASE_URL: "postgres://abroad_owner@db:5432/abroad",
      DATABASE_APP_URL: "postgresql://abroad_request@db:5432/abroad",
      DATABASE_POOL_SIZE: "25",
      LOG_LEVEL: "warn",
      SHUTDOWN_GRACE_MS: "0",
      PUBLIC_URL: "https://dangvien.example.vn",
      SERVER_PROCESSES: "4",
    })
    expect(config).toMatchObject({
      processes: 4,
      port: 0,
      host: "0.0.0.0",
      database: {
        _tag: "postgres",
        url: "postgres://abroad_owner@db:5432/abroad",
        appUrl: "postgresql://abroad_request@db:5432/abroad",
        poolSize: 25,
      },
      logLevel: "warn",
      shutdownGraceMs: 0,
    })
    expect(config.publicUrl?.origin).toBe("https://dangvien.example.vn")
  })

  it.each([
    ["64 hex characters", (key: Buffer) => key.toString("hex")],
    ["upper-case hex", (key: Buffer) => key.toString("hex").toUpperCase()],
    ["base64", (key: Buffer) => key.toString("base64")],
    ["base64 without padding", (key: Buffer) => key.toString("base64").replace(/=+$/, "")],
    ["URL-safe base64", (key: Buffer) => key.toString("base64url")],
  ])("takes APP_SECRET as %s, and it is the same 32 bytes", (_, write) => {
    const key = randomBytes(32)
    const config = load({ APP_SECRET: write(key) })
    expect(config.appSecret).toEqual(new Uint8Array(key))
  })

  it.each([
    ["too short", randomBytes(16).toString("hex")],
    ["too long", randomBytes(33).toString("base64")],
    ["hex with a stray letter", `${randomBytes(31).toString("hex")}zz`],
    ["a passphrase", "correct horse battery staple"],
  ])("refuses an APP_SECRET that is %s, without echoing it", (_, secret) => {
    const error = refusal({ APP_SECRET: secret })
    expect(error.issues.map((i) => i.variable)).toEqual(["APP_SECRET"])
    expect(error.message).toContain("APP_SECRET")
    expect(error.message).toContain("32")
    expect(error.message).not.toContain(secret)
  })

  it.each([
    ["not a URL", "dangvien.example.vn"],
    ["not http", "ftp://dangvien.example.vn"],
    ["with a query", "https://dangvien.example.vn/?tenant=hcm"],
    ["with credentials", "https://admin:secret@dangvien.example.vn"],
  ])("refuses a PUBLIC_URL %s", (_, url) => {
    const error = refusal({ PUBLIC_URL: url })
    expect(error.issues.map((i) => i.variable)).toEqual(["PUBLIC_URL"])
    expect(error.message).not.toContain("secret")
  })

  it("reports every bad variable at once, each in Vietnamese and English", () => {
    const error = refusal({
      PORT: "abc",
      HOST: "http://0.0.0.0",
      DATABASE_URL: "mysql://root:hunter2@localhost/abroad",
      DATABASE_POOL_SIZE: "0",
      LOG_LEVEL: "loud",
      SHUTDOWN_GRACE_MS: "-1",
      APP_SECRET: "short",
      PUBLIC_URL: "not a url",
    })
    expect(error.issues.map((i) => i.variable)).toEqual([
      "PORT",
      "HOST",
      "DATABASE_URL",
      "DATABASE_POOL_SIZE",
      "LOG_LEVEL",
      "SHUTDOWN_GRACE_MS",
      "APP_SECRET",
      "PUBLIC_URL",
    ])
    for (const issue of error.issues) {
      expect(issue.vi, issue.variable).not.toBe("")
      expect(issue.en, issue.variable).not.toBe("")
      expect(issue.vi, issue.variable).not.toBe(issue.en)
      expect(error.message).toContain(`${issue.variable}: ${issue.vi} / ${issue.en}`)
    }
    expect(error.message).toContain("Cấu hình không hợp lệ / Invalid configuration")
    // A database URL may carry a password: the message names the variable, never its value.
    expect(error.message).not.toContain("hunter2")
  })

  it.each([
    ["PORT", "70000"],
    ["PORT", "3000.5"],
    ["DATABASE_POOL_SIZE", "201"],
    ["DATABASE_URL", "not a url"],
    ["DATABASE_APP_URL", "http://db/abroad"],
    ["LOG_LEVEL", "INFO"],
    ["SERVER_PROCESSES", "0"],
    ["SERVER_PROCESSES", "65"],
    ["SERVER_PROCESSES", "two"],
  ])("refuses %s=%s, naming it", (name, value) => {
    const extra =
      name === "DATABASE_APP_URL" || name === "SERVER_PROCESSES" ? { DATABASE_URL: "postgres://db/abroad" } : {}
    expect(refusal({ ...extra, [name]: value }).issues.map((i) => i.variable)).toEqual([name])
  })

  it("serves in one process per core with SERVER_PROCESSES=auto", () => {
    const config = load({ DATABASE_URL: "postgres://db/abroad", SERVER_PROCESSES: "auto" })
    expect(config.processes).toBe(Math.min(64, availableParallelism()))
  })

  it("refuses several processes on the embedded database, which one process holds", () => {
    const error = refusal({ SERVER_PROCESSES: "2" })
    expect(error.issues).toEqual([
      {
        variable: "SERVER_PROCESSES",
        vi: expect.stringContaining("PostgreSQL"),
        en: "more than 1 process needs PostgreSQL (DATABASE_URL): the embedded database belongs to one process",
      },
    ])
  })

  it("refuses a request login without the owner login", () => {
    const error = refusal({ DATABASE_APP_URL: "postgres://abroad_request@db/abroad" })
    expect(error.issues).toEqual([
      { variable: "DATABASE_APP_URL", vi: expect.stringContaining("DATABASE_URL"), en: expect.any(String) },
    ])
  })

  it("lists every variable it reads, for the CLI's help and the README", () => {
    const read = new Set<string>()
    const watched = new Proxy({} as Record<string, string | undefined>, {
      get: (_, name) => {
        if (typeof name === "string") read.add(name)
        return undefined
      },
    })
    Effect.runSync(loadConfig(watched))
    const listed = CONFIG_VARIABLES.map((v) => v.name)
    expect([...listed].sort()).toEqual([...read].sort())
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "..", "README.md"), "utf8")
    for (const name of listed) expect(readme, name).toMatch(new RegExp(`^\\| \`${name}\`\\s`, "m"))
  })
})
