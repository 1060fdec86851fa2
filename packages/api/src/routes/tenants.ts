import { listTenants, TenantSummary } from "@abroad/core"
import { Database } from "@abroad/db"
import { Effect, Schema, Struct } from "effect"
import { defineRoute } from "./route.ts"

const TenantListQuery = Schema.Struct({
  kind: Schema.optionalKey(
    Schema.Literals(["province", "city", "ministry"]).annotate({ description: "Only tenants of this kind" }),
  ),
})

/**
 * What anyone may see of a tenant: enough to pick one on a sign-in page. Picked from the
 * core's `TenantSummary` by name, so a field the core adds later stays private until it is
 * listed here.
 */
const PublicTenant = TenantSummary.mapFields(Struct.pick(["code", "name", "kind"])).annotate({
  identifier: "PublicTenant",
  title: "Tenant",
})

/** The public list of tenants: what a sign-in page offers to choose from. No personal data. */
export const listTenantsRoute = defineRoute({
  method: "get",
  path: "/api/tenants",
  operationId: "listTenants",
  summary: "Danh sách đơn vị (tỉnh, thành phố, bộ, ngành) — the tenants",
  description: "Active tenants in Vietnamese alphabetical order. Public.",
  tags: ["tenants"],
  access: { kind: "public" },
  query: TenantListQuery,
  success: {
    status: 200,
    description: "The tenants",
    schema: Schema.Struct({ tenants: Schema.Array(PublicTenant) }).annotate({ identifier: "TenantList" }),
  },
  errors: [503],
  handler: ({ query }) =>
    Database.use((database) => database.withGlobal(listTenants)).pipe(
      Effect.map((tenants) => ({
        tenants: tenants
          .filter((tenant) => query.kind === undefined || tenant.kind === query.kind)
          .map(({ code, name, kind }) => ({ code, name, kind })),
      })),
    ),
})
