import { join } from "node:path"
import type { DatabaseLocation } from "@abroad/db"
import { Config, ConfigProvider, Effect, Option } from "effect"

export type LogLevel = "debug" | "info" | "warn" | "error"

/** Everything the process reads from its environment, validated before anything starts. */
export interface ServerConfig {
  readonly port: number
  readonly host: string
  readonly database: DatabaseLocation
  readonly logLevel: LogLevel
  readonly shutdownGraceMs: number
}

const REPO_ROOT = join(import.meta.dirname, "..", "..", "..")
export const DEFAULT_DATA_DIR = join(REPO_ROOT, ".data", "pglite")

const serverConfig = Config.all({
  port: Config.Int("PORT").pipe(Config.withDefault(3000)),
  host: Config.NonEmptyString("HOST").pipe(Config.withDefault("127.0.0.1")),
  databaseUrl: Config.option(Config.String("DATABASE_URL")),
  databaseAppUrl: Config.option(Config.String("DATABASE_APP_URL")),
  poolSize: Config.Int("DATABASE_POOL_SIZE").pipe(Config.withDefault(10)),
  dataDir: Config.NonEmptyString("DATA_DIR").pipe(Config.withDefault(DEFAULT_DATA_DIR)),
  logLevel: Config.Literals(["debug", "info", "warn", "error"], "LOG_LEVEL").pipe(Config.withDefault("info" as const)),
  shutdownGraceMs: Config.Int("SHUTDOWN_GRACE_MS").pipe(Config.withDefault(10_000)),
})

/** A configuration the process refuses to start with; the message names the variable. */
export class InvalidConfig extends Error {
  override readonly name = "InvalidConfig"
}

/**
 * Reads and checks the configuration from `env`. A bad value fails with one message, in
 * Vietnamese and English, that names the variable and what was wrong with it.
 */
export const loadConfig = (env: Record<string, string | undefined>): Effect.Effect<ServerConfig, InvalidConfig> =>
  Effect.gen(function* () {
    // An empty variable counts as unset, as shells and compose files tend to produce them.
    const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""))
    const raw = yield* serverConfig.parse(ConfigProvider.fromEnv({ env: set as Record<string, string> }))
    yield* checkPostgresUrl("DATABASE_URL", raw.databaseUrl)
    yield* checkPostgresUrl("DATABASE_APP_URL", raw.databaseAppUrl)
    if (Option.isSome(raw.databaseAppUrl) && Option.isNone(raw.databaseUrl)) {
      return yield* invalid("DATABASE_APP_URL", "needs DATABASE_URL (the owner login) as well")
    }
    // 0 asks the system for a free port (the address is printed at start).
    if (raw.port < 0 || raw.port > 65535) return yield* invalid("PORT", `must be between 0 and 65535, got ${raw.port}`)
    if (raw.poolSize < 1 || raw.poolSize > 200) {
      return yield* invalid("DATABASE_POOL_SIZE", `must be between 1 and 200, got ${raw.poolSize}`)
    }
    if (raw.shutdownGraceMs < 0) return yield* invalid("SHUTDOWN_GRACE_MS", "must not be negative")
    const database: DatabaseLocation = Option.isSome(raw.databaseUrl)
      ? {
          _tag: "postgres",
          url: raw.databaseUrl.value,
          appUrl: Option.getOrUndefined(raw.databaseAppUrl),
          poolSize: raw.poolSize,
        }
      : { _tag: "pglite", dataDir: raw.dataDir }
    return {
      port: raw.port,
      host: raw.host,
      database,
      logLevel: raw.logLevel,
      shutdownGraceMs: raw.shutdownGraceMs,
    }
  }).pipe(
    Effect.mapError((error) =>
      error instanceof InvalidConfig
        ? error
        : new InvalidConfig(`Cấu hình không hợp lệ / Invalid configuration: ${describeSchemaError(error.message)}`),
    ),
  )

/** `SchemaError(Expected … at ["PORT"])` → `PORT: Expected …`: the variable first, where a reader looks. */
const describeSchemaError = (message: string) => {
  const match = /^SchemaError\(([\s\S]*?)\s+at \["([^"]+)"\]\)$/.exec(message.trim())
  return match === null ? message : `${match[2]}: ${match[1]}`
}

const invalid = (name: string, reason: string) =>
  Effect.fail(new InvalidConfig(`Cấu hình không hợp lệ / Invalid configuration: ${name}: ${reason}`))

const checkPostgresUrl = (name: string, value: Option.Option<string>) => {
  if (Option.isNone(value)) return Effect.void
  let url: URL
  try {
    url = new URL(value.value)
  } catch {
    return invalid(name, "not a URL (expected postgres://user@host:5432/database)")
  }
  return url.protocol === "postgres:" || url.protocol === "postgresql:"
    ? Effect.void
    : invalid(name, `expected postgres://…, got ${url.protocol}//…`)
}
