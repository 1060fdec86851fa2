import { Database, type DatabaseError, type MemberStatus, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import { findTenantByCode, type TenantNotFound } from "../tenants/directory.ts"
import { referenceTenants } from "../tenants/reference.ts"
import { type DemoTenantCode, type PlannedUnit, planOrganisation } from "./organisation.ts"
import { demoPerson } from "./people.ts"
import { seededRandom } from "./random.ts"
import { seedDemoTrips } from "./trips.ts"

/** The tenants that get an organisation tree and members in demo mode (dữ liệu mẫu). */
export const demoTenants: ReadonlyArray<DemoTenantCode> = ["ho-chi-minh", "quang-ninh", "ha-noi"]

const MEMBERS_PER_TENANT = 120

/** Members whose trips the rules must refuse: one under review, one under investigation. */
const STATUS_BY_INDEX: ReadonlyMap<number, MemberStatus> = new Map([
  [7, "under_review"],
  [13, "under_investigation"],
])

/** The member search demos use: "nguyen van a" finds "Nguyễn Văn A". */
const SEARCH_DEMO = { tenant: "ho-chi-minh", index: 0, fullName: "Nguyễn Văn A", sex: "male" } as const

/** Citizen IDs begin with the province's code, so a demo tenant must be a province. */
const provinceAdminCode = (code: DemoTenantCode): string => {
  const adminCode = referenceTenants.find((t) => t.code === code)?.adminCode
  if (adminCode == null) throw new Error(`demo tenant ${code} is not a province of the reference list`)
  return adminCode
}
// A mistake in the list above shows when this module loads, not when someone runs the demo.
for (const code of demoTenants) provinceAdminCode(code)

export interface DemoReport {
  readonly tenant: DemoTenantCode
  readonly orgUnits: number
  readonly members: number
  /** False when the tenant already had an organisation tree and was left as it was. */
  readonly created: boolean
  /** Demo trips written now: none when the tenant had trips already. */
  readonly trips: number
}

const planMembers = (code: DemoTenantCode, seed: number, cells: ReadonlyArray<PlannedUnit>) => {
  const random = seededRandom(seed)
  const adminCode = provinceAdminCode(code)
  return Array.from({ length: MEMBERS_PER_TENANT }, (_, index) => {
    const person = demoPerson(random, adminCode, index + 1)
    const searchDemo = code === SEARCH_DEMO.tenant && index === SEARCH_DEMO.index
    const cell = cells[index % cells.length]
    if (cell === undefined) throw new Error(`demo tree of ${code} has no cells`)
    return {
      ...person,
      fullName: searchDemo ? SEARCH_DEMO.fullName : person.fullName,
      sex: searchDemo ? SEARCH_DEMO.sex : person.sex,
      status: STATUS_BY_INDEX.get(index) ?? "active",
      orgUnitId: cell.id,
    }
  })
}

const seedTenant = (code: DemoTenantCode, seed: number) =>
  Effect.gen(function* () {
    const database = yield* Database
    const tenant = yield* database.withGlobal(findTenantByCode(code))
    // A tenant merged into another has no tree of its own any more: its data lives on in the successor.
    if (tenant.status === "merged") return { tenant: code, orgUnits: 0, members: 0, created: false }
    return yield* database.withTenant(
      tenant.id,
      Effect.gen(function* () {
        // Two seeders at once (`pnpm platform seed --demo` on two machines, or two servers
        // starting together on one PostgreSQL) would both find the tenant empty and the
        // second would fail on a unique key. The second waits here for the first to commit,
        // then finds its tree. Transaction-scoped: a crash cannot leave it held.
        yield* tenantQuery((db, tenantId) =>
          sql`select pg_advisory_xact_lock(hashtextextended(${`abroad_seed:demo:${tenantId}`}, 0))`.execute(db),
        )
        const existing = yield* tenantQuery((db) => db.selectFrom("org_unit").select("id").limit(1).executeTakeFirst())
        if (existing !== undefined) {
          return { tenant: code, orgUnits: 0, members: 0, created: false }
        }
        const units = planOrganisation(code, tenant.partyBody)
        const members = planMembers(
          code,
          seed,
          units.filter((unit) => unit.kind === "cell"),
        )
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
                admitted_on: m.admittedOn,
                full_member_on: m.fullMemberOn,
                status: m.status,
              })),
            )
            .execute(),
        )
        return { tenant: code, orgUnits: units.length, members: members.length, created: true }
      }),
    )
  })

/**
 * The demo data set: an organisation tree and members for each of `demoTenants`, written
 * as the app role under each tenant's row-level security, like any other write. The people
 * come from a seeded generator, so every run yields the same names, dates and citizen IDs.
 * A tenant that already has an organisation tree is left untouched, so every start may call
 * it. Then each tenant's demo trips, in every state of the workflow (`trips.ts`), unless it has
 * trips already. Needs the reference tenants and countries seeded first (`TenantNotFound` otherwise).
 */
export const seedDemoData: Effect.Effect<
  ReadonlyArray<DemoReport>,
  DatabaseError | TenantNotFound,
  Database
> = Effect.forEach(demoTenants, (code, index) =>
  Effect.gen(function* () {
    const seed = 2025_07_01 + index
    const report = yield* seedTenant(code, seed)
    // Apart from the tree, so that a data folder seeded before trips existed gets them too.
    const database = yield* Database
    const tenant = yield* database.withGlobal(findTenantByCode(code))
    const trips =
      tenant.status === "merged" ? 0 : yield* database.withTenant(tenant.id, seedDemoTrips(seededRandom(seed + 86)))
    return { ...report, trips } satisfies DemoReport
  }),
)
