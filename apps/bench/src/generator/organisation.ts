import type { Draws } from "./random.ts"
import type { TenantPlan } from "./tenants.ts"

/** An org unit as the `org_unit` table holds it. */
export interface UnitRow {
  readonly id: string
  readonly parentId: string | null
  readonly kind: "committee" | "subordinate_committee" | "grassroots_committee" | "cell"
  readonly name: string
  readonly path: string
}

/** A cell (chi bộ) and how many members it gets. */
export interface CellPlan {
  readonly unit: UnitRow
  readonly size: number
}

const PLACES = [
  "Đông Anh",
  "Gia Lâm",
  "Sóc Sơn",
  "Thanh Trì",
  "Hoài Đức",
  "Đan Phượng",
  "Thường Tín",
  "Ba Vì",
  "Mỹ Đức",
  "Quốc Oai",
  "Thạch Thất",
  "Chương Mỹ",
  "Thanh Oai",
  "Phú Xuyên",
  "Ứng Hòa",
  "Mê Linh",
  "Phúc Thọ",
  "Yên Lạc",
  "Tam Dương",
  "Lập Thạch",
  "Kim Sơn",
  "Yên Mô",
  "Hải Hậu",
  "Giao Thủy",
  "Xuân Trường",
  "Nghĩa Hưng",
  "Tiền Hải",
  "Kiến Xương",
  "Quỳnh Phụ",
  "Hưng Hà",
  "Diễn Châu",
  "Yên Thành",
  "Quỳnh Lưu",
  "Nam Đàn",
  "Hương Sơn",
  "Can Lộc",
  "Thạch Hà",
  "Cẩm Xuyên",
  "Tĩnh Gia",
  "Hoằng Hóa",
  "Hậu Lộc",
  "Nga Sơn",
  "Thọ Xuân",
  "Triệu Sơn",
  "Đông Sơn",
  "Phú Lương",
  "Đại Từ",
  "Định Hóa",
  "Long Thành",
  "Nhơn Trạch",
  "Trảng Bom",
  "Cái Bè",
  "Chợ Gạo",
  "Mỏ Cày",
]
const WARDS = [
  "Tân Lập",
  "Hòa Bình",
  "Quang Trung",
  "Trần Phú",
  "Lê Lợi",
  "Hùng Vương",
  "Minh Khai",
  "Đồng Tâm",
  "Thống Nhất",
  "Độc Lập",
  "Tân Tiến",
  "Hợp Thành",
  "Phú Lộc",
  "An Phú",
  "Bình Minh",
  "Thịnh Liệt",
  "Yên Hòa",
  "Vĩnh Tuy",
  "Nghĩa Đô",
  "Mai Dịch",
  "Phú Thượng",
  "Xuân La",
  "Tân Định",
  "Đa Kao",
  "Bình An",
  "Thạnh Mỹ",
  "Long Bình",
]
const AGENCIES = [
  "Sở Ngoại vụ",
  "Sở Giáo dục và Đào tạo",
  "Sở Y tế",
  "Sở Tài chính",
  "Sở Xây dựng",
  "Sở Công Thương",
  "Sở Kế hoạch và Đầu tư",
  "Sở Tư pháp",
  "Sở Du lịch",
  "Sở Nội vụ",
  "Văn phòng Ủy ban nhân dân",
  "Bệnh viện Đa khoa",
  "Trường Đại học",
  "Trường Cao đẳng Kỹ thuật",
  "Đài Phát thanh và Truyền hình",
]
const DEPARTMENTS = [
  "Vụ Hợp tác quốc tế",
  "Vụ Tổ chức cán bộ",
  "Vụ Kế hoạch - Tài chính",
  "Vụ Pháp chế",
  "Văn phòng Bộ",
  "Thanh tra Bộ",
  "Cục Công nghệ thông tin",
  "Viện Chiến lược",
  "Trung tâm Thông tin",
  "Học viện",
]

const unitOf = (random: Draws, parent: UnitRow | null, kind: UnitRow["kind"], name: string): UnitRow => {
  const id = random.uuid()
  return { id, parentId: parent?.id ?? null, kind, name: name.normalize("NFC"), path: `${parent?.path ?? "/"}${id}/` }
}

/**
 * A tenant's organisation tree, parents before children: the tenant's committee; subordinate
 * committees (district committees and blocs of agencies; departments of a ministry); grassroots
 * committees (communes, wards, agencies); cells of 8 to 60 members, as large as needed to hold the
 * tenant's members. Returns every unit and the cells with their sizes, which add up to `plan.members`.
 */
export const planOrganisation = (
  random: Draws,
  plan: TenantPlan,
): { readonly units: ReadonlyArray<UnitRow>; readonly cells: ReadonlyArray<CellPlan> } => {
  const ministry = plan.kind === "ministry"
  const sizes: Array<number> = []
  for (let left = plan.members; left > 0; ) {
    const size = Math.min(left, random.int(8, 60))
    sizes.push(size)
    left -= size
  }
  const grassrootsCount = Math.max(1, Math.round(sizes.length / 8))
  const subordinateCount = Math.min(40, Math.max(2, Math.round(grassrootsCount / 25)))
  const root = unitOf(random, null, "committee", plan.partyBody)
  const units: Array<UnitRow> = [root]
  const subordinates = Array.from({ length: subordinateCount }, (_, index) => {
    const name = ministry
      ? `Đảng ủy ${random.pick(DEPARTMENTS)} ${index + 1}`
      : index === 0
        ? "Đảng ủy Khối các cơ quan"
        : index === 1
          ? "Đảng ủy Khối Doanh nghiệp"
          : `Huyện ủy ${random.pick(PLACES)}`
    const unit = unitOf(random, root, "subordinate_committee", name)
    units.push(unit)
    return unit
  })
  const grassroots = Array.from({ length: grassrootsCount }, (_, index) => {
    const parent = subordinates[index % subordinateCount] ?? root
    const blocOfAgencies = ministry || parent === subordinates[0]
    const name = blocOfAgencies
      ? `Đảng ủy ${random.pick(ministry ? DEPARTMENTS : AGENCIES)}`
      : parent === subordinates[1]
        ? `Đảng ủy Công ty số ${index + 1}`
        : `Đảng ủy ${random.next() < 0.5 ? "xã" : "phường"} ${random.pick(WARDS)}`
    const unit = unitOf(random, parent, "grassroots_committee", name)
    units.push(unit)
    return unit
  })
  const cells = sizes.map((size, index) => {
    const parent = grassroots[index % grassrootsCount] ?? root
    const name = parent.name.includes("xã")
      ? `Chi bộ Thôn ${Math.floor(index / grassrootsCount) + 1}`
      : parent.name.includes("phường")
        ? `Chi bộ Khu phố ${Math.floor(index / grassrootsCount) + 1}`
        : `Chi bộ Phòng ${Math.floor(index / grassrootsCount) + 1}`
    const unit = unitOf(random, parent, "cell", name)
    units.push(unit)
    return { unit, size }
  })
  return { units, cells }
}
