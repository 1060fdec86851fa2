/**
 * Rows of a CSV text (RFC 4180: commas, double quotes doubled inside quoted cells, CRLF or LF);
 * the first row names the columns. Answers each data row as an object by column name, with its
 * line number for error messages.
 */
export const parseCsv = (
  text: string,
): ReadonlyArray<{ readonly line: number; readonly cells: Record<string, string> }> => {
  const rows: Array<{ line: number; values: Array<string> }> = []
  let values: Array<string> = []
  let cell = ""
  let quoted = false
  let line = 1
  let rowLine = 1
  const endCell = () => {
    values.push(cell)
    cell = ""
  }
  const endRow = () => {
    endCell()
    if (!(values.length === 1 && values[0] === "")) rows.push({ line: rowLine, values })
    values = []
  }
  const body = text.replace(/^\uFEFF/, "")
  for (let i = 0; i < body.length; i++) {
    const char = body[i]
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"'
        i++
      } else if (char === '"') quoted = false
      else {
        if (char === "\n") line++
        cell += char
      }
    } else if (char === '"' && cell === "") quoted = true
    else if (char === ",") endCell()
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && body[i + 1] === "\n") i++
      endRow()
      line++
      rowLine = line
    } else cell += char
  }
  if (cell !== "" || values.length > 0) endRow()
  const [header, ...data] = rows
  if (header === undefined) return []
  const names = header.values.map((name) => name.trim())
  return data.map((row) => ({
    line: row.line,
    cells: Object.fromEntries(names.map((name, index) => [name, (row.values[index] ?? "").trim()])),
  }))
}
