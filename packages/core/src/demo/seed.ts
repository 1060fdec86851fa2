import { randomUUID } from "node:crypto"
import { Database, type DatabaseError, type MemberStatus, type OrgUnitKind, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { findTenantByCode, type TenantNotFound } from "../tenants/directory.ts"
import { referenceTenants } from "../tenants/reference.ts"
import { demoPerson } from "./people.ts"
import { seededRandom } from "./random.ts"

/** The tenants that get an organisation tree and members in demo mode. */
export const demoTenants = ["ho-chi-minh", "quang-ninh", "ha-noi"] as const

const MEMBERS_PER_TENANT = 40

interface PlannedUnit {
  readonly id: string
  readonly parentId: string | null
  readonly kind: OrgUnitKind
  readonly name: string
  readonly path: string
}

const child = (parent: PlannedUnit, kind: OrgUnitKind, name: string): PlannedUnit => {
  const id = randomUUID()
  return { id, parentId: parent.id, kind, name, path: `${parent.path}${id}/` }
}

/** Committee → 2 subordinate committees → 2 grassroots committees each → 2 or 3 cells each. */
const planTree = (partyBody: string, place: string): ReadonlyArray<PlannedUnit> => {
  const rootId = randomUUID()
  const root: PlannedUnit = { id: rootId, parentId: null, kind: "committee", name: partyBody, path: `/${rootId}/` }
  const plan: Array<PlannedUnit> = [root]
  const branches = [
    {
      name: `Đảng ủy các cơ quan Đảng ${place}`,
      grassroots: [
        {
          name: `Đảng ủy Ban Tổ chức ${partyBody}`,
          cells: ["Chi bộ Phòng Tổ chức đảng, đảng viên", "Chi bộ Văn phòng"],
        },
        { name: `Đảng ủy Báo ${place}`, cells: ["Chi bộ Ban Thời sự", "Chi bộ Ban Kinh tế", "Chi bộ Ban Quốc tế"] },
      ],
    },
    {
      name: `Đảng ủy Ủy ban nhân dân ${place}`,
      grassroots: [
        { name: `Đảng ủy Sở Ngoại vụ ${place}`, cells: ["Chi bộ Phòng Lãnh sự", "Chi bộ Phòng Hợp tác quốc tế"] },
        {
          name: `Đảng ủy Sở Giáo dục và Đào tạo ${place}`,
          cells: ["Chi bộ Phòng Giáo dục đại học", "Chi bộ Văn phòng Sở", "Chi bộ Thanh tra Sở"],
        },
      ],
    },
  ]
  for (const branch of branches) {
    const subordinate = child(root, "subordinate_committee", branch.name)
    plan.push(subordinate)
    for (const grassroots of branch.grassroots) {
      const committee = child(subordinate, "grassroots_committee", grassroots.name)
      plan.push(committee)
      for (const cell of grassroots.cells) plan.push(child(committee, "cell", cell))
    }
  }
  return plan.map((unit) => ({ ...unit, name: unit.name.normalize("NFC") }))
}

export interface DemoReport {
  readonly tenant: string
  readonly orgUnits: number
  readonly members: number
  /** False when the tenant already had data and was left as it was. */
  readonly created: boolean
}

const seedTenant = (code: (typeof demoTenants)[number], seed: number) =>
  Effect.gen(function* () {
    const database = yield* Database
    const tenant = yield* database.withGlobal(findTenantByCode(code))
    const reference = referenceTenants.find((t) => t.code === code)
    const provinceCode = reference?.adminCode ?? "00"
    return yield* database.withTenant(
      tenant.id,
      Effect.gen(function* () {
        const existing = yield* tenantQuery((db) =>
          db
            .selectFrom("org_unit")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow(),
        )
        if (Number(existing.n) > 0) {
          return { tenant: code, orgUnits: 0, members: 0, created: false } satisfies DemoReport
        }
        const random = seededRandom(seed)
        const units = planTree(tenant.partyBody, tenant.name)
        const cells = units.filter((unit) => unit.kind === "cell")
        const members = Array.from({ length: MEMBERS_PER_TENANT }, (_, index) => {
          const person = demoPerson(random, provinceCode, index + 1)
          const status: MemberStatus = index === 7 ? "under_review" : index === 13 ? "under_investigation" : "active"
          // Search demos need a member everyone can type: "nguyen van a" finds "Nguyễn Văn A".
          const fullName = code === "ho-chi-minh" && index === 0 ? "Nguyễn Văn A" : person.fullName
          const sex = code === "ho-chi-minh" && index === 0 ? "male" : person.sex
          const cell = cells[index % cells.length] as PlannedUnit
          return { ...person, fullName, sex, status, orgUnitId: cell.id }
        })
        yield* tenantQuery((db, tenantId) =>
          db
            .insertInto("org_unit")
            .values(
              units.map((unit) => ({
                tenant_id: tenantId,
                id: unit.id,
                parent_id: unit.parentId,
                kind: unit.kind,
                name: unit.name,
                path: unit.path,
              })),
            )
            .execute(),
        )
        yield* tenantQuery((db, tenantId) =>
          db
            .insertInto("member")
            .values(
              members.map((m) => ({
                tenant_id: tenantId,
                org_unit_id: m.orgUnitId,
                full_name: m.fullName,
                sex: m.sex,
                birth_date: m.birthDate,
                citizen_id: m.citizenId,
                party_card_no: m.partyCardNo,
                status: m.status,
              })),
            )
            .execute(),
        )
        return { tenant: code, orgUnits: units.length, members: members.length, created: true } satisfies DemoReport
      }),
    )
  })

/**
 * The demo data set: an organisation tree and members for each of `demoTenants`, written
 * as the app role under each tenant's row-level security, like any other write. A tenant
 * that already has an organisation tree is left untouched, so every start may call it.
 */
export const seedDemoData: Effect.Effect<
  ReadonlyArray<DemoReport>,
  DatabaseError | TenantNotFound,
  Database
> = Effect.forEach(demoTenants, (code, index) => seedTenant(code, 2025_07_01 + index))
