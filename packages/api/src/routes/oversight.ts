import { recordOversightAudit } from "@abroad/auth"
import {
  ABROAD_CURSOR,
  type ActivityTransfer,
  createOverseasOrg,
  decideTransfer,
  deleteOverseasOrg,
  findTenantByCode,
  intakeTransfer,
  KEYSET_CURSOR_PATTERN,
  listMembersAbroad,
  listOverseasOrgs,
  listSentNotices,
  listTransferIntake,
  NOTICE_KINDS,
  type OversightNotice,
  overseasOrgById,
  sendNotice,
  summariseMembersAbroad,
  TenantNotFound,
  TRANSFER_STATUSES,
  updateOverseasOrg,
} from "@abroad/core"
import { Database, oversightQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { actorOf } from "../auth/context.ts"
import { NotAllowed, NotFound } from "../errors/api-error.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Instant, PageLimit, TenantCode, Text, Uuid } from "./schemas.ts"

/**
 * Đảng ủy Bộ Ngoại giao's desk, across tenants: members abroad now (a list and the figures of a
 * map), the register of party organisations abroad, the intake of transfers, notices to home
 * tenants. Every unit of work runs as the database's oversight role, which sets no tenant: what
 * it reads is what the role's policies and view admit (members abroad now, the fields the job
 * needs). Each read of personal data is written to the audit log of the member's tenant and of
 * the oversight body's own tenant, in the same transaction as the read.
 */

const CountryCode = Schema.String.check(Schema.isPattern(/^[A-Z]{2}$/)).annotate({
  description: "ISO 3166-1 alpha-2, upper case: `JP`",
})

const NOT_OVERSIGHT = new NotAllowed({
  message: {
    vi: "Chỉ Đảng ủy Bộ Ngoại giao được dùng chức năng này.",
    en: "Only the oversight body (Đảng ủy Bộ Ngoại giao) may do this.",
  },
})

/** The oversight body's tenant, which must be the caller's home: its audit log gets every read. */
const oversightBody = (context: RequestContext) => {
  const actor = actorOf(context)
  return actor.homeIsOversight && actor.homeTenantId !== null
    ? Effect.succeed(actor.homeTenantId)
    : Effect.fail(NOT_OVERSIGHT)
}

/** Runs `program` as the oversight role, for a caller of the oversight body. */
const asOversight = <A, E, R>(
  context: RequestContext,
  program: (oversightTenantId: string) => Effect.Effect<A, E, R>,
) =>
  Effect.gen(function* () {
    const oversightTenantId = yield* oversightBody(context)
    const database = yield* Database
    return yield* database.withOversight(program(oversightTenantId))
  })

interface PersonalRead {
  readonly tenantId: string
  readonly memberId: string
  readonly details: Readonly<Record<string, unknown>>
}

/** One entry per member read, in the member's tenant and in the oversight body's. */
const auditReads = (
  context: RequestContext,
  oversightTenantId: string,
  action: string,
  reads: ReadonlyArray<PersonalRead>,
) => {
  const actor = actorOf(context)
  return recordOversightAudit(
    reads.flatMap((read) => {
      const entry = {
        actorUserId: actor.userId,
        actor: actor.username,
        action,
        entityType: "member",
        entityId: read.memberId,
        details: { ...read.details, memberTenantId: read.tenantId },
        ip: context.ip,
      }
      return read.tenantId === oversightTenantId
        ? [{ ...entry, tenantId: read.tenantId }]
        : [
            { ...entry, tenantId: read.tenantId },
            { ...entry, tenantId: oversightTenantId },
          ]
    }),
  )
}

const tenantIdOf = (code: string | undefined) =>
  code === undefined
    ? Effect.succeed(undefined)
    : Database.use((database) => database.withGlobal(findTenantByCode(code))).pipe(
        Effect.map((tenant) => tenant.id),
        Effect.catchIf(
          (error): error is TenantNotFound => error instanceof TenantNotFound,
          () => Effect.fail(new NotFound({ message: { vi: "Không có đơn vị này.", en: "There is no such tenant." } })),
        ),
      )

// ——— Members abroad ———

const MemberAbroad = Schema.Struct({
  tenantId: Uuid,
  tenantCode: Schema.String,
  tenantName: Schema.String,
  tripId: Uuid,
  memberId: Uuid,
  fullName: Schema.String,
  birthDate: Schema.NullOr(Schema.String),
  homeUnitName: Schema.NullOr(Schema.String),
  purpose: Schema.String,
  countries: Schema.Array(Schema.String),
  plannedDeparture: Schema.String,
  plannedReturn: Schema.String,
  actualDeparture: Schema.NullOr(Schema.String),
  arrangement: Schema.NullOr(Schema.String),
  overdueReturnSince: Schema.NullOr(Schema.String),
  overseasOrgId: Schema.NullOr(Uuid),
  overseasOrgName: Schema.NullOr(Schema.String),
}).annotate({ identifier: "MemberAbroad" })

const AbroadFilter = {
  country: Schema.optionalKey(CountryCode),
  tenant: Schema.optionalKey(TenantCode.annotate({ description: "The home tenant's code" })),
  overseasOrgId: Schema.optionalKey(Uuid.annotate({ description: "Members assigned to it or to one of its cells" })),
}

export const listMembersAbroadRoute = defineRoute({
  method: "get",
  path: "/api/oversight/abroad",
  operationId: "listMembersAbroad",
  summary: "Đảng viên đang ở nước ngoài, mọi đơn vị — members abroad now, across tenants",
  description:
    "Departed and not back (overdue ones included), of every tenant, newest departure first: name, birth date, " +
    "home tenant and unit, the trip's purpose, countries, dates and arrangement, the organisation abroad. Filters: " +
    "`country`, `tenant`, `overseasOrgId`. Pages by `after`. Each member listed is written to the audit log of " +
    "the member's tenant and of the oversight body.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.read" },
  query: Schema.Struct({
    ...AbroadFilter,
    after: Schema.optionalKey(
      Schema.String.check(Schema.isPattern(ABROAD_CURSOR)).annotate({ description: "The previous page's `next`" }),
    ),
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page",
    schema: Schema.Struct({ members: Schema.Array(MemberAbroad), next: Schema.NullOr(Schema.String) }),
  },
  errors: [403, 404, 503],
  handler: ({ query, context }) =>
    Effect.gen(function* () {
      const tenantId = yield* tenantIdOf(query.tenant)
      return yield* asOversight(context, (oversightTenantId) =>
        Effect.gen(function* () {
          const page = yield* listMembersAbroad({
            country: query.country,
            tenantId,
            overseasOrgId: query.overseasOrgId,
            limit: query.limit ?? 50,
            after: query.after,
          })
          yield* auditReads(
            context,
            oversightTenantId,
            "oversight.member_abroad.read",
            page.items.map((item) => ({
              tenantId: item.tenantId,
              memberId: item.memberId,
              details: { tripId: item.tripId },
            })),
          )
          return { members: page.items, next: page.next ?? null }
        }),
      )
    }),
})

const AbroadGroup = Schema.Struct({
  key: Schema.NullOr(Schema.String),
  label: Schema.String,
  labelEn: Schema.String,
  count: Schema.Number,
}).annotate({ identifier: "AbroadGroup" })

export const summariseMembersAbroadRoute = defineRoute({
  method: "get",
  path: "/api/oversight/abroad/summary",
  operationId: "summariseMembersAbroad",
  summary:
    "Số đảng viên ở nước ngoài theo nước, đơn vị, tổ chức đảng — members abroad by country, tenant, organisation",
  description:
    "Counts for a world map: `by=country` (a trip to two countries counts in both), `by=tenant` (home tenant), " +
    "`by=overseas_org` (null key: not assigned to one). The same filters as the list. Counts only: nobody is read.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.read" },
  query: Schema.Struct({ by: Schema.Literals(["country", "tenant", "overseas_org"]), ...AbroadFilter }),
  success: {
    status: 200,
    description: "The groups, largest first, and the number of members abroad",
    schema: Schema.Struct({ total: Schema.Number, groups: Schema.Array(AbroadGroup) }),
  },
  errors: [403, 404, 503],
  handler: ({ query, context }) =>
    Effect.gen(function* () {
      const tenantId = yield* tenantIdOf(query.tenant)
      return yield* asOversight(context, () =>
        summariseMembersAbroad(query.by, { country: query.country, tenantId, overseasOrgId: query.overseasOrgId }),
      )
    }),
})

// ——— The register of organisations abroad ———

export const OverseasOrg = Schema.Struct({
  id: Uuid,
  parentId: Schema.NullOr(Uuid),
  kind: Schema.Literals(["committee", "cell"]).annotate({
    description: "committee: đảng bộ at a mission; cell: chi bộ",
  }),
  name: Schema.String,
  country: Schema.String,
  mission: Schema.NullOr(Schema.String),
  active: Schema.Boolean,
}).annotate({ identifier: "OverseasOrg" })

const OrgPath = Schema.Struct({ orgId: Uuid })
const OrgAnswer = Schema.Struct({ overseasOrg: OverseasOrg })

export const RegisterQuery = Schema.Struct({
  country: Schema.optionalKey(CountryCode),
  includeInactive: Schema.optionalKey(Schema.Literals(["true", "false"])),
})

export const listOverseasOrgsRoute = defineRoute({
  method: "get",
  path: "/api/oversight/overseas-orgs",
  operationId: "listOverseasOrgs",
  summary: "Danh bạ tổ chức đảng ở nước ngoài — the register of party organisations abroad",
  description: "By country, committees before their cells. Closed ones only with `includeInactive=true`.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.read" },
  query: RegisterQuery,
  success: {
    status: 200,
    description: "The register",
    schema: Schema.Struct({ overseasOrgs: Schema.Array(OverseasOrg) }),
  },
  errors: [403, 503],
  handler: ({ query, context }) =>
    asOversight(context, () =>
      listOverseasOrgs(oversightQuery, { country: query.country, includeInactive: query.includeInactive === "true" }),
    ).pipe(Effect.map((overseasOrgs) => ({ overseasOrgs }))),
})

export const createOverseasOrgRoute = defineRoute({
  method: "post",
  path: "/api/oversight/overseas-orgs",
  operationId: "createOverseasOrg",
  summary: "Thêm tổ chức đảng ở nước ngoài — add an organisation to the register",
  description:
    "A party committee at a mission, or a cell under a committee of the same country (422 `overseas_org.parent`, " +
    "`overseas_org.parent_country`, `overseas_org.country`).",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.manage" },
  body: Schema.Struct({
    parentId: Schema.optionalKey(Schema.NullOr(Uuid)),
    kind: Schema.Literals(["committee", "cell"]),
    name: Text(300).check(Schema.isPattern(/\S/)),
    country: CountryCode,
    mission: Schema.optionalKey(Schema.NullOr(Text(300))),
  }).annotate({ identifier: "OverseasOrgForm" }),
  success: { status: 201, description: "The organisation", schema: OrgAnswer },
  errors: [403, 422, 503],
  handler: ({ body, context }) =>
    asOversight(context, () =>
      createOverseasOrg({
        parentId: body.parentId ?? null,
        kind: body.kind,
        name: body.name,
        country: body.country,
        mission: body.mission ?? null,
      }),
    ).pipe(Effect.map((overseasOrg) => ({ overseasOrg }))),
})

export const getOverseasOrgRoute = defineRoute({
  method: "get",
  path: "/api/oversight/overseas-orgs/{orgId}",
  operationId: "getOverseasOrg",
  summary: "Một tổ chức đảng ở nước ngoài — one organisation of the register",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.read" },
  params: OrgPath,
  success: { status: 200, description: "The organisation", schema: OrgAnswer },
  errors: [403, 404, 503],
  handler: ({ params, context }) =>
    asOversight(context, () => overseasOrgById(oversightQuery, params.orgId)).pipe(
      Effect.map((overseasOrg) => ({ overseasOrg })),
    ),
})

export const updateOverseasOrgRoute = defineRoute({
  method: "patch",
  path: "/api/oversight/overseas-orgs/{orgId}",
  operationId: "updateOverseasOrg",
  summary: "Sửa, đóng tổ chức đảng ở nước ngoài — rename, change the mission, close or reopen",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.manage" },
  params: OrgPath,
  body: Schema.Struct({
    name: Schema.optionalKey(Text(300).check(Schema.isPattern(/\S/))),
    mission: Schema.optionalKey(Schema.NullOr(Text(300))),
    active: Schema.optionalKey(Schema.Boolean),
  }),
  success: { status: 200, description: "The organisation", schema: OrgAnswer },
  errors: [403, 404, 503],
  handler: ({ params, body, context }) =>
    asOversight(context, () => updateOverseasOrg(params.orgId, body)).pipe(
      Effect.map((overseasOrg) => ({ overseasOrg })),
    ),
})

export const deleteOverseasOrgRoute = defineRoute({
  method: "delete",
  path: "/api/oversight/overseas-orgs/{orgId}",
  operationId: "deleteOverseasOrg",
  summary: "Xóa tổ chức đảng ở nước ngoài chưa dùng đến — remove an organisation nothing refers to",
  description:
    "One with cells, transfers or notices stays for their history: 409 `overseas_org.in_use`; close it instead.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.manage" },
  params: OrgPath,
  success: { status: 200, description: "Removed", schema: Schema.Struct({ deleted: Schema.Boolean }) },
  errors: [403, 404, 409, 503],
  handler: ({ params, context }) =>
    asOversight(context, () => deleteOverseasOrg(params.orgId)).pipe(Effect.as({ deleted: true })),
})

// ——— Transfers ———

export const Transfer = Schema.Struct({
  id: Uuid,
  tenantId: Uuid,
  tenantCode: Schema.String,
  tripId: Uuid,
  memberId: Uuid,
  form: Schema.Literals(["3-SHĐ", "3A-SHĐ"]),
  listId: Schema.NullOr(Uuid).annotate({ description: "The 3C-SHĐ list it was sent in, when sent with others" }),
  kind: Schema.Literals(["temporary", "official"]),
  memberName: Schema.String,
  memberBirthDate: Schema.NullOr(Schema.String),
  homeUnitName: Schema.String,
  purpose: Schema.String,
  countries: Schema.Array(Schema.String),
  plannedDeparture: Schema.String,
  plannedReturn: Schema.String,
  proposedOverseasOrgId: Schema.NullOr(Uuid),
  note: Schema.NullOr(Schema.String),
  status: Schema.Literals(TRANSFER_STATUSES),
  assignedOverseasOrgId: Schema.NullOr(Uuid),
  assignedOverseasOrgName: Schema.NullOr(Schema.String),
  returnReason: Schema.NullOr(Schema.String),
  decidedAt: Schema.NullOr(Instant),
  createdAt: Instant,
}).annotate({ identifier: "ActivityTransfer" })

export const TransferCursor = Schema.optionalKey(
  Schema.String.check(Schema.isPattern(KEYSET_CURSOR_PATTERN)).annotate({ description: "The previous page's `next`" }),
)
const TransferPath = Schema.Struct({ transferId: Uuid })
const TransferAnswer = Schema.Struct({ transfer: Transfer })

const transferRead = (transfer: ActivityTransfer): PersonalRead => ({
  tenantId: transfer.tenantId,
  memberId: transfer.memberId,
  details: { transferId: transfer.id },
})

export const listTransferIntakeRoute = defineRoute({
  method: "get",
  path: "/api/oversight/transfers",
  operationId: "listTransferIntake",
  summary: "Hồ sơ chuyển sinh hoạt đảng nhận được — the intake of transfers",
  description:
    "Every tenant's transfers (3-SHĐ, 3A-SHĐ, sent together as a 3C-SHĐ list), newest first; filter by `status` " +
    "and `tenant`. Each member listed is written to the audit logs.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.read" },
  query: Schema.Struct({
    status: Schema.optionalKey(Schema.Literals(TRANSFER_STATUSES)),
    tenant: Schema.optionalKey(TenantCode),
    after: TransferCursor,
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page",
    schema: Schema.Struct({ transfers: Schema.Array(Transfer), next: Schema.NullOr(Schema.String) }),
  },
  errors: [403, 404, 503],
  handler: ({ query, context }) =>
    Effect.gen(function* () {
      const tenantId = yield* tenantIdOf(query.tenant)
      return yield* asOversight(context, (oversightTenantId) =>
        Effect.gen(function* () {
          const page = yield* listTransferIntake({
            status: query.status,
            tenantId,
            limit: query.limit ?? 50,
            after: query.after,
          })
          yield* auditReads(context, oversightTenantId, "oversight.transfer.read", page.items.map(transferRead))
          return { transfers: page.items, next: page.next ?? null }
        }),
      )
    }),
})

export const getTransferIntakeRoute = defineRoute({
  method: "get",
  path: "/api/oversight/transfers/{transferId}",
  operationId: "getTransferIntake",
  summary: "Một hồ sơ chuyển sinh hoạt đảng — one transfer of the intake",
  description: "Audited in the member's tenant and the oversight body's.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.read" },
  params: TransferPath,
  success: { status: 200, description: "The transfer", schema: TransferAnswer },
  errors: [403, 404, 503],
  handler: ({ params, context }) =>
    asOversight(context, (oversightTenantId) =>
      Effect.gen(function* () {
        const transfer = yield* intakeTransfer(params.transferId)
        yield* auditReads(context, oversightTenantId, "oversight.transfer.read", [transferRead(transfer)])
        return { transfer }
      }),
    ),
})

const decide =
  (outcome: "accept" | "return") =>
  (input: {
    readonly transferId: string
    readonly overseasOrgId?: string
    readonly reason?: string
    readonly context: RequestContext
  }) =>
    asOversight(input.context, (oversightTenantId) =>
      Effect.gen(function* () {
        const transfer = yield* decideTransfer({
          transferId: input.transferId,
          decision:
            outcome === "accept"
              ? { outcome, overseasOrgId: input.overseasOrgId ?? "" }
              : { outcome, reason: input.reason ?? "" },
          userId: actorOf(input.context).userId,
        })
        yield* auditReads(
          input.context,
          oversightTenantId,
          `oversight.transfer.${outcome === "accept" ? "accepted" : "returned"}`,
          [
            {
              ...transferRead(transfer),
              details: { transferId: transfer.id, overseasOrgId: transfer.assignedOverseasOrgId },
            },
          ],
        )
        return { transfer }
      }),
    )

export const acceptTransferRoute = defineRoute({
  method: "post",
  path: "/api/oversight/transfers/{transferId}/accept",
  operationId: "acceptTransfer",
  summary: "Tiếp nhận và giao về tổ chức đảng ở nước ngoài — accept and assign to an organisation abroad",
  description:
    "A received transfer only (409 `transfer.decided`); the organisation must be active and in one of the trip's " +
    "countries (422 `transfer.overseas_org_country`). The home tenant sees the outcome. Audited in both logs.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.manage" },
  params: TransferPath,
  body: Schema.Struct({ overseasOrgId: Uuid }),
  success: { status: 200, description: "The transfer", schema: TransferAnswer },
  errors: [403, 404, 409, 422, 503],
  handler: ({ params, body, context }) =>
    decide("accept")({ transferId: params.transferId, overseasOrgId: body.overseasOrgId, context }),
})

export const returnTransferRoute = defineRoute({
  method: "post",
  path: "/api/oversight/transfers/{transferId}/return",
  operationId: "returnTransfer",
  summary: "Trả lại hồ sơ kèm lý do — return a transfer with a reason",
  description:
    "A received transfer only (409 `transfer.decided`). The home tenant sees the reason. Audited in both logs.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.manage" },
  params: TransferPath,
  body: Schema.Struct({ reason: Text(2000).check(Schema.isPattern(/\S/)) }),
  success: { status: 200, description: "The transfer", schema: TransferAnswer },
  errors: [403, 404, 409, 422, 503],
  handler: ({ params, body, context }) =>
    decide("return")({ transferId: params.transferId, reason: body.reason, context }),
})

// ——— Notices ———

export const Notice = Schema.Struct({
  id: Uuid,
  tenantId: Uuid,
  memberId: Uuid,
  memberName: Schema.NullOr(Schema.String),
  tripId: Uuid,
  kind: Schema.Literals(NOTICE_KINDS).annotate({
    description:
      "self_assessment_on_return: bản tự kiểm điểm certified abroad; concern: something to look into; " +
      "cell_change: the member now attends another organisation abroad",
  }),
  body: Schema.String,
  overseasOrgId: Schema.NullOr(Uuid),
  overseasOrgName: Schema.NullOr(Schema.String),
  sentByName: Schema.String,
  sentAt: Instant,
  readAt: Schema.NullOr(Instant),
}).annotate({ identifier: "OversightNotice" })

const noticeRead = (notice: OversightNotice): PersonalRead => ({
  tenantId: notice.tenantId,
  memberId: notice.memberId,
  details: { noticeId: notice.id },
})

export const sendNoticeRoute = defineRoute({
  method: "post",
  path: "/api/oversight/notices",
  operationId: "sendNotice",
  summary: "Gửi thông báo về đảng viên cho đơn vị quản lý — send a notice to a member's home tenant",
  description:
    "About a member abroad now, or one whose party activity was transferred abroad (404 otherwise: the oversight " +
    "body does not see other members). A change of cell names the new organisation abroad. It appears in the " +
    "home tenant's inbox (`/api/t/{tenant}/notices`). Audited in both logs.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.manage" },
  body: Schema.Struct({
    tenant: TenantCode.annotate({ description: "The member's home tenant" }),
    memberId: Uuid,
    tripId: Uuid,
    kind: Schema.Literals(NOTICE_KINDS),
    body: Text(10_000).check(Schema.isPattern(/\S/)),
    overseasOrgId: Schema.optionalKey(Schema.NullOr(Uuid)),
  }).annotate({ identifier: "NoticeForm" }),
  success: { status: 201, description: "The notice", schema: Schema.Struct({ notice: Notice }) },
  errors: [403, 404, 422, 503],
  handler: ({ body, context }) =>
    Effect.gen(function* () {
      const tenantId = (yield* tenantIdOf(body.tenant)) as string
      const actor = actorOf(context)
      return yield* asOversight(context, (oversightTenantId) =>
        Effect.gen(function* () {
          const notice = yield* sendNotice({
            tenantId,
            memberId: body.memberId,
            tripId: body.tripId,
            kind: body.kind,
            body: body.body,
            overseasOrgId: body.overseasOrgId ?? null,
            sentBy: actor.userId,
            sentByName: actor.displayName,
          })
          yield* auditReads(context, oversightTenantId, "oversight.notice.sent", [noticeRead(notice)])
          return { notice }
        }),
      )
    }),
})

export const listSentNoticesRoute = defineRoute({
  method: "get",
  path: "/api/oversight/notices",
  operationId: "listSentNotices",
  summary: "Thông báo đã gửi — the notices sent",
  description: "Newest first; `tenant` narrows them. Pages by `after`. Audited in both logs.",
  tags: ["oversight"],
  access: { kind: "home", capability: "oversight.read" },
  query: Schema.Struct({ tenant: Schema.optionalKey(TenantCode), after: TransferCursor, limit: PageLimit }),
  success: {
    status: 200,
    description: "One page",
    schema: Schema.Struct({ notices: Schema.Array(Notice), next: Schema.NullOr(Schema.String) }),
  },
  errors: [403, 404, 503],
  handler: ({ query, context }) =>
    Effect.gen(function* () {
      const tenantId = yield* tenantIdOf(query.tenant)
      return yield* asOversight(context, (oversightTenantId) =>
        Effect.gen(function* () {
          const page = yield* listSentNotices({ tenantId, limit: query.limit ?? 50, after: query.after })
          yield* auditReads(context, oversightTenantId, "oversight.notice.read", page.items.map(noticeRead))
          return { notices: page.items, next: page.next ?? null }
        }),
      )
    }),
})

export const oversightRoutes = [
  listMembersAbroadRoute,
  summariseMembersAbroadRoute,
  listOverseasOrgsRoute,
  createOverseasOrgRoute,
  getOverseasOrgRoute,
  updateOverseasOrgRoute,
  deleteOverseasOrgRoute,
  listTransferIntakeRoute,
  getTransferIntakeRoute,
  acceptTransferRoute,
  returnTransferRoute,
  sendNoticeRoute,
  listSentNoticesRoute,
]
