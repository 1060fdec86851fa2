import { parseCsv, Schema } from "@abroad/plugin-sdk"

/**
 * One exit or entry as the immigration service sends it (bản ghi xuất cảnh, nhập cảnh). JSON uses
 * these names; CSV the columns `record_id,citizen_id,direction,crossed_at,gate,document_number`.
 */
export const ImmigrationRecord = Schema.Struct({
  recordId: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  citizenId: Schema.String.check(
    Schema.isPattern(/^\d{12}$/, { message: "citizen_id.format: Số CCCD gồm 12 chữ số. / A citizen ID of 12 digits." }),
  ),
  direction: Schema.Literals(["exit", "entry"]),
  /** ISO 8601: a day `2025-07-01`, or a moment `2025-07-01T06:30:00+07:00`. */
  crossedAt: Schema.String.check(
    Schema.makeFilter(
      (text: string) =>
        (/^\d{4}-\d{2}-\d{2}($|T)/.test(text) && !Number.isNaN(Date.parse(text))) ||
        "an ISO 8601 day (2025-07-01) or moment (2025-07-01T06:30:00+07:00)",
    ),
  ),
  gate: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
  documentNumber: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(50))),
})
export type ImmigrationRecord = typeof ImmigrationRecord.Type

export interface RowIssue {
  /** The record's number in the batch, from 1. */
  readonly row: number
  /** For CSV, the line of the text (the header is line 1). */
  readonly line?: number
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

export interface ParsedBatch {
  readonly records: ReadonlyArray<{ readonly row: number; readonly record: ImmigrationRecord }>
  readonly issues: ReadonlyArray<RowIssue>
}

/** The record's schema as a Standard Schema: its issues come with their paths. */
const standard = Schema.toStandardSchemaV1(ImmigrationRecord, {
  parseOptions: { errors: "all", onExcessProperty: "ignore" },
})

const decode = (
  value: unknown,
):
  | { readonly ok: true; readonly record: ImmigrationRecord }
  | { readonly ok: false; readonly issues: ReadonlyArray<{ path: Array<string | number>; message: string }> } => {
  const result = standard["~standard"].validate(value)
  // Decoding with no services is synchronous; a Promise here would be a schema needing I/O.
  if (result instanceof Promise) throw new Error("ImmigrationRecord must decode synchronously")
  if (result.issues === undefined) return { ok: true, record: result.value }
  return {
    ok: false,
    issues: result.issues.map((issue) => ({
      path: (issue.path ?? []).map((key) => {
        const segment = typeof key === "object" ? key.key : key
        return typeof segment === "number" ? segment : String(segment)
      }),
      message: issue.message,
    })),
  }
}

const csvRows = (body: string) =>
  parseCsv(body).map(({ line, cells }) => ({
    line,
    value: {
      recordId: cells.record_id,
      citizenId: cells.citizen_id,
      direction: cells.direction,
      crossedAt: cells.crossed_at,
      ...(cells.gate ? { gate: cells.gate } : {}),
      ...(cells.document_number ? { documentNumber: cells.document_number } : {}),
    } as unknown,
  }))

/**
 * Reads a batch as CSV (content type `text/csv`) or JSON (`{ "records": [...] }` or an array). Every
 * readable record is kept even when others are not, each unreadable one is named by its row (and line).
 * Answers `undefined` when the body as a whole is not JSON or not a list.
 */
export const parseBatch = (body: string, contentType: string | undefined): ParsedBatch | undefined => {
  let rows: ReadonlyArray<{ line?: number; value: unknown }>
  if ((contentType ?? "").toLowerCase().startsWith("text/csv")) rows = csvRows(body)
  else {
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      return undefined
    }
    const list = Array.isArray(json) ? json : (json as { records?: unknown } | null)?.records
    if (!Array.isArray(list)) return undefined
    rows = list.map((value) => ({ value }))
  }
  const records: Array<{ row: number; record: ImmigrationRecord }> = []
  const issues: Array<RowIssue> = []
  for (const [index, { line, value }] of rows.entries()) {
    const row = index + 1
    const result = decode(value)
    if (result.ok) records.push({ row, record: result.record })
    else {
      for (const issue of result.issues) {
        issues.push({ row, ...(line === undefined ? {} : { line }), path: issue.path, message: issue.message })
      }
    }
  }
  return { records, issues }
}

/** The day in Vietnam (UTC+7) of a crossing; a bare day is taken as written. */
export const dayInVietnam = (crossedAt: string): string =>
  crossedAt.length === 10 ? crossedAt : new Date(Date.parse(crossedAt) + 7 * 3_600_000).toISOString().slice(0, 10)

/** Exits before entries of the same moment: a batch is processed in the order things happened. */
export const inOrder = <T extends { readonly record: ImmigrationRecord }>(records: ReadonlyArray<T>): Array<T> =>
  [...records].sort((a, b) => {
    const at = Date.parse(a.record.crossedAt) - Date.parse(b.record.crossedAt)
    if (at !== 0) return at
    return a.record.direction === b.record.direction ? 0 : a.record.direction === "exit" ? -1 : 1
  })
