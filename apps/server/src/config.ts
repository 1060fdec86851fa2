import { availableParallelism } from "node:os"
import { join } from "node:path"
import type { DatabaseLocation } from "@abroad/db"
import { Effect, Schema } from "effect"
import { logWriter } from "./logging.ts"

export type LogLevel = "debug" | "info" | "warn" | "error"

/** Where the data lives; from the configuration the embedded database always has a folder. */
export type ConfiguredDatabase =
  | Extract<DatabaseLocation, { readonly _tag: "postgres" }>
  | { readonly _tag: "pglite"; readonly dataDir: string }

/** Everything the process reads from its environment, validated before anything starts. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly database: ConfiguredDatabase
  readonly logLevel: LogLevel
  readonly shutdownGraceMs: number
  /** The server's own secret (APP_SECRET), 32 bytes; kept out of the database and its backups. */
  readonly appSecret: Uint8Array | undefined
  /** The address users reach the platform at (PUBLIC_URL), when it is behind a proxy or a domain name. */
  readonly publicUrl: URL | undefined
  /** Failed attempts after which an event delivery to a plugin is parked for the tenant administrator. */
  readonly pluginDeliveryMaxAttempts: number
  /** Serving processes (server-processes.ts): 1 serves in this process; more need PostgreSQL. */
  readonly processes: number
}

const REPO_ROOT = join(import.meta.dirname, "..", "..", "..")
export const DEFAULT_DATA_DIR = join(REPO_ROOT, ".data", "pglite")

/** One variable the process reads, as the CLI's help and the README list it. */
export interface ConfigVariable {
  readonly name: string
  readonly fallback: string
  readonly meaning: string
}

/** Every variable, in the order the help lists them. */
export const CONFIG_VARIABLES: ReadonlyArray<ConfigVariable> = [
  { name: "PORT", fallback: "3000", meaning: "HTTP port (0: any free port)" },
  { name: "HOST", fallback: "127.0.0.1", meaning: "address to listen on" },
  { name: "PUBLIC_URL", fallback: "—", meaning: "the address users reach the platform at (https://…)" },
  { name: "DATABASE_URL", fallback: "—", meaning: "PostgreSQL, owner login (unset: embedded PGlite)" },
  { name: "DATABASE_APP_URL", fallback: "—", meaning: "PostgreSQL, request login (member of abroad_app only)" },
  { name: "DATABASE_POOL_SIZE", fallback: "10", meaning: "connections in the request pool (PostgreSQL)" },
  { name: "DATA_DIR", fallback: ".data/pglite", meaning: "folder of the embedded database" },
  { name: "APP_SECRET", fallback: "—", meaning: "32-byte server secret, 64 hex characters or base64" },
  { name: "LOG_LEVEL", fallback: "info", meaning: "debug, info, warn or error" },
  { name: "SHUTDOWN_GRACE_MS", fallback: "10000", meaning: "on SIGTERM, how long requests in flight may take" },
  {
    name: "SERVER_PROCESSES",
    fallback: "1",
    meaning: "serving processes, 1–64 or auto (one per core); more than 1 needs PostgreSQL",
  },
  {
    name: "PLUGIN_DELIVERY_MAX_ATTEMPTS",
    fallback: "8",
    meaning: "failed attempts after which an event for a plugin is parked (1–100)",
  },
]

/** What is wrong with one variable, in both languages. */
export interface ConfigIssue {
  readonly variable: string
  readonly vi: string
  readonly en: string
}

/** A configuration the process refuses to start with; `issues` names every bad variable. */
export class InvalidConfig extends Schema.TaggedError<InvalidConfig>()("InvalidConfig", {
  message: Schema.String,
  issues: Schema.Array(Schema.Struct({ variable: Schema.String, vi: Schema.String, en: Schema.String })),
}) {}

const invalidConfig = (issues: ReadonlyArray<ConfigIssue>) =>
  new InvalidConfig({
    message: [
      "Cấu hình không hợp lệ / Invalid configuration:",
      ...issues.map((issue) => `  ${issue.variable}: ${issue.vi} / ${issue.en}`),
    ].join("\n"),
    issues,
  })

type Reason = Omit<ConfigIssue, "variable">
type Parsed<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly reason: Reason }

const ok = <A>(value: A): Parsed<A> => ({ ok: true, value })
const refuse = (vi: string, en: string): Parsed<never> => ({ ok: false, reason: { vi, en } })

/** A value quoted back to the reader, short; never used for a URL or a secret, which may hold a password. */
const quoted = (raw: string) => JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)

const wholeNumber =
  (min: number, max: number) =>
  (raw: string): Parsed<number> => {
    const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN
    return value >= min && value <= max
      ? ok(value)
      : refuse(
          `phải là số nguyên từ ${min} đến ${max}, nhận được ${quoted(raw)}`,
          `must be a whole number from ${min} to ${max}, got ${quoted(raw)}`,
        )
  }

/** A number of processes, or `auto`: one per core the process may use. */
const processCount = (raw: string): Parsed<number> =>
  raw === "auto" ? ok(Math.min(64, availableParallelism())) : wholeNumber(1, 64)(raw)

const host = (raw: string): Parsed<string> =>
  /^[^\s/]+$/.test(raw)
    ? ok(raw)
    : refuse(
        `phải là tên máy hoặc địa chỉ IP (ví dụ 0.0.0.0), không phải URL, nhận được ${quoted(raw)}`,
        `must be a host name or IP address (e.g. 0.0.0.0), not a URL, got ${quoted(raw)}`,
      )

const LOG_LEVELS: ReadonlyArray<LogLevel> = ["debug", "info", "warn", "error"]

const logLevel = (raw: string): Parsed<LogLevel> => {
  const level = LOG_LEVELS.find((l) => l === raw)
  return level !== undefined
    ? ok(level)
    : refuse(
        `phải là debug, info, warn hoặc error, nhận được ${quoted(raw)}`,
        `must be debug, info, warn or error, got ${quoted(raw)}`,
      )
}

const postgresUrl = (raw: string): Parsed<string> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse(
      "không phải URL (cần postgres://user@host:5432/database)",
      "not a URL (expected postgres://user@host:5432/database)",
    )
  }
  return url.protocol === "postgres:" || url.protocol === "postgresql:"
    ? ok(raw)
    : refuse(`cần postgres://…, nhận được ${url.protocol}//…`, `expected postgres://…, got ${url.protocol}//…`)
}

const publicUrl = (raw: string): Parsed<URL> => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse(
      "không phải URL tuyệt đối (ví dụ https://dangvien.example.vn)",
      "not an absolute URL (e.g. https://members.example.vn)",
    )
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return refuse(
      `cần http:// hoặc https://, nhận được ${url.protocol}//…`,
      `expected https://…, got ${url.protocol}//…`,
    )
  }
  // The origin is what the platform compares and builds links from: anything more is a mistake.
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return refuse(
      "không được có tên đăng nhập, mật khẩu, truy vấn (?…) hay phân đoạn (#…)",
      "must not hold a user name, password, query (?…) or fragment (#…)",
    )
  }
  return ok(url)
}

/**
 * 32 bytes, written as 64 hex characters (`openssl rand -hex 32`) or in base64
 * (`openssl rand -base64 32`, the URL-safe alphabet too, padding optional).
 */
const appSecret = (raw: string): Parsed<Uint8Array> => {
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw)
    ? Buffer.from(raw, "hex")
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(raw)
      ? Buffer.from(raw, "base64")
      : undefined
  return bytes?.length === 32
    ? ok(new Uint8Array(bytes))
    : refuse(
        "phải là khóa 32 byte: 64 ký tự hex hoặc base64 (tạo bằng: openssl rand -hex 32)",
        "must be a 32-byte key: 64 hex characters or base64 (make one with: openssl rand -hex 32)",
      )
}

/**
 * Reads and checks the configuration from `env`. Every bad variable is reported at once, each
 * with its name and what is wrong, in Vietnamese and English: fixing them one start at a time
 * is slow when the process runs under an orchestrator.
 */
export const loadConfig = (env: Record<string, string | undefined>): Effect.Effect<ServerConfig, InvalidConfig> =>
  Effect.suspend(() => {
    const issues: Array<ConfigIssue> = []
    const read = <A>(name: string, parse: (raw: string) => Parsed<A>): A | undefined => {
      const raw = env[name]
      // An empty variable counts as unset, as shells and compose files tend to produce them.
      if (raw === undefined || raw === "") return undefined
      const parsed = parse(raw)
      if (parsed.ok) return parsed.value
      issues.push({ variable: name, ...parsed.reason })
      return undefined
    }

    // 0 asks the system for a free port (the address is printed at start).
    const port = read("PORT", wholeNumber(0, 65535)) ?? 3000
    const listenHost = read("HOST", host) ?? "127.0.0.1"
    const databaseUrl = read("DATABASE_URL", postgresUrl)
    const databaseAppUrl = read("DATABASE_APP_URL", postgresUrl)
    const poolSize = read("DATABASE_POOL_SIZE", wholeNumber(1, 200)) ?? 10
    const dataDir = read("DATA_DIR", ok) ?? DEFAULT_DATA_DIR
    const level = read("LOG_LEVEL", logLevel) ?? "info"
    const shutdownGraceMs = read("SHUTDOWN_GRACE_MS", wholeNumber(0, 3_600_000)) ?? 10_000
    const secret = read("APP_SECRET", appSecret)
    const url = read("PUBLIC_URL", publicUrl)
    const pluginDeliveryMaxAttempts = read("PLUGIN_DELIVERY_MAX_ATTEMPTS", wholeNumber(1, 100)) ?? 8
    const processes = read("SERVER_PROCESSES", processCount) ?? 1
    // The embedded database is a folder one process holds: a second would be refused it.
    if (processes > 1 && (env.DATABASE_URL ?? "") === "") {
      issues.push({
        variable: "SERVER_PROCESSES",
        vi: "nhiều hơn 1 tiến trình cần PostgreSQL (DATABASE_URL): cơ sở dữ liệu nhúng chỉ thuộc về một tiến trình",
        en: "more than 1 process needs PostgreSQL (DATABASE_URL): the embedded database belongs to one process",
      })
    }

    // When DATABASE_URL is set but bad, that is reported already.
    if (databaseAppUrl !== undefined && (env.DATABASE_URL ?? "") === "") {
      issues.push({
        variable: "DATABASE_APP_URL",
        vi: "cần cả DATABASE_URL (tài khoản chủ sở hữu)",
        en: "needs DATABASE_URL (the owner login) as well",
      })
    }
    if (issues.length > 0) return Effect.fail(invalidConfig(issues))

    const database: ConfiguredDatabase =
      databaseUrl !== undefined
        ? { _tag: "postgres", url: databaseUrl, appUrl: databaseAppUrl, poolSize }
        : { _tag: "pglite", dataDir }
    return Effect.succeed({
      port,
      host: listenHost,
      database,
      logLevel: level,
      shutdownGraceMs,
      appSecret: secret,
      publicUrl: url,
      pluginDeliveryMaxAttempts,
      processes,
    })
  })

/**
 * Said when requests would run on the owner login: with DATABASE_URL but no DATABASE_APP_URL,
 * SQL on a request's connection could undo its SET ROLE.
 */
export const warnOfOwnerLogin = (config: ServerConfig): void => {
  if (config.database._tag !== "postgres" || config.database.appUrl !== undefined) return
  logWriter(config.logLevel)(
    "warn",
    "Yêu cầu chạy bằng tài khoản chủ sở hữu (DATABASE_URL) với SET ROLE: hãy đặt DATABASE_APP_URL / " +
      "requests run on the owner login (DATABASE_URL) with SET ROLE, which SQL on that connection could undo: " +
      "set DATABASE_APP_URL to a request login (see infra/postgres/request-login.sql)",
  )
}
