import { Database, type DatabaseError, globalQuery, oversightQuery, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import { decideTransfer, sendTransfers } from "./transfers.ts"

interface DemoOrg {
  readonly id: string
  readonly parentId: string | null
  readonly kind: "committee" | "cell"
  readonly name: string
  readonly country: string
  readonly mission: string | null
}

const committee = (id: string, country: string, where: string): DemoOrg => ({
  id,
  parentId: null,
  kind: "committee",
  name: `Đảng bộ Đại sứ quán Việt Nam tại ${where}`,
  country,
  mission: `Đại sứ quán Việt Nam tại ${where}`,
})

const cell = (id: string, parentId: string, country: string, name: string, mission: string | null): DemoOrg => ({
  id,
  parentId,
  kind: "cell",
  name,
  country,
  mission,
})

/** Fixed ids, so that seeding again adds nothing and demo bulletins can name them. */
const JP = "0b5e3a10-86a0-4c00-8000-000000000392"
const KR = "0b5e3a10-86a0-4c00-8000-000000000410"
const RU = "0b5e3a10-86a0-4c00-8000-000000000643"
const US = "0b5e3a10-86a0-4c00-8000-000000000840"
const DE = "0b5e3a10-86a0-4c00-8000-000000000276"

/**
 * Tổ chức đảng ở nước ngoài mẫu: party committees at a few embassies and their cells, in the
 * countries the demo trips go to. Parents come before their cells.
 */
export const DEMO_OVERSEAS_ORGS: ReadonlyArray<DemoOrg> = [
  committee(JP, "JP", "Nhật Bản"),
  cell(
    "0b5e3a10-86a0-4c00-8001-000000000392",
    JP,
    "JP",
    "Chi bộ Đại sứ quán tại Tokyo",
    "Đại sứ quán Việt Nam tại Nhật Bản",
  ),
  cell(
    "0b5e3a10-86a0-4c00-8002-000000000392",
    JP,
    "JP",
    "Chi bộ Tổng Lãnh sự quán tại Osaka",
    "Tổng Lãnh sự quán Việt Nam tại Osaka",
  ),
  cell("0b5e3a10-86a0-4c00-8003-000000000392", JP, "JP", "Chi bộ lưu học sinh tại Nhật Bản", null),
  committee(KR, "KR", "Hàn Quốc"),
  cell(
    "0b5e3a10-86a0-4c00-8001-000000000410",
    KR,
    "KR",
    "Chi bộ Đại sứ quán tại Seoul",
    "Đại sứ quán Việt Nam tại Hàn Quốc",
  ),
  cell("0b5e3a10-86a0-4c00-8002-000000000410", KR, "KR", "Chi bộ người lao động tại Hàn Quốc", null),
  committee(RU, "RU", "Liên bang Nga"),
  cell(
    "0b5e3a10-86a0-4c00-8001-000000000643",
    RU,
    "RU",
    "Chi bộ Đại sứ quán tại Moskva",
    "Đại sứ quán Việt Nam tại Liên bang Nga",
  ),
  committee(US, "US", "Hoa Kỳ"),
  cell(
    "0b5e3a10-86a0-4c00-8001-000000000840",
    US,
    "US",
    "Chi bộ Đại sứ quán tại Washington",
    "Đại sứ quán Việt Nam tại Hoa Kỳ",
  ),
  committee(DE, "DE", "Cộng hòa Liên bang Đức"),
  cell(
    "0b5e3a10-86a0-4c00-8001-000000000276",
    DE,
    "DE",
    "Chi bộ Đại sứ quán tại Berlin",
    "Đại sứ quán Việt Nam tại Đức",
  ),
]

/**
 * Seeds the demo register of organisations abroad, as the oversight role (the only one that writes
 * it). Idempotent: an organisation already there is left as it is.
 */
export const seedDemoOverseasOrgs: Effect.Effect<{ readonly created: number }, DatabaseError, Database> = Database.use(
  (database) =>
    database.withOversight(
      oversightQuery(async (db) => {
        let created = 0
        for (const org of DEMO_OVERSEAS_ORGS) {
          const path = org.parentId === null ? `/${org.id}/` : `/${org.parentId}/${org.id}/`
          const inserted = await db
            .insertInto("overseas_org")
            .values({
              id: org.id,
              parent_id: org.parentId,
              kind: org.kind,
              name: org.name,
              country: org.country,
              mission: org.mission,
              path,
            })
            .onConflict((conflict) => conflict.column("id").doNothing())
            .returning("id")
            .executeTakeFirst()
          if (inserted !== undefined) created++
        }
        return { created }
      }),
    ),
)

/**
 * For the demo trips under way whose stay calls for a transfer of party activity, a transfer sent
 * by the home tenant (3A-SHĐ for labour export) and accepted by the oversight body to a cell in
 * the trip's country, where the demo register has one — so the oversight desk's list and map show
 * members attached to organisations abroad. Trips with a transfer already are left alone.
 */
export const seedDemoTransfers = (
  tenantCodes: ReadonlyArray<string>,
): Effect.Effect<{ readonly created: number }, DatabaseError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    let created = 0
    const cells = DEMO_OVERSEAS_ORGS.filter((org) => org.kind === "cell")
    for (const code of tenantCodes) {
      const tenant = yield* database.withGlobal(
        globalQuery((db) => db.selectFrom("tenant").select("id").where("code", "=", code).executeTakeFirst()),
      )
      if (tenant === undefined) continue
      const sent = yield* database.withTenant(
        tenant.id,
        Effect.gen(function* () {
          const trips = yield* tenantQuery((db) =>
            db
              .selectFrom("trip")
              .select(["trip.id", "trip.purpose", sql<string>`array_to_string(trip.countries, ',')`.as("countries")])
              .where("trip.status", "=", "departed")
              .where("trip.arrangement_kind", "in", ["temporary_transfer", "official_transfer"])
              .where(({ not, exists, selectFrom }) =>
                not(
                  exists(
                    selectFrom("activity_transfer")
                      .select("activity_transfer.id")
                      .whereRef("activity_transfer.tenant_id", "=", "trip.tenant_id")
                      .whereRef("activity_transfer.trip_id", "=", "trip.id"),
                  ),
                ),
              )
              .orderBy("trip.id")
              .execute(),
          )
          const out: Array<{ readonly id: string; readonly cell: string }> = []
          for (const trip of trips) {
            const cell = cells.find((org) => trip.countries.split(",").includes(org.country))
            if (cell === undefined) continue
            const [transfer] = yield* sendTransfers({
              tripIds: [trip.id],
              form: trip.purpose === "labour_export" ? "3A-SHĐ" : "3-SHĐ",
              proposedOverseasOrgId: cell.id,
              note: null,
              visibility: { kind: "tenant" },
              userId: null,
            }).pipe(Effect.orDie)
            if (transfer !== undefined) out.push({ id: transfer.id, cell: cell.id })
          }
          return out
        }),
      )
      for (const transfer of sent) {
        yield* database
          .withOversight(
            decideTransfer({
              transferId: transfer.id,
              decision: { outcome: "accept", overseasOrgId: transfer.cell },
              userId: null,
            }),
          )
          .pipe(Effect.orDie)
        created++
      }
    }
    return { created }
  })
