import { findTenantByCode } from "@abroad/core"
import { Database, oversightQuery, tenantQuery } from "@abroad/db"
import { Effect } from "effect"

/**
 * What the oversight routes stand on, written the way the platform writes it: an organisation
 * abroad (by the oversight role), a transfer the home tenant sent for a member's trip (by the app
 * role, received), accepted by the oversight role, and a notice it then sent.
 */
export interface OversightFixture {
  readonly orgId: string
  readonly transferId: string
  readonly noticeId: string
}

export const seedOrganisationAbroad = (name: string, country = "JP") =>
  Database.use((database) =>
    database.withOversight(
      oversightQuery(async (db) => {
        const id = crypto.randomUUID()
        await db
          .insertInto("overseas_org")
          .values({ id, kind: "cell", name, country, mission: null, path: `/${id}/` })
          .execute()
        return id
      }),
    ),
  )

/** A transfer for the trip of `memberId`, accepted to `orgId`, and a notice about the member. */
export const seedOversightFixture = (
  code: string,
  input: { readonly tripId: string; readonly memberId: string; readonly orgId: string },
) =>
  Database.use((database) =>
    Effect.gen(function* () {
      const tenant = yield* database.withGlobal(findTenantByCode(code))
      const transferId = yield* database.withTenant(
        tenant.id,
        tenantQuery(async (db, tenantId) => {
          const row = await db
            .insertInto("activity_transfer")
            .values({
              tenant_id: tenantId,
              trip_id: input.tripId,
              member_id: input.memberId,
              form: "3-SHĐ",
              kind: "official",
              member_name: "Nguyễn Văn A",
              home_unit_name: "Chi bộ X1",
              purpose: "study",
              countries: ["JP"],
              planned_departure: "2026-09-01",
              planned_return: "2027-09-01",
            })
            .returning("id")
            .executeTakeFirstOrThrow()
          return row.id
        }),
      )
      const noticeId = yield* database.withOversight(
        oversightQuery(async (db) => {
          await db
            .updateTable("activity_transfer")
            .set({ status: "accepted", assigned_overseas_org_id: input.orgId, decided_at: new Date() })
            .where("id", "=", transferId)
            .execute()
          const notice = await db
            .insertInto("oversight_notice")
            .values({
              tenant_id: tenant.id,
              member_id: input.memberId,
              trip_id: input.tripId,
              kind: "concern",
              body: "Đảng viên chưa liên hệ chi bộ ở nước ngoài.",
              sent_by_name: "Giám sát",
            })
            .returning("id")
            .executeTakeFirstOrThrow()
          return notice.id
        }),
      )
      return { orgId: input.orgId, transferId, noticeId } satisfies OversightFixture
    }),
  )
