import { Database, type DB, type GlobalTx, globalQuery, type TenantTx, tenantQuery } from "@abroad/db"
import type { Effect } from "effect"
import type { Insertable, Updateable } from "kysely"
import { describe, expectTypeOf, it } from "vitest"

// These are checked by the compiler (`tsc` runs in the test command): a tenant query that
// escapes its transaction is a type error, not a runtime surprise.
const members = tenantQuery((db) => db.selectFrom("member").select(["id", "full_name"]).execute())
const tenants = globalQuery((db) => db.selectFrom("tenant").select("code").execute())

describe("the database types", () => {
  it("make a tenant query require the tenant's transaction", () => {
    expectTypeOf<Effect.Services<typeof members>>().toEqualTypeOf<TenantTx>()
    const inside = Database.use((database) => database.withTenant("00000000-0000-0000-0000-000000000000", members))
    expectTypeOf<Effect.Services<typeof inside>>().toEqualTypeOf<Database>()
  })

  it("leave a tenant query run in a global transaction still wanting a tenant", () => {
    const escaped = Database.use((database) => database.withGlobal(members))
    expectTypeOf<Effect.Services<typeof escaped>>().toEqualTypeOf<Database | TenantTx>()
    const global = Database.use((database) => database.withGlobal(tenants))
    expectTypeOf<Effect.Services<typeof global>>().toEqualTypeOf<Database>()
    expectTypeOf<Effect.Services<typeof tenants>>().toEqualTypeOf<GlobalTx>()
  })

  it("describe rows from the schema, generated columns read-only", () => {
    expectTypeOf<Effect.Success<typeof members>>().toEqualTypeOf<Array<{ id: string; full_name: string }>>()
    expectTypeOf<keyof Insertable<DB["member"]>>().toEqualTypeOf<
      | "tenant_id"
      | "id"
      | "org_unit_id"
      | "full_name"
      | "sex"
      | "birth_date"
      | "citizen_id"
      | "party_card_no"
      | "admitted_on"
      | "full_member_on"
      | "managed_by_unit_id"
      | "political_issue_pending"
      | "updated_at"
      | "status"
      | "extra"
    >()
    // The folded search name is the database's to write (a generated column).
    expectTypeOf<Updateable<DB["member"]>>().not.toHaveProperty("search_name")
  })

  it("describe a trip with its record beside the columns lists filter by", () => {
    expectTypeOf<keyof Insertable<DB["trip"]>>().toEqualTypeOf<
      | "tenant_id"
      | "id"
      | "member_id"
      | "cell_id"
      | "status"
      | "purpose"
      | "funding"
      | "countries"
      | "planned_departure"
      | "planned_return"
      | "actual_departure"
      | "actual_return"
      | "companions_who_are_members"
      | "routing_committee_id"
      | "routing_basis"
      | "regulation_version"
      | "arrangement_kind"
      | "report_due_on"
      | "report_submitted_on"
      | "overdue_return_since"
      | "report_overdue_since"
      | "revision"
      | "record"
      | "extra"
      | "companions"
      | "relatives_undertaking"
      | "created_by"
      | "updated_at"
    >()
    // When a trip was filed is the database's to say.
    expectTypeOf<Updateable<DB["trip"]>>().not.toHaveProperty("created_at")
  })
})
