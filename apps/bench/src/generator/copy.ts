import type { Hash } from "node:crypto"
import type postgres from "postgres"

/** A value of PostgreSQL's COPY text format: null is `\N`. */
export type Cell = string | number | boolean | null

const SPECIAL = /[\\\t\n\r]/
const escaped = (text: string) =>
  SPECIAL.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"))
    : text

/** One row as a line of the COPY text format. */
export const copyLine = (cells: ReadonlyArray<Cell>): string => {
  let line = ""
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]
    if (i > 0) line += "\t"
    line += cell === null || cell === undefined ? "\\N" : escaped(String(cell))
  }
  return `${line}\n`
}

/** A text array literal of codes that need no quoting (`{JP,KR}`). */
export const arrayLiteral = (items: ReadonlyArray<string>) => `{${items.join(",")}}`

const CHUNK = 256 * 1024

/**
 * Streams rows into `table` with COPY FROM STDIN on the given connection (or transaction), in
 * chunks, waiting when the server falls behind. Every row is also fed to `hash` without its first
 * column (the tenant's id, which the platform's reference seed draws afresh in each database), so the
 * load has a checksum that two runs with one seed must share. Returns the number of rows.
 */
export const copyInto = async (
  sql: postgres.Sql | postgres.TransactionSql,
  table: string,
  columns: ReadonlyArray<string>,
  rows: Iterable<ReadonlyArray<Cell>>,
  hash: Hash,
): Promise<number> => {
  const writable = await sql.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable()
  const done = new Promise<void>((resolve, reject) => {
    writable.on("finish", resolve)
    writable.on("error", reject)
  })
  let buffer = ""
  let count = 0
  const flush = async () => {
    const more = writable.write(buffer)
    buffer = ""
    if (!more) await new Promise<void>((resolve) => writable.once("drain", resolve))
  }
  hash.update(`${table}\n`)
  for (const row of rows) {
    const line = copyLine(row)
    hash.update(line.slice(line.indexOf("\t")))
    buffer += line
    count++
    if (buffer.length >= CHUNK) await flush()
  }
  if (buffer !== "") await flush()
  writable.end()
  await done
  return count
}
