import { useLocation } from "react-router"
import { useT } from "./i18n.tsx"

/** The list on this page as an Excel file: the same filters, every page of it. */
export const ExportLink = ({ list }: { list: string }) => {
  const t = useT()
  const { search } = useLocation()
  return (
    <a className="button" href={`/export/${list}.xlsx${search}`} download>
      {t("exportXlsx")}
    </a>
  )
}
