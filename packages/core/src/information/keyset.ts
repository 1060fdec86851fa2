import { sql } from "kysely"

/**
 * Where a newest-first page ends: the row's instant to the microsecond, as PostgreSQL keeps
 * it (a JavaScript `Date` would round it to the millisecond and let rows of the same
 * millisecond slip between pages), and its id to break ties.
 */
export interface Keyset {
  readonly at: string
  readonly id: string
}

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

/** The pattern of a page cursor, for the API's input Schema. */
export const KEYSET_CURSOR_PATTERN = CURSOR

/** The cursor a client passes back for the next page. Opaque to it: `<instant>_<id>`. */
export const keysetCursor = (keyset: Keyset): string => `${keyset.at}_${keyset.id}`

/** The keyset of a cursor, or undefined when it is not one this module wrote. */
export const parseKeysetCursor = (cursor: string): Keyset | undefined => {
  const match = CURSOR.exec(cursor)
  return match === null ? undefined : { at: match[1] as string, id: match[2] as string }
}

/** A timestamptz column as the microsecond-precise UTC text a `Keyset` holds. */
export const instantText = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** Rows strictly after `keyset` in newest-first order of (`atColumn`, `idColumn`). */
export const olderThan = (atColumn: string, idColumn: string, keyset: Keyset) =>
  sql<boolean>`(${sql.ref(atColumn)}, ${sql.ref(idColumn)}) < (${keyset.at}::timestamptz, ${keyset.id}::uuid)`

/** A list of plain tokens (ISO codes, uuids) as one parameter: `string_to_array` works alike on every driver. */
export const tokenArray = (values: ReadonlyArray<string>, type: "text[]" | "uuid[]" | "char(2)[]") =>
  sql<Array<string>>`string_to_array(${values.join(",")}, ',')::${sql.raw(type)}`
