import { scopeOf } from "@abroad/auth"
import { createMember, dayInVietnam, listMembers, memberRecord, updateMember } from "@abroad/core"
import { Effect, Schema } from "effect"
import { auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Day, Instant, PageLimit, TenantCode, Uuid } from "./schemas.ts"

const MemberSummary = Schema.Struct({
  id: Uuid,
  fullName: Schema.String,
  orgUnitId: Uuid,
  orgUnitName: Schema.String,
  status: Schema.String,
  birthDate: Schema.NullOr(Schema.String),
}).annotate({ identifier: "MemberSummary" })

/** What of the tenant the actor may read members in: the grant's subtree, or themself. */
const memberVisibility = (context: RequestContext) => {
  const access = tenantOf(context).access
  return scopeOf(access, "member.read") ?? scopeOf(access, "member.self") ?? { kind: "self" as const, memberIds: [] }
}

export const listMembersRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/members",
  operationId: "listMembers",
  summary: "Danh sách đảng viên trong phạm vi — members within one's scope",
  description:
    "An officer scoped to a committee sees its subtree only. `q` searches names ignoring diacritics and small " +
    'typos ("Nguyen Van A" finds "Nguyễn Văn A"), or a CCCD or card number; `status` and `orgUnitId` (its subtree) ' +
    "narrow the list. Pages (without `q`): pass the answer's `next` as `afterName` and `afterId`.",
  tags: ["members"],
  access: { kind: "tenant", capability: "member.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    q: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
    afterName: Schema.optionalKey(Schema.String),
    afterId: Schema.optionalKey(Uuid),
    status: Schema.optionalKey(Schema.Literals(["active", "under_review", "under_investigation", "left"])),
    orgUnitId: Schema.optionalKey(Uuid),
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page, and where the next begins (null on the last page, and for a search)",
    schema: Schema.Struct({
      members: Schema.Array(MemberSummary),
      next: Schema.NullOr(Schema.Struct({ afterName: Schema.String, afterId: Uuid })),
    }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listMembers({
        visibility: memberVisibility(context),
        limit: query.limit ?? 50,
        ...(query.q === undefined ? {} : { search: query.q }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.orgUnitId === undefined ? {} : { orgUnitId: query.orgUnitId }),
        ...(query.afterName === undefined || query.afterId === undefined
          ? {}
          : { after: { name: query.afterName, id: query.afterId } }),
      }),
    ).pipe(
      Effect.map((members) => {
        const last = members[members.length - 1]
        const full = members.length === (query.limit ?? 50) && query.q === undefined
        return { members, next: full && last !== undefined ? { afterName: last.fullName, afterId: last.id } : null }
      }),
    ),
})

const MemberRecordSchema = Schema.Struct({
  id: Uuid,
  fullName: Schema.String,
  sex: Schema.NullOr(Schema.Literals(["male", "female"])),
  birthDate: Schema.NullOr(Schema.String),
  citizenId: Schema.NullOr(Schema.String),
  partyCardNo: Schema.NullOr(Schema.String),
  admittedOn: Schema.NullOr(Schema.String),
  fullMemberOn: Schema.NullOr(Schema.String),
  orgUnitId: Uuid,
  managedByUnitId: Schema.NullOr(Uuid),
  status: Schema.Literals(["active", "under_review", "under_investigation", "left"]),
  politicalIssuePending: Schema.Boolean,
  extra: Schema.Record(Schema.String, Schema.Unknown).annotate({ description: "Plugins' fields, by plugin id" }),
  updatedAt: Instant,
}).annotate({ identifier: "MemberRecord" })

/** The form of a member's record, saved whole. Rules beyond shape (CCCD digits, dates) answer 422 per field. */
const MemberBody = Schema.Struct({
  fullName: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
  sex: Schema.NullOr(Schema.Literals(["male", "female"])),
  birthDate: Schema.NullOr(Day),
  citizenId: Schema.NullOr(Schema.String.check(Schema.isMaxLength(20))),
  partyCardNo: Schema.NullOr(Schema.String.check(Schema.isMaxLength(20))),
  admittedOn: Schema.NullOr(Day),
  fullMemberOn: Schema.NullOr(Day),
  orgUnitId: Uuid,
  managedByUnitId: Schema.NullOr(Uuid),
  status: Schema.Literals(["active", "under_review", "under_investigation", "left"]),
  politicalIssuePending: Schema.Boolean,
  extra: Schema.optionalKey(
    Schema.Record(Schema.String, Schema.Unknown).annotate({
      description:
        "Fields of the tenant's enabled plugins, under each plugin's id (see GET /api/t/{tenantCode}/plugins/fields?form=member); " +
        "each checked by the plugin's Schema (400 at body.extra.<pluginId>.<name>). Absent on an update: kept as they are.",
    }),
  ),
}).annotate({ identifier: "MemberForm" })

/** Today in Vietnam, the day deadlines and dates in forms are judged by. */
const today = () => dayInVietnam(new Date())

const auditMember = (context: RequestContext, action: string, memberId: string, fields: ReadonlyArray<string>) =>
  auditByActor(context, {
    action,
    entityType: "member",
    entityId: memberId,
    // Which fields changed, not their values: the log is read more widely than the record.
    details: { fields },
  })

export const createMemberRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/members",
  operationId: "createMember",
  summary: "Thêm đảng viên — add a member",
  description: "Into a cell within the officer's scope. Each broken rule is reported with its field (422). Audited.",
  tags: ["members"],
  access: { kind: "tenant", capability: "member.write" },
  idempotent: true,
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: MemberBody,
  success: { status: 201, description: "The member", schema: Schema.Struct({ member: MemberRecordSchema }) },
  errors: [404, 409, 422, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const visibility = scopeOf(tenantOf(context).access, "member.write") ?? { kind: "self" as const, memberIds: [] }
        const member = yield* createMember(body, visibility, today())
        yield* auditMember(context, "member.created", member.id, Object.keys(body))
        return { member }
      }),
    ),
})

export const updateMemberRoute = defineRoute({
  method: "put",
  path: "/api/t/{tenantCode}/members/{memberId}",
  operationId: "updateMember",
  summary: "Sửa hồ sơ đảng viên — update a member's record",
  description: "The whole record is sent, as the form holds it. Audited with the names of the fields that changed.",
  tags: ["members"],
  access: { kind: "tenant", capability: "member.write" },
  params: Schema.Struct({ tenantCode: TenantCode, memberId: Uuid }),
  body: MemberBody,
  success: { status: 200, description: "The member", schema: Schema.Struct({ member: MemberRecordSchema }) },
  errors: [404, 409, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const visibility = scopeOf(tenantOf(context).access, "member.write") ?? { kind: "self" as const, memberIds: [] }
        const { before, after } = yield* updateMember(params.memberId, body, visibility, today())
        const changed = (Object.keys(body) as Array<keyof typeof body>).filter((key) =>
          key === "extra" ? JSON.stringify(before.extra) !== JSON.stringify(after.extra) : before[key] !== after[key],
        )
        yield* auditMember(context, "member.updated", after.id, changed)
        return { member: after }
      }),
    ),
})

export const getMemberRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/members/{memberId}",
  operationId: "getMember",
  summary: "Hồ sơ một đảng viên — one member's record",
  description: "Outside one's scope, or in another tenant, a member is not found (404).",
  tags: ["members"],
  access: { kind: "tenant", capability: "member.read" },
  params: Schema.Struct({ tenantCode: TenantCode, memberId: Uuid }),
  success: { status: 200, description: "The member", schema: Schema.Struct({ member: MemberRecordSchema }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, memberRecord(params.memberId, memberVisibility(context))).pipe(
      Effect.map((member) => ({ member })),
    ),
})

export const memberRoutes = [listMembersRoute, createMemberRoute, getMemberRoute, updateMemberRoute]
