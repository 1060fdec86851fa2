import { labelOf } from "../i18n/messages.ts"
import type { Transfer } from "../oversight.ts"
import { SelectField } from "./form.tsx"
import { useLang, useT } from "./i18n.tsx"

/** A transfer's state as a badge: what awaits the intake stands out. */
export const TransferStatusBadge = ({ status }: { status: Transfer["status"] }) => {
  const lang = useLang()
  const tone = status === "received" ? "badge-info" : status === "returned" ? "badge-danger" : "badge-neutral"
  return <span className={`badge ${tone}`}>{labelOf(lang, "transferStatus", status)}</span>
}

/** A tenant by its name, the code when the list does not know it. */
export const tenantName = (tenantNames: Readonly<Record<string, string>>, code: string) => tenantNames[code] ?? code

/** The lists' "tenant" filter: a choice of the tenants by name, the code travelling in the address. */
export const TenantFilter = ({
  tenantNames,
  defaultValue,
}: {
  tenantNames: Readonly<Record<string, string>>
  defaultValue: string
}) => {
  const t = useT()
  return (
    <SelectField
      name="tenant"
      label={t("tenant")}
      defaultValue={defaultValue}
      options={[
        { value: "", label: "—" },
        ...Object.entries(tenantNames).map(([code, name]) => ({ value: code, label: name })),
      ]}
    />
  )
}

/** Where a notice about this member and trip is written, from any page that shows them. */
export const noticeHref = (row: { tenantCode: string; memberId: string; tripId: string; memberName: string }) =>
  `/oversight/notices/new?${new URLSearchParams({
    tenant: row.tenantCode,
    memberId: row.memberId,
    tripId: row.tripId,
    member: row.memberName,
  })}`
