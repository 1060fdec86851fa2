import { Schema } from "effect"

/**
 * A failure talking to the database. `sqlState` carries PostgreSQL's error code when
 * there is one, so callers can tell a unique violation (23505) from a refused statement;
 * `unreachable` says the database could not be reached at all, which a retry later may mend.
 */
export class DatabaseError extends Schema.TaggedError<DatabaseError>()("DatabaseError", {
  message: Schema.String,
  sqlState: Schema.optional(Schema.String),
  unreachable: Schema.Boolean,
  cause: Schema.Defect(),
}) {}

/** A migration could not be applied; the database was left as it was before the run. */
export class MigrationError extends Schema.TaggedError<MigrationError>()("MigrationError", {
  migration: Schema.String,
  message: Schema.String,
  cause: Schema.Defect(),
}) {}

const sqlStateOf = (cause: unknown): string | undefined => {
  if (typeof cause === "object" && cause !== null && "code" in cause) {
    const code = (cause as { code: unknown }).code
    // PostgreSQL error codes are five characters; postgres.js also uses `code` for its own
    // client-side errors (e.g. CONNECTION_CLOSED), which are not SQLSTATEs.
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return undefined
}

// Connection exceptions (class 08), an administrator's shutdown or termination (57P01-57P03),
// too many connections (53300), a database not accepting connections (55000 on connect).
const UNREACHABLE_STATES = /^(08...|57P0[123]|53300)$/

// What postgres.js and Node say when the connection itself went away mid-statement.
const CLIENT_NETWORK_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
])

const clientCodeOf = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "code" in cause ? String((cause as { code: unknown }).code) : ""

export const toDatabaseError = (cause: unknown): DatabaseError => describe(cause, false)

/** A failure while opening a unit of work or probing the server: no connection could be had. */
export const toConnectionError = (cause: unknown): DatabaseError => describe(cause, true)

const describe = (cause: unknown, connecting: boolean): DatabaseError => {
  const sqlState = sqlStateOf(cause)
  return new DatabaseError({
    message: cause instanceof Error ? cause.message : String(cause),
    ...(sqlState === undefined ? {} : { sqlState }),
    unreachable:
      connecting ||
      (sqlState !== undefined && UNREACHABLE_STATES.test(sqlState)) ||
      CLIENT_NETWORK_CODES.has(clientCodeOf(cause)),
    cause,
  })
}
