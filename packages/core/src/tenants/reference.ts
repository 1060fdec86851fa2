import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { TenantKind } from "@abroad/db"
import { TENANT_CODE, tenantCode } from "./code.ts"
import { parseCsv } from "./csv.ts"

/** A tenant (đơn vị) as the official reference lists describe it, before any reorganisation. */
export interface ReferenceTenant {
  readonly code: string
  /** Official name, NFC: `Hồ Chí Minh`, `Bộ Ngoại giao`. */
  readonly name: string
  readonly kind: TenantKind
  /** Mã đơn vị hành chính of a province (`79`); none for a ministry. */
  readonly adminCode: string | null
  /** The party body (cấp ủy): `Thành ủy Thành phố Hồ Chí Minh`, `Đảng ủy Bộ Ngoại giao`. */
  readonly partyBody: string
  /** Đảng ủy Bộ Ngoại giao: oversees members abroad across tenants. */
  readonly isOversight: boolean
  /**
   * The name of the province this one belongs to since the reorganisation of 1 July 2025, as the
   * list gives it: another province's name when this one was merged into it, its own name when it
   * took others in, null when it was left as it was. Kept for the merge of tenants, not yet applied.
   */
  readonly mergedInto2025: string | null
}

const REFERENCE_DIR = join(import.meta.dirname, "..", "..", "reference")

type Row = Readonly<Record<string, string>>

const read = (file: string): ReadonlyArray<Row> => parseCsv(readFileSync(join(REFERENCE_DIR, file), "utf8"))

/** A column's value, trimmed and in NFC; a column missing from the file is an error, not "". */
const column = (file: string, row: Row, name: string): string => {
  const value = row[name]
  if (value === undefined) throw new Error(`${file}: no column "${name}"`)
  return value.trim().normalize("NFC")
}

const loadProvinces = (): ReadonlyArray<ReferenceTenant> => {
  const file = "provinces-63.csv"
  const provinces = read(file).map((row): ReferenceTenant => {
    const name = column(file, row, "name")
    const adminCode = column(file, row, "admin_code")
    if (!/^\d{2}$/.test(adminCode)) throw new Error(`${file}: ${name} has the admin code "${adminCode}"`)
    const merged = column(file, row, "merged_2025_into")
    return {
      code: tenantCode(name),
      name,
      kind: column(file, row, "kind") === "city" ? "city" : "province",
      adminCode,
      partyBody: column(file, row, "committee"),
      isOversight: false,
      mergedInto2025: merged === "" ? null : merged,
    }
  })
  // A merger must land on a province of the list that itself goes on: one that was left as it
  // was or that took others in, never one that was merged away in turn.
  const byName = new Map(provinces.map((p) => [p.name, p]))
  for (const province of provinces) {
    if (province.mergedInto2025 === null) continue
    const target = byName.get(province.mergedInto2025)
    if (target === undefined) {
      throw new Error(
        `${file}: ${province.name} is merged into "${province.mergedInto2025}", not a province of the list`,
      )
    }
    if (target.mergedInto2025 !== null && target.mergedInto2025 !== target.name) {
      throw new Error(`${file}: ${province.name} is merged into ${target.name}, which is merged away itself`)
    }
  }
  return provinces
}

const loadMinistries = (): ReadonlyArray<ReferenceTenant> => {
  const file = "central-ministries-2022.csv"
  return read(file).map(
    (row): ReferenceTenant => ({
      code: column(file, row, "code").toLowerCase(),
      name: column(file, row, "name"),
      kind: "ministry",
      adminCode: null,
      partyBody: column(file, row, "party_body"),
      isOversight: column(file, row, "role") === "oversight",
      mergedInto2025: null,
    }),
  )
}

const loadReferenceTenants = (): ReadonlyArray<ReferenceTenant> => {
  const all = [...loadProvinces(), ...loadMinistries()]
  const seen = new Map<string, string>()
  for (const tenant of all) {
    if (!TENANT_CODE.test(tenant.code)) throw new Error(`reference tenant ${tenant.name}: bad code "${tenant.code}"`)
    const twin = seen.get(tenant.code)
    if (twin !== undefined) {
      throw new Error(`reference tenants: ${twin} and ${tenant.name} would share the code "${tenant.code}"`)
    }
    seen.set(tenant.code, tenant.name)
  }
  const oversight = all.filter((t) => t.isOversight)
  if (oversight.length !== 1) {
    throw new Error(`reference tenants: ${oversight.length} oversight bodies, the platform needs exactly one`)
  }
  return all
}

/**
 * The 63 provinces and centrally-run cities (tỉnh, thành phố trực thuộc trung ương) and the 22
 * central ministries and agencies (bộ, ngành) of the official lists, in list order. Read when
 * this module loads: a malformed list stops the process at once rather than seeding half of it.
 */
export const referenceTenants: ReadonlyArray<ReferenceTenant> = loadReferenceTenants()
