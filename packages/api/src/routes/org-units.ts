import { scopeOf } from "@abroad/auth"
import { listOrgUnits } from "@abroad/core"
import { Effect, Schema } from "effect"
import { inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute } from "./route.ts"
import { TenantCode, Uuid } from "./schemas.ts"

const OrgUnit = Schema.Struct({
  id: Uuid,
  parentId: Schema.NullOr(Uuid),
  kind: Schema.Literals(["committee", "subordinate_committee", "grassroots_committee", "cell"]),
  name: Schema.String,
  path: Schema.String,
  depth: Schema.Number,
}).annotate({ identifier: "OrgUnit" })

/** Cây tổ chức: the organisation tree within one's scope. */
export const listOrgUnitsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/org-units",
  operationId: "listOrgUnits",
  summary: "Cây tổ chức — the organisation tree",
  description:
    "Parents before children, siblings in Vietnamese order. A reader scoped to a committee sees its subtree " +
    "and the units above it.",
  tags: ["organisation"],
  access: { kind: "tenant", capability: "org.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  success: { status: 200, description: "The tree", schema: Schema.Struct({ orgUnits: Schema.Array(OrgUnit) }) },
  errors: [404, 503],
  handler: ({ context }) =>
    inTenant(
      context,
      listOrgUnits(scopeOf(tenantOf(context).access, "org.read") ?? { kind: "self", memberIds: [] }),
    ).pipe(Effect.map((orgUnits) => ({ orgUnits }))),
})
