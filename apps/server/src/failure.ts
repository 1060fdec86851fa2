import { DatabaseError, type MigrationError, toDatabaseError } from "@abroad/db"
import type { ServerConfig } from "./config.ts"

// Besides a connection that failed outright: the server refused the login (class 28) or has
// no such database (3D000). Each means the configured address is wrong, not the data.
const CANNOT_CONNECT = /^(28...|3D000)$/

/** Whether `error` says the database could not be reached or opened at all. */
const cannotReach = (error: DatabaseError | MigrationError): boolean => {
  // A migration that could not even begin carries the driver's error as its cause.
  const cause =
    error instanceof DatabaseError ? error : error.migration === "" ? toDatabaseError(error.cause) : undefined
  return cause !== undefined && (cause.unreachable || CANNOT_CONNECT.test(cause.sqlState ?? ""))
}

/** Where the configuration says the data is, without the password a URL may hold. */
const describeDatabase = (config: ServerConfig) => {
  if (config.database._tag === "pglite") return { variable: "DATA_DIR", place: config.database.dataDir }
  const url = new URL(config.database.url)
  return { variable: "DATABASE_URL", place: `PostgreSQL ${url.host}${url.pathname}` }
}

/**
 * A database failure at start told in a sentence that, when the database could not be
 * reached, names the variable to look at: DATABASE_URL or DATA_DIR.
 */
export const explainFailure = (error: DatabaseError | MigrationError, config: ServerConfig): string => {
  if (!cannotReach(error)) return error.message
  const { variable, place } = describeDatabase(config)
  // The data folder's own messages already name DATA_DIR.
  if (error.message.includes(variable)) return error.message
  return (
    `Không kết nối được cơ sở dữ liệu (${place}) — kiểm tra ${variable} / ` +
    `cannot reach the database (${place}): check ${variable}. ${error.message}`
  )
}
