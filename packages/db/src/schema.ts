import type { ColumnType, Generated } from "kysely"

/**
 * The database as Kysely sees it. Written by hand next to the SQL migrations, and checked
 * against them by the schema tests: a column added to one and not the other fails there.
 *
 * Global tables have no `tenant_id`; every other table is tenant-owned and walled off by
 * row-level security.
 */
export interface DB {
  tenant: TenantTable
  country: CountryTable
  org_unit: OrgUnitTable
  member: MemberTable
}

/** A calendar day, 'YYYY-MM-DD'. */
export type CalendarDate = string

type CreatedAt = ColumnType<Date, never, never>

export type TenantKind = "province" | "city" | "ministry"
export type TenantStatus = "active" | "merged"

/** A party organisation that manages its own members: a provincial committee or a central ministry's party body. */
export interface TenantTable {
  id: Generated<string>
  /** Lower-case ASCII slug: `ho-chi-minh`, `bng`. */
  code: string
  /** Official name in Vietnamese (NFC): `Hồ Chí Minh`, `Bộ Ngoại giao`. */
  name: string
  kind: TenantKind
  /** The General Statistics Office code of a province (`79`); none for a ministry. */
  admin_code: string | null
  /** The party body that is the tenant: `Thành ủy Hồ Chí Minh`, `Đảng ủy Bộ Ngoại giao`. */
  party_body: string
  /** The Foreign Ministry's party committee, which oversees members abroad across tenants. */
  is_oversight: Generated<boolean>
  status: Generated<TenantStatus>
  merged_into: string | null
  valid_from: CalendarDate | null
  valid_to: CalendarDate | null
  created_at: CreatedAt
}

/** ISO 3166-1 country. */
export interface CountryTable {
  /** alpha-2, upper case: `VN`, `JP`. */
  code: string
  alpha3: string
  numeric: string
  name_vi: string
  name_en: string
}

export type OrgUnitKind = "committee" | "subordinate_committee" | "grassroots_committee" | "cell"

/** A node of a tenant's organisation tree: committee → subordinate committee → grassroots committee → cell (chi bộ). */
export interface OrgUnitTable {
  tenant_id: string
  id: Generated<string>
  parent_id: string | null
  kind: OrgUnitKind
  name: string
  /** Materialised path of ids from the root, `/<root>/<child>/…/<self>/`: a subtree is a prefix. */
  path: string
  created_at: CreatedAt
}

export type MemberStatus = "active" | "under_review" | "under_investigation" | "left"

/** Đảng viên. */
export interface MemberTable {
  tenant_id: string
  id: Generated<string>
  org_unit_id: string
  full_name: string
  /** Lower-case, diacritics removed (`nguyen van a`): what search matches against. */
  search_name: ColumnType<string, never, never>
  sex: "male" | "female" | null
  birth_date: CalendarDate | null
  /** Căn cước công dân: 12 digits. */
  citizen_id: string | null
  party_card_no: string | null
  status: Generated<MemberStatus>
  created_at: CreatedAt
}
