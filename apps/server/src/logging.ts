import cluster from "node:cluster"
import type { RequestLogEntry } from "@abroad/api"
import { Cause, Layer, Logger, References } from "effect"
import type { LogLevel as EffectLogLevel } from "effect/LogLevel"
import type { LogLevel } from "./config.ts"

/**
 * Writes one line of the process's log. Every line, whoever writes it — a request, Effect's
 * logger, the start and the stop — is one JSON object of one shape: `time`, `level`,
 * `message`, then the fields of the event. A collector reads them all with one rule.
 */
export type LogWriter = (level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) => void

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

/** The keys every line starts with; a field of the same name cannot overwrite them. */
const FIXED = new Set(["time", "level", "message", "worker"])

// A field that JSON cannot hold as it is (a bigint, an Error) is written as text rather than
// losing the whole line.
const jsonSafe = (_: string, value: unknown) =>
  typeof value === "bigint" ? String(value) : value instanceof Error ? value.message : value

/** JSON lines to `out` (stdout unless a test listens), at `minimum` and above. */
export const logWriter =
  (minimum: LogLevel, out: (text: string) => void = (text) => process.stdout.write(text)): LogWriter =>
  (level, message, fields = {}) => {
    if (ORDER[level] < ORDER[minimum]) return
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, message }
    // Of several serving processes (SERVER_PROCESSES), which one wrote it; a replacement gets a new number.
    if (cluster.worker !== undefined) line.worker = cluster.worker.id
    for (const [key, value] of Object.entries(fields)) if (!FIXED.has(key)) line[key] = value
    out(`${JSON.stringify(line, jsonSafe)}\n`)
  }

const REQUEST_LEVEL: Record<RequestLogEntry["level"], LogLevel> = { INFO: "info", WARN: "warn", ERROR: "error" }

/** The API's line per request, in the common shape. */
export const writeRequestLog =
  (write: LogWriter) =>
  ({ level, message, ...fields }: RequestLogEntry): void =>
    write(REQUEST_LEVEL[level], message, fields)

const LEVEL_OF: Record<EffectLogLevel, LogLevel> = {
  All: "debug",
  Trace: "debug",
  Debug: "debug",
  Info: "info",
  Warn: "warn",
  Error: "error",
  Fatal: "error",
  None: "error",
}

/**
 * Effect's `Effect.log*` in the common shape: the texts of the message joined, the log
 * annotations as fields, anything else given to the log under `details`, and a cause, if
 * any, rendered under `cause`.
 */
const effectLogger = (write: LogWriter) =>
  Logger.make(({ logLevel, message, cause, fiber }) => {
    const parts = Array.isArray(message) ? message : [message]
    const texts = parts.filter((part): part is string => typeof part === "string")
    const details = parts.filter((part) => typeof part !== "string")
    write(LEVEL_OF[logLevel], texts.join(" "), {
      ...fiber.getRef(References.CurrentLogAnnotations),
      ...(details.length === 0 ? {} : { details }),
      ...(cause.reasons.length === 0 ? {} : { cause: Cause.pretty(cause) }),
    })
  })

const EFFECT_MINIMUM: Record<LogLevel, EffectLogLevel> = { debug: "Debug", info: "Info", warn: "Warn", error: "Error" }

/** Effect's logger replaced by `write`, at the configured level. */
export const loggingLayer = (level: LogLevel, write: LogWriter = logWriter(level)) =>
  Layer.mergeAll(Logger.layer([effectLogger(write)]), Layer.succeed(References.MinimumLogLevel, EFFECT_MINIMUM[level]))
