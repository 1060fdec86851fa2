import { scopeOf } from "@abroad/auth"
import {
  applyPlan2025,
  dayInVietnam,
  listMemberConflicts,
  mergeTenants,
  REORGANISATION_2025_EFFECTIVE,
  tripsByOriginalTenant,
} from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Day, Instant, TenantCode, Uuid } from "./schemas.ts"

/** Sáp nhập: merging tenants (platform operators), and what a merge leaves for the successor. */

const TableReport = Schema.Struct({
  table: Schema.String,
  moved: Schema.Int,
  kept: Schema.Int.annotate({ description: "Left with the predecessor: its own configuration" }),
  merged: Schema.Int.annotate({ description: "Member records merged into an identical record of the same person" }),
  created: Schema.Int.annotate({ description: "Rows the merge writes (moves of committees, audit entries, …)" }),
}).annotate({ identifier: "MergeTableReport" })

const MergeReport = Schema.Struct({
  into: TenantCode,
  from: Schema.Array(TenantCode),
  effectiveOn: Day,
  tables: Schema.Array(TableReport),
  members: Schema.Struct({
    duplicateGroups: Schema.Int,
    mergedRecords: Schema.Int,
    conflicts: Schema.Int,
    conflictingRecords: Schema.Int,
  }),
  conflicts: Schema.Array(
    Schema.Struct({
      records: Schema.Int,
      tenants: Schema.Array(TenantCode),
      differingFields: Schema.Array(Schema.String),
    }),
  ).annotate({ description: "Without names or citizen IDs: the successor's officers see those" }),
  organisation: Schema.Struct({ subtreesAttached: Schema.Int, committeeCreated: Schema.Boolean }),
  grantsNarrowed: Schema.Int,
  accountsMoved: Schema.Int,
}).annotate({ identifier: "MergeReport" })

const MergeOutcome = Schema.Struct({
  dryRun: Schema.Boolean,
  mergeId: Schema.NullOr(Uuid),
  report: MergeReport,
}).annotate({ identifier: "MergeOutcome" })

const operator = (context: RequestContext) => {
  const actor = actorOf(context)
  return { userId: actor.userId, name: actor.username }
}

export const mergeTenantsRoute = defineRoute({
  method: "post",
  path: "/api/platform/tenants/merge",
  operationId: "mergeTenants",
  summary: "Sáp nhập đơn vị — merge tenants into one",
  description:
    "Moves every row of the tenants `from` into `into`, in one transaction: members (records of one person matched " +
    "by citizen ID: identical ones merged, differing ones kept and listed as conflicts), trips, reports, violations, " +
    "tasks, bulletins, the audit history (each chain stays verifiable), accounts and grants (narrowed to the " +
    "predecessor's subtree); the predecessors' trees hang under the successor's committee. The predecessors are " +
    "marked merged with their lineage; each moved row keeps the tenant it came from. `dryRun` reports exactly what " +
    "would move and changes nothing. The merge locks the tenant tables while it runs.",
  tags: ["platform"],
  access: { kind: "home", capability: "platform.tenants" },
  body: Schema.Struct({
    into: TenantCode,
    from: Schema.Array(TenantCode).check(Schema.isMinLength(1), Schema.isMaxLength(63)),
    effectiveOn: Schema.optionalKey(Day.annotate({ description: "The successor's first day; today by default" })),
    dryRun: Schema.optionalKey(Schema.Boolean),
  }),
  success: { status: 200, description: "What moved (or, in a dry run, would)", schema: MergeOutcome },
  errors: [404, 409, 503],
  handler: ({ body, context }) =>
    mergeTenants({
      into: body.into,
      from: body.from,
      effectiveOn: body.effectiveOn ?? dayInVietnam(new Date()),
      dryRun: body.dryRun ?? false,
      actor: operator(context),
    }),
})

export const mergePlanRoute = defineRoute({
  method: "post",
  path: "/api/platform/tenants/merge-plan",
  operationId: "applyMergePlan",
  summary: "Sắp xếp 63 tỉnh thành 34 — apply the 2025 reorganisation",
  description:
    "Applies every merge of the 2025 reorganisation (the reference list's `merged_2025_into`) in one transaction; " +
    "groups carried out already are skipped and listed. `dryRun` reports and changes nothing.",
  tags: ["platform"],
  access: { kind: "home", capability: "platform.tenants" },
  body: Schema.Struct({
    plan: Schema.Literal("2025"),
    effectiveOn: Schema.optionalKey(Day.annotate({ description: "2025-07-01 by default" })),
    dryRun: Schema.optionalKey(Schema.Boolean),
  }),
  success: {
    status: 200,
    description: "The merges, and the successors whose merge was done already",
    schema: Schema.Struct({ merges: Schema.Array(MergeOutcome), alreadyApplied: Schema.Array(TenantCode) }),
  },
  errors: [404, 409, 503],
  handler: ({ body, context }) =>
    applyPlan2025({
      effectiveOn: body.effectiveOn ?? REORGANISATION_2025_EFFECTIVE,
      dryRun: body.dryRun ?? false,
      actor: operator(context),
    }),
})

/** The subtrees a scoped reader reaches (undefined: the whole tenant). */
const subtreesOf = (context: RequestContext, capability: "member.write" | "trip.read") => {
  const scope = scopeOf(tenantOf(context).access, capability)
  return scope?.kind === "tenant" ? undefined : scope?.kind === "subtrees" ? scope.paths : []
}

const ConflictingRecord = Schema.Struct({
  memberId: Uuid,
  fullName: Schema.String,
  birthDate: Schema.NullOr(Schema.String),
  citizenId: Schema.NullOr(Schema.String),
  partyCardNo: Schema.NullOr(Schema.String),
  status: Schema.String,
  orgUnitId: Uuid,
  fromTenant: TenantCode,
}).annotate({ identifier: "ConflictingRecord" })

export const listMemberConflictsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/member-conflicts",
  operationId: "listMemberConflicts",
  summary: "Hồ sơ trùng cần xử lý — member records in conflict after a merge",
  description:
    "Records of one person (same citizen ID or party card number) brought together by a merge that differ: all kept " +
    "and flagged until a person decides. Open ones by default; an officer scoped to a committee sees the records in " +
    "its subtree only.",
  tags: ["members"],
  access: { kind: "tenant", capability: "member.write" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    status: Schema.optionalKey(Schema.Literals(["open", "resolved", "superseded", "all"])),
  }),
  success: {
    status: 200,
    description: "Oldest first",
    schema: Schema.Struct({
      conflicts: Schema.Array(
        Schema.Struct({
          id: Uuid,
          status: Schema.Literals(["open", "resolved", "superseded"]),
          detectedAt: Instant,
          differingFields: Schema.Array(Schema.String),
          records: Schema.Array(ConflictingRecord),
        }),
      ),
    }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, listMemberConflicts(query.status ?? "open", subtreesOf(context, "member.write"))).pipe(
      Effect.map((conflicts) => ({ conflicts })),
    ),
})

export const tripsByOriginRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/statistics/trips-by-origin",
  operationId: "tripsByOriginalTenant",
  summary: "Thống kê theo đơn vị cũ — trips by the tenant they were first recorded in",
  description:
    "Trips that left between `from` and `to` (actual departure, else planned), counted by the tenant each was first " +
    "recorded in: for a period before a merge, the figures in the old structure. A scoped reader counts the trips " +
    "of its subtree's cells.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({ from: Day, to: Day }),
  success: {
    status: 200,
    description: "One line per tenant, by code",
    schema: Schema.Struct({
      tenants: Schema.Array(
        Schema.Struct({ code: TenantCode, name: Schema.String, merged: Schema.Boolean, trips: Schema.Int }),
      ),
    }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, tripsByOriginalTenant({ from: query.from, to: query.to }, subtreesOf(context, "trip.read"))).pipe(
      Effect.map((tenants) => ({ tenants })),
    ),
})

export const reorganisationRoutes = [mergeTenantsRoute, mergePlanRoute, listMemberConflictsRoute, tripsByOriginRoute]
