/**
 * Reads the small, trusted reference CSV files shipped with the project (RFC 4180: a quoted
 * field may hold commas, line breaks and doubled quotes). Returns one record per data row,
 * keyed by the header. Blank lines are skipped.
 *
 * It throws rather than guesses on malformed input (a stray quote, an unclosed quote, a row
 * with the wrong number of fields): the files are read once at load, and a reference list
 * silently shifted by one column would put wrong names on tenants.
 */
export const parseCsv = (text: string): ReadonlyArray<Readonly<Record<string, string>>> => {
  const rows: Array<{ readonly line: number; readonly cells: ReadonlyArray<string> }> = []
  let row: Array<string> = []
  let rowLine = 1
  let field = ""
  /** Inside a quoted field. */
  let quoted = false
  /** Just after a quoted field's closing quote: only a separator or a line end may follow. */
  let closed = false
  let line = 1
  const endField = () => {
    row.push(field)
    field = ""
    closed = false
  }
  const endRow = () => {
    endField()
    rows.push({ line: rowLine, cells: row })
    row = []
  }
  // A byte-order mark would otherwise become part of the first column's name.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text
  for (let i = 0; i < body.length; i++) {
    const char = body[i]
    if (quoted) {
      if (char !== '"') {
        if (char === "\n") line++
        field += char
      } else if (body[i + 1] === '"') {
        field += '"'
        i++
      } else {
        quoted = false
        closed = true
      }
    } else if (char === ",") endField()
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && body[i + 1] === "\n") i++
      endRow()
      line++
      rowLine = line
    } else if (closed) {
      throw new Error(`CSV line ${line}: text after a closing quote`)
    } else if (char === '"') {
      if (field !== "") throw new Error(`CSV line ${line}: a quote inside an unquoted field`)
      quoted = true
    } else field += char
  }
  if (quoted) throw new Error(`CSV line ${line}: a quoted field is never closed`)
  if (field !== "" || closed || row.length > 0) endRow()

  const [header, ...data] = rows.filter(({ cells }) => !(cells.length === 1 && cells[0] === ""))
  if (header === undefined) return []
  return data.map(({ line: rowStart, cells }) => {
    if (cells.length !== header.cells.length) {
      throw new Error(`CSV line ${rowStart} has ${cells.length} fields, the header has ${header.cells.length}`)
    }
    return Object.fromEntries(header.cells.map((name, column) => [name, cells[column] ?? ""]))
  })
}
