import { labelOf } from "../i18n/messages.ts"
import type { Transfer } from "../oversight.ts"
import { useLang } from "./i18n.tsx"

/** A transfer's state as a badge: what awaits the intake stands out. */
export const TransferStatusBadge = ({ status }: { status: Transfer["status"] }) => {
  const lang = useLang()
  const tone = status === "received" ? "badge-info" : status === "returned" ? "badge-danger" : "badge-neutral"
  return <span className={`badge ${tone}`}>{labelOf(lang, "transferStatus", status)}</span>
}

/** Where a notice about this member and trip is written, from any page that shows them. */
export const noticeHref = (row: { tenantCode: string; memberId: string; tripId: string; memberName: string }) =>
  `/oversight/notices/new?${new URLSearchParams({
    tenant: row.tenantCode,
    memberId: row.memberId,
    tripId: row.tripId,
    member: row.memberName,
  })}`
