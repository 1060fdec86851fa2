import type { RequestLogEntry } from "@abroad/api"
import { Layer, Logger, References } from "effect"
import type { LogLevel } from "./config.ts"

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }
const ENTRY_LEVEL: Record<RequestLogEntry["level"], LogLevel> = { INFO: "info", WARN: "warn", ERROR: "error" }

/** One JSON object per line on stdout: what log collectors read without parsing rules. */
export const writeRequestLog =
  (level: LogLevel) =>
  (entry: RequestLogEntry): void => {
    if (ORDER[ENTRY_LEVEL[entry.level]] >= ORDER[level]) process.stdout.write(`${JSON.stringify(entry)}\n`)
  }

const EFFECT_LEVEL = { debug: "Debug", info: "Info", warn: "Warn", error: "Error" } as const

/** The Effect logger as JSON lines, at the configured level. */
export const loggingLayer = (level: LogLevel) =>
  Layer.mergeAll(Logger.layer([Logger.consoleJson]), Layer.succeed(References.MinimumLogLevel, EFFECT_LEVEL[level]))
