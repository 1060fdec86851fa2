import { Schema } from "effect"

/**
 * A failure talking to the database. `sqlState` carries PostgreSQL's error code when
 * there is one, so callers can tell a unique violation (23505) from a lost connection.
 */
export class DatabaseError extends Schema.TaggedError<DatabaseError>()("DatabaseError", {
  message: Schema.String,
  sqlState: Schema.optional(Schema.String),
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

export const toDatabaseError = (cause: unknown): DatabaseError => {
  const sqlState = sqlStateOf(cause)
  return new DatabaseError({
    message: cause instanceof Error ? cause.message : String(cause),
    ...(sqlState === undefined ? {} : { sqlState }),
    cause,
  })
}
