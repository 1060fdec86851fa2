/**
 * The oversight body's data as `/api/oversight/…` answers it (the `MemberAbroad`,
 * `OverseasOrg`, `ActivityTransfer` and `OversightNotice` schemas of the OpenAPI document);
 * shared by server and pages.
 */

export interface MemberAbroad {
  readonly tenantId: string
  readonly tenantCode: string
  readonly tenantName: string
  readonly tripId: string
  readonly memberId: string
  readonly fullName: string
  readonly birthDate: string | null
  readonly homeUnitName: string | null
  readonly purpose: string
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: string
  readonly plannedReturn: string
  readonly actualDeparture: string | null
  readonly arrangement: string | null
  readonly overdueReturnSince: string | null
  readonly overseasOrgId: string | null
  readonly overseasOrgName: string | null
}

export interface AbroadPage {
  readonly members: ReadonlyArray<MemberAbroad>
  readonly next: string | null
}

export interface AbroadSummary {
  readonly total: number
  readonly groups: ReadonlyArray<{ key: string | null; label: string; labelEn: string; count: number }>
}

export interface OverseasOrg {
  readonly id: string
  readonly parentId: string | null
  readonly kind: "committee" | "cell"
  readonly name: string
  readonly country: string
  readonly mission: string | null
  readonly active: boolean
}

export const TRANSFER_STATUSES = ["received", "accepted", "returned"] as const

export interface Transfer {
  readonly id: string
  readonly tenantId: string
  readonly tenantCode: string
  readonly tripId: string
  readonly memberId: string
  readonly form: "3-SHĐ" | "3A-SHĐ"
  readonly listId: string | null
  readonly kind: "temporary" | "official"
  readonly memberName: string
  readonly memberBirthDate: string | null
  readonly homeUnitName: string
  readonly purpose: string
  readonly countries: ReadonlyArray<string>
  readonly plannedDeparture: string
  readonly plannedReturn: string
  readonly proposedOverseasOrgId: string | null
  readonly note: string | null
  readonly status: (typeof TRANSFER_STATUSES)[number]
  readonly assignedOverseasOrgId: string | null
  readonly assignedOverseasOrgName: string | null
  readonly returnReason: string | null
  readonly decidedAt: string | null
  readonly createdAt: string
}

export interface TransferPage {
  readonly transfers: ReadonlyArray<Transfer>
  readonly next: string | null
}

export const NOTICE_KINDS = ["self_assessment_on_return", "concern", "cell_change"] as const

export interface Notice {
  readonly id: string
  readonly tenantId: string
  readonly memberId: string
  readonly memberName: string | null
  readonly tripId: string
  readonly kind: (typeof NOTICE_KINDS)[number]
  readonly body: string
  readonly overseasOrgId: string | null
  readonly overseasOrgName: string | null
  readonly sentByName: string
  readonly sentAt: string
  readonly readAt: string | null
}

export interface NoticePage {
  readonly notices: ReadonlyArray<Notice>
  readonly next: string | null
}

/** The register in reading order: each committee followed by its cells, both by name. */
export const registerOrder = (orgs: ReadonlyArray<OverseasOrg>): ReadonlyArray<OverseasOrg> => {
  const byName = (a: OverseasOrg, b: OverseasOrg) =>
    a.country.localeCompare(b.country) || a.name.localeCompare(b.name, "vi")
  const roots = orgs.filter((org) => org.parentId === null || !orgs.some((other) => other.id === org.parentId))
  return [...roots]
    .sort(byName)
    .flatMap((root) => [root, ...orgs.filter((org) => org.parentId === root.id).sort(byName)])
}
