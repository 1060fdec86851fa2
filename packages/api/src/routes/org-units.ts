import { scopeOf } from "@abroad/auth"
import { createOrgUnit, listOrgUnits, moveOrgUnit, todayInVietnam } from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Day, TenantCode, Uuid } from "./schemas.ts"

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

const UnitKind = Schema.Literals(["subordinate_committee", "grassroots_committee", "cell"])

const audit = (context: RequestContext, action: string, unitId: string, details: Record<string, unknown>) =>
  auditByActor(context, {
    action,
    entityType: "org_unit",
    entityId: unitId,
    details,
  })

export const createOrgUnitRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/org-units",
  operationId: "createOrgUnit",
  summary: "Thêm tổ chức đảng — add a unit to the tree",
  description: "Under a parent of a fitting kind (a cell under a committee, …), effective from `validFrom`. Audited.",
  tags: ["organisation"],
  access: { kind: "tenant", capability: "org.manage" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: Schema.Struct({
    parentId: Uuid,
    kind: UnitKind,
    name: Schema.String.check(Schema.isMinLength(2), Schema.isMaxLength(200)),
    validFrom: Day,
  }),
  success: { status: 201, description: "The unit", schema: Schema.Struct({ id: Uuid, path: Schema.String }) },
  errors: [404, 422, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.tap(createOrgUnit(body), (unit) => audit(context, "org_unit.created", unit.id, { ...body })),
    ),
})

export const moveOrgUnitRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/org-units/{unitId}/move",
  operationId: "moveOrgUnit",
  summary: "Chuyển tổ chức đảng — move a unit with its subtree",
  description:
    "The unit keeps its id, so its members and the grants scoped to it follow; the move is kept with its " +
    "effective date. Audited.",
  tags: ["organisation"],
  access: { kind: "tenant", capability: "org.manage" },
  params: Schema.Struct({ tenantCode: TenantCode, unitId: Uuid }),
  body: Schema.Struct({ toParentId: Uuid, effectiveOn: Day }),
  success: { status: 200, description: "Moved", schema: Schema.Struct({ movedUnits: Schema.Number }) },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.flatMap(todayInVietnam, (today) =>
        Effect.tap(moveOrgUnit({ unitId: params.unitId, ...body, today, movedBy: actorOf(context).userId }), () =>
          audit(context, "org_unit.moved", params.unitId, { ...body }),
        ),
      ),
    ),
})

export const orgUnitRoutes = [listOrgUnitsRoute, createOrgUnitRoute, moveOrgUnitRoute]
