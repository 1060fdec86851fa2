import { type MessageKey, messages } from "../i18n/messages.ts"
import { useT } from "./i18n.tsx"

/** The message of a change the API agreed to, named by the page address's `notice` (after a redirect). */
export const Notice = ({ notice }: { notice: string | null }) => {
  const t = useT()
  if (notice === null || !Object.hasOwn(messages, notice)) return null
  return (
    <div className="alert alert-ok" role="status">
      <p>{t(notice as MessageKey)}</p>
    </div>
  )
}
