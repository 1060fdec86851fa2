import type { ReactNode } from "react"
import { Link, useLocation } from "react-router"
import { useT } from "./i18n.tsx"

export interface Column<Row> {
  readonly label: string
  readonly cell: (row: Row) => ReactNode
}

/** A list as a table with real headers; it scrolls sideways inside its frame on a narrow screen. */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption: string
  columns: ReadonlyArray<Column<Row>>
  rows: ReadonlyArray<Row>
  rowKey: (row: Row) => string
}) {
  const t = useT()
  if (rows.length === 0) return <p>{t("noResults")}</p>
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.label}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.label}>{column.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** "More": the same address with the API's marker for the next page; none on the last page. */
export const NextPage = ({ next }: { next: Record<string, string> | null | undefined }) => {
  const t = useT()
  const location = useLocation()
  if (next === null || next === undefined) return null
  const query = new URLSearchParams(location.search)
  // A notice belongs to the change just made, not to the next page of the list.
  query.delete("notice")
  for (const [name, value] of Object.entries(next)) query.set(name, value)
  return (
    <p>
      <Link to={`?${query}`}>{t("more")}</Link>
    </p>
  )
}
