import { readFileSync } from "node:fs"
import { join } from "node:path"
import type { TenantKind } from "@abroad/db"
import { TENANT_CODE, tenantCode } from "./code.ts"
import { parseCsv } from "./csv.ts"

/** A tenant as the official reference lists describe it (before any reorganisation). */
export interface ReferenceTenant {
  readonly code: string
  /** Official name, NFC: `Hồ Chí Minh`, `Bộ Ngoại giao`. */
  readonly name: string
  readonly kind: TenantKind
  /** Mã đơn vị hành chính of a province (`79`); none for a ministry. */
  readonly adminCode: string | null
  /** The party body: `Thành ủy Hồ Chí Minh`, `Đảng ủy Bộ Ngoại giao`. */
  readonly partyBody: string
  /** Đảng ủy Bộ Ngoại giao: oversees members abroad across tenants. */
  readonly isOversight: boolean
  /** Code of the province this one became part of on 1 July 2025, if it was merged. */
  readonly mergedInto2025: string | null
}

const REFERENCE_DIR = join(import.meta.dirname, "..", "..", "reference")

const read = (file: string) => parseCsv(readFileSync(join(REFERENCE_DIR, file), "utf8"))

const nfc = (text: string) => text.trim().normalize("NFC")

const loadReferenceTenants = (): ReadonlyArray<ReferenceTenant> => {
  const provinceRows = read("provinces-63.csv")
  const provinceCodeByName = new Map(provinceRows.map((row) => [nfc(row.name ?? ""), tenantCode(row.name ?? "")]))

  const provinces = provinceRows.map((row): ReferenceTenant => {
    const name = nfc(row.name ?? "")
    const mergedName = nfc(row.merged_2025_into ?? "")
    const mergedInto = mergedName === "" ? null : provinceCodeByName.get(mergedName)
    if (mergedInto === undefined) {
      throw new Error(`provinces-63.csv: ${name} is merged into "${mergedName}", which is not a province of the list`)
    }
    return {
      code: tenantCode(name),
      name,
      kind: row.kind === "city" ? "city" : "province",
      adminCode: nfc(row.admin_code ?? ""),
      partyBody: nfc(row.committee ?? ""),
      isOversight: false,
      // A province "merged" into itself is the one the others joined: it goes on.
      mergedInto2025: mergedInto === tenantCode(name) ? null : mergedInto,
    }
  })

  const ministries = read("central-ministries-2022.csv").map(
    (row): ReferenceTenant => ({
      code: nfc(row.code ?? "").toLowerCase(),
      name: nfc(row.name ?? ""),
      kind: "ministry",
      adminCode: null,
      partyBody: nfc(row.party_body ?? ""),
      isOversight: row.role === "oversight",
      mergedInto2025: null,
    }),
  )

  const all = [...provinces, ...ministries]
  const seen = new Set<string>()
  for (const tenant of all) {
    if (!TENANT_CODE.test(tenant.code)) throw new Error(`reference tenant ${tenant.name}: bad code "${tenant.code}"`)
    if (seen.has(tenant.code)) throw new Error(`reference tenants: the code "${tenant.code}" is used twice`)
    seen.add(tenant.code)
  }
  return all
}

/** The 63 provinces and 22 central ministries of the official lists, in list order. */
export const referenceTenants: ReadonlyArray<ReferenceTenant> = loadReferenceTenants()
