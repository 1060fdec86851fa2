import { listTenants, TenantSummary } from "@abroad/core"
import { Database } from "@abroad/db"
import { Effect, Schema } from "effect"
import { defineRoute } from "./route.ts"

const TenantListQuery = Schema.Struct({
  kind: Schema.optionalKey(
    Schema.Literals(["province", "city", "ministry"]).annotate({ description: "Only tenants of this kind" }),
  ),
})

/** The public list of tenants: what a sign-in page offers to choose from. No personal data. */
export const listTenantsRoute = defineRoute({
  method: "get",
  path: "/api/tenants",
  operationId: "listTenants",
  summary: "Danh sách đơn vị (tỉnh, thành phố, bộ, ngành) — the tenants",
  description: "Active tenants in Vietnamese alphabetical order. Public.",
  tags: ["tenants"],
  query: TenantListQuery,
  success: {
    status: 200,
    description: "The tenants",
    schema: Schema.Struct({ tenants: Schema.Array(TenantSummary) }).annotate({ identifier: "TenantList" }),
  },
  errors: [503],
  handler: ({ query }) =>
    Database.use((database) => database.withGlobal(listTenants)).pipe(
      Effect.map((tenants) => ({
        tenants: query.kind === undefined ? tenants : tenants.filter((tenant) => tenant.kind === query.kind),
      })),
    ),
})
