import { randomUUID } from "node:crypto"
import type { OrgUnitKind } from "@abroad/db"

/** A grassroots committee (đảng ủy cơ sở) and its cells (chi bộ). */
interface GrassrootsPlan {
  readonly name: string
  readonly cells: ReadonlyArray<string>
}

/** A subordinate committee (đảng ủy cấp trên cơ sở): a district committee, or a bloc of agencies. */
interface SubordinatePlan {
  readonly name: string
  readonly grassroots: ReadonlyArray<GrassrootsPlan>
}

/**
 * The demo organisation trees, in the structure before the 2025 reorganisation (as the reference
 * list is): under the tenant's committee, a district-level committee with its wards, and the bloc
 * of the province's agencies. Real places, so a demo reads like the tenant's own data; the
 * Quảng Ninh one is the border city of Móng Cái, where local rules about border gates matter.
 */
export const DEMO_TREES = {
  "ho-chi-minh": [
    {
      name: "Quận ủy Quận 1",
      grassroots: [
        { name: "Đảng ủy phường Bến Nghé", cells: ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2", "Chi bộ Khu phố 3"] },
        { name: "Đảng ủy phường Bến Thành", cells: ["Chi bộ Khu phố 1", "Chi bộ Khu phố 2"] },
      ],
    },
    {
      name: "Đảng ủy Khối Dân - Chính - Đảng Thành phố",
      grassroots: [
        { name: "Đảng ủy Sở Ngoại vụ", cells: ["Chi bộ Phòng Lãnh sự", "Chi bộ Phòng Hợp tác quốc tế"] },
        {
          name: "Đảng ủy Sở Giáo dục và Đào tạo",
          cells: ["Chi bộ Văn phòng Sở", "Chi bộ Phòng Giáo dục đại học", "Chi bộ Thanh tra Sở"],
        },
      ],
    },
  ],
  "quang-ninh": [
    {
      name: "Thành ủy Móng Cái",
      grassroots: [
        { name: "Đảng ủy phường Ka Long", cells: ["Chi bộ Khu 1", "Chi bộ Khu 2", "Chi bộ Khu 3"] },
        { name: "Đảng ủy phường Trà Cổ", cells: ["Chi bộ Khu 1", "Chi bộ Khu 2"] },
      ],
    },
    {
      name: "Đảng ủy Khối các cơ quan tỉnh",
      grassroots: [
        { name: "Đảng ủy Sở Ngoại vụ", cells: ["Chi bộ Phòng Lãnh sự", "Chi bộ Văn phòng Sở"] },
        { name: "Đảng ủy Sở Du lịch", cells: ["Chi bộ Phòng Quản lý lữ hành", "Chi bộ Văn phòng Sở"] },
      ],
    },
  ],
  "ha-noi": [
    {
      name: "Quận ủy Hoàn Kiếm",
      grassroots: [
        { name: "Đảng ủy phường Hàng Trống", cells: ["Chi bộ Tổ dân phố số 1", "Chi bộ Tổ dân phố số 2"] },
        {
          name: "Đảng ủy phường Tràng Tiền",
          cells: ["Chi bộ Tổ dân phố số 1", "Chi bộ Tổ dân phố số 2", "Chi bộ Tổ dân phố số 3"],
        },
      ],
    },
    {
      name: "Đảng ủy Khối các cơ quan Thành phố",
      grassroots: [
        { name: "Đảng ủy Sở Ngoại vụ", cells: ["Chi bộ Phòng Lãnh sự", "Chi bộ Phòng Hợp tác quốc tế"] },
        {
          name: "Đảng ủy Sở Giáo dục và Đào tạo",
          cells: ["Chi bộ Văn phòng Sở", "Chi bộ Phòng Giáo dục thường xuyên", "Chi bộ Thanh tra Sở"],
        },
      ],
    },
  ],
} as const satisfies Readonly<Record<string, ReadonlyArray<SubordinatePlan>>>

export type DemoTenantCode = keyof typeof DEMO_TREES

/** An org unit ready to insert: ids are made here so that the materialised path can be written at once. */
export interface PlannedUnit {
  readonly id: string
  readonly parentId: string | null
  readonly kind: OrgUnitKind
  readonly name: string
  /** `/<root id>/…/<own id>/`, as the `org_unit.path` column requires. */
  readonly path: string
}

const unit = (parent: PlannedUnit | null, kind: OrgUnitKind, name: string): PlannedUnit => {
  const id = randomUUID()
  return {
    id,
    parentId: parent?.id ?? null,
    kind,
    name: name.normalize("NFC"),
    path: `${parent?.path ?? "/"}${id}/`,
  }
}

/** The tenant's committee (named as its party body is), then the tree below it, parents first. */
export const planOrganisation = (code: DemoTenantCode, partyBody: string): ReadonlyArray<PlannedUnit> => {
  const root = unit(null, "committee", partyBody)
  const plan: Array<PlannedUnit> = [root]
  for (const subordinatePlan of DEMO_TREES[code]) {
    const subordinate = unit(root, "subordinate_committee", subordinatePlan.name)
    plan.push(subordinate)
    for (const grassrootsPlan of subordinatePlan.grassroots) {
      const grassroots = unit(subordinate, "grassroots_committee", grassrootsPlan.name)
      plan.push(grassroots)
      for (const cell of grassrootsPlan.cells) plan.push(unit(grassroots, "cell", cell))
    }
  }
  return plan
}
