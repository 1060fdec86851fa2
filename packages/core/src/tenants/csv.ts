/**
 * Reads the small, trusted reference CSV files shipped with the project (RFC 4180: quoted
 * fields may hold commas and doubled quotes). Returns one record per data row, keyed by header.
 */
export const parseCsv = (text: string): ReadonlyArray<Readonly<Record<string, string>>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ",") {
      row.push(field)
      field = ""
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++
      row.push(field)
      rows.push(row)
      row = []
      field = ""
    } else field += char
  }
  if (field !== "" || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  const [header, ...data] = rows.filter((r) => r.some((cell) => cell.trim() !== ""))
  if (header === undefined) return []
  return data.map((cells, index) => {
    if (cells.length !== header.length) {
      throw new Error(`reference CSV row ${index + 2} has ${cells.length} fields, the header has ${header.length}`)
    }
    return Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ""]))
  })
}
