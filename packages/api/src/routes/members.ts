import { scopeOf } from "@abroad/auth"
import { findMember, listMembers } from "@abroad/core"
import { Effect, Schema } from "effect"
import { inTenant, tenantOf } from "../auth/context.ts"
import { NotFound } from "../errors/api-error.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { PageLimit, TenantCode, Uuid } from "./schemas.ts"

const MemberSummary = Schema.Struct({
  id: Uuid,
  fullName: Schema.String,
  orgUnitId: Uuid,
  orgUnitName: Schema.String,
  status: Schema.String,
  birthDate: Schema.NullOr(Schema.String),
}).annotate({ identifier: "MemberSummary" })

const MEMBER_NOT_FOUND = new NotFound({
  message: { vi: "Không tìm thấy đảng viên này.", en: "There is no such member." },
})

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
    "An officer scoped to a committee sees its subtree only. `q` searches names ignoring diacritics " +
    '("Nguyen Van A" finds "Nguyễn Văn A"). Pages: pass the last item\'s `fullName` and `id` as `afterName`, `afterId`.',
  tags: ["members"],
  access: { kind: "tenant", capability: "member.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    q: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(200))),
    afterName: Schema.optionalKey(Schema.String),
    afterId: Schema.optionalKey(Uuid),
    limit: PageLimit,
  }),
  success: { status: 200, description: "One page", schema: Schema.Struct({ members: Schema.Array(MemberSummary) }) },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listMembers({
        visibility: memberVisibility(context),
        limit: query.limit ?? 50,
        ...(query.q === undefined ? {} : { search: query.q }),
        ...(query.afterName === undefined || query.afterId === undefined
          ? {}
          : { after: { name: query.afterName, id: query.afterId } }),
      }),
    ).pipe(Effect.map((members) => ({ members }))),
})

export const getMemberRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/members/{memberId}",
  operationId: "getMember",
  summary: "Một đảng viên — one member",
  description: "Outside one's scope, or in another tenant, a member is not found (404).",
  tags: ["members"],
  access: { kind: "tenant", capability: "member.read" },
  params: Schema.Struct({ tenantCode: TenantCode, memberId: Uuid }),
  success: { status: 200, description: "The member", schema: Schema.Struct({ member: MemberSummary }) },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, findMember(memberVisibility(context), params.memberId)).pipe(
      Effect.flatMap((member) => (member === undefined ? Effect.fail(MEMBER_NOT_FOUND) : Effect.succeed({ member }))),
    ),
})

export const memberRoutes = [listMembersRoute, getMemberRoute]
