import { scopeOf } from "@abroad/auth"
import {
  addViolationEvidence,
  addViolationNote,
  closeViolation,
  listViolations,
  openViolation,
  startViolationReview,
  VIOLATION_CURSOR,
  VIOLATION_KINDS,
  VIOLATION_OUTCOMES,
  violationCase,
} from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Instant, PageLimit, TenantCode, Uuid } from "./schemas.ts"

const Kind = Schema.Literals(VIOLATION_KINDS).annotate({
  description: "What the member did: travelled without reporting or approval, overdue return or report, …",
})
const Outcome = Schema.Literals(VIOLATION_OUTCOMES).annotate({
  description:
    "Hình thức xử lý: khiển trách (reprimand), cảnh cáo (warning), cách chức (dismissal), khai trừ (expulsion), " +
    "xóa tên (removal from the roll), or none",
})
const Status = Schema.Literals(["open", "under_review", "closed"])
const Source = Schema.Literals(["officer", "rule", "integration"])

const ViolationSummary = Schema.Struct({
  id: Uuid,
  memberId: Uuid,
  memberName: Schema.String,
  orgUnitId: Uuid,
  kind: Kind,
  source: Source,
  status: Status,
  outcome: Schema.NullOr(Outcome),
  openedAt: Instant,
  closedAt: Schema.NullOr(Instant),
}).annotate({ identifier: "ViolationSummary" })

const Evidence = Schema.Struct({
  description: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1000)),
  reference: Schema.NullOr(Schema.String.check(Schema.isMaxLength(500))).annotate({
    description: "Where it is kept: a document number, a file, a record id",
  }),
}).annotate({ identifier: "ViolationEvidence" })

const EvidenceInput = Schema.Struct({
  description: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1000)),
  reference: Schema.optionalKey(Schema.NullOr(Schema.String.check(Schema.isMaxLength(500)))),
}).annotate({ identifier: "ViolationEvidenceInput" })

const HistoryEntry = Schema.Struct({
  id: Uuid,
  action: Schema.Literals(["opened", "evidence_added", "review_started", "closed", "note"]),
  note: Schema.NullOr(Schema.String),
  actorUserId: Schema.NullOr(Uuid),
  occurredAt: Instant,
}).annotate({ identifier: "ViolationHistoryEntry" })

const ViolationCase = Schema.Struct({
  ...ViolationSummary.fields,
  tripId: Schema.NullOr(Uuid),
  description: Schema.String,
  evidence: Schema.Array(Evidence),
  openedBy: Schema.NullOr(Uuid),
  history: Schema.Array(HistoryEntry),
}).annotate({ identifier: "ViolationCase" })

const CaseAnswer = Schema.Struct({ violation: ViolationCase })

const Note = Schema.String.check(Schema.isMaxLength(4000))

const ViolationPath = Schema.Struct({ tenantCode: TenantCode, violationId: Uuid })

const readVisibility = (context: RequestContext) =>
  scopeOf(tenantOf(context).access, "violation.read") ?? { kind: "self" as const, memberIds: [] }
const manageVisibility = (context: RequestContext) =>
  scopeOf(tenantOf(context).access, "violation.manage") ?? { kind: "self" as const, memberIds: [] }

const evidenceOf = (items: ReadonlyArray<typeof EvidenceInput.Type>) =>
  items.map((item) => ({ description: item.description, reference: item.reference ?? null }))

/** Codes and counts, not the case's text: the log is read more widely than the case. */
const auditCase = (
  context: RequestContext,
  action: string,
  violationId: string,
  details: Readonly<Record<string, unknown>>,
) =>
  auditByActor(context, {
    action,
    entityType: "violation",
    entityId: violationId,
    details,
  })

export const listViolationsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/violations",
  operationId: "listViolations",
  summary: "Danh sách vụ vi phạm trong phạm vi — violation cases within one's scope",
  description:
    "Newest first. Cases about members outside one's subtree are not listed. Pages: pass the answer's `next` as `after`.",
  tags: ["violations"],
  access: { kind: "tenant", capability: "violation.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    status: Schema.optionalKey(Status),
    memberId: Schema.optionalKey(Uuid),
    kind: Schema.optionalKey(Kind),
    after: Schema.optionalKey(
      Schema.String.check(Schema.isPattern(VIOLATION_CURSOR)).annotate({ description: "The previous page's `next`" }),
    ),
    limit: PageLimit,
  }),
  success: {
    status: 200,
    description: "One page, and the cursor of the next (null on the last)",
    schema: Schema.Struct({ violations: Schema.Array(ViolationSummary), next: Schema.NullOr(Schema.String) }),
  },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listViolations({
        visibility: readVisibility(context),
        limit: query.limit ?? 50,
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.memberId === undefined ? {} : { memberId: query.memberId }),
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(query.after === undefined ? {} : { after: query.after }),
      }),
    ).pipe(Effect.map((page) => ({ violations: page.violations, next: page.next ?? null }))),
})

export const openViolationRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/violations",
  operationId: "openViolation",
  summary: "Mở vụ vi phạm — open a violation case",
  description:
    "Against a member within the officer's scope, with its evidence. Each broken rule is reported with its " +
    "field (422). Audited, and published as the domain event `violation.opened`.",
  tags: ["violations"],
  access: { kind: "tenant", capability: "violation.manage" },
  idempotent: true,
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: Schema.Struct({
    memberId: Uuid,
    kind: Kind,
    description: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(4000)),
    evidence: Schema.optionalKey(Schema.Array(EvidenceInput).check(Schema.isMaxLength(50))),
  }).annotate({ identifier: "ViolationOpening" }),
  success: { status: 201, description: "The case", schema: CaseAnswer },
  errors: [404, 422, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const violation = yield* openViolation(
          {
            memberId: body.memberId,
            kind: body.kind,
            description: body.description,
            evidence: evidenceOf(body.evidence ?? []),
            source: "officer",
          },
          manageVisibility(context),
          actorOf(context).userId,
        )
        yield* auditCase(context, "violation.opened", violation.id, {
          memberId: violation.memberId,
          kind: violation.kind,
          evidence: violation.evidence.length,
        })
        return { violation }
      }),
    ),
})

export const getViolationRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/violations/{violationId}",
  operationId: "getViolation",
  summary: "Một vụ vi phạm và diễn biến — one case with its history",
  description: "About a member outside one's scope, or in another tenant, a case is not found (404).",
  tags: ["violations"],
  access: { kind: "tenant", capability: "violation.read" },
  params: ViolationPath,
  success: { status: 200, description: "The case", schema: CaseAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, violationCase(params.violationId, readVisibility(context))).pipe(
      Effect.map((violation) => ({ violation })),
    ),
})

export const addViolationEvidenceRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/violations/{violationId}/evidence",
  operationId: "addViolationEvidence",
  summary: "Bổ sung chứng cứ — add evidence to a case",
  description: "Not to a closed case (422, rule `violation.closed`). Audited; event `violation.evidence_added`.",
  tags: ["violations"],
  access: { kind: "tenant", capability: "violation.manage" },
  params: ViolationPath,
  body: Schema.Struct({
    evidence: Schema.Array(EvidenceInput).check(Schema.isMinLength(1), Schema.isMaxLength(50)),
    note: Schema.optionalKey(Note),
  }),
  success: { status: 200, description: "The case", schema: CaseAnswer },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const violation = yield* addViolationEvidence(
          params.violationId,
          { evidence: evidenceOf(body.evidence), ...(body.note === undefined ? {} : { note: body.note }) },
          manageVisibility(context),
          actorOf(context).userId,
        )
        yield* auditCase(context, "violation.evidence_added", violation.id, { added: body.evidence.length })
        return { violation }
      }),
    ),
})

export const addViolationNoteRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/violations/{violationId}/notes",
  operationId: "addViolationNote",
  summary: "Ghi chú vào diễn biến — write a note into a case's history",
  description: "Not on a closed case. Audited; event `violation.noted`.",
  tags: ["violations"],
  access: { kind: "tenant", capability: "violation.manage" },
  params: ViolationPath,
  body: Schema.Struct({ note: Note.check(Schema.isMinLength(1)) }),
  success: { status: 200, description: "The case", schema: CaseAnswer },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const violation = yield* addViolationNote(
          params.violationId,
          body.note,
          manageVisibility(context),
          actorOf(context).userId,
        )
        yield* auditCase(context, "violation.noted", violation.id, {})
        return { violation }
      }),
    ),
})

export const startViolationReviewRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/violations/{violationId}/review",
  operationId: "startViolationReview",
  summary: "Đưa vụ việc ra xem xét — start reviewing a case",
  description: "An open case only. Audited; event `violation.review_started`.",
  tags: ["violations"],
  access: { kind: "tenant", capability: "violation.manage" },
  params: ViolationPath,
  body: Schema.Struct({ note: Schema.optionalKey(Note) }),
  success: { status: 200, description: "The case", schema: CaseAnswer },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const violation = yield* startViolationReview(
          params.violationId,
          body.note === undefined ? {} : { note: body.note },
          manageVisibility(context),
          actorOf(context).userId,
        )
        yield* auditCase(context, "violation.review_started", violation.id, {})
        return { violation }
      }),
    ),
})

export const closeViolationRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/violations/{violationId}/close",
  operationId: "closeViolation",
  summary: "Kết luận vụ việc — close a case with its outcome",
  description:
    "The outcome is required (`none` when the case finds no fault): without one the answer is 422 at " +
    "`body.outcome`, rule `outcome.required`. A closed case cannot change. Audited; event `violation.closed`.",
  tags: ["violations"],
  access: { kind: "tenant", capability: "violation.manage" },
  params: ViolationPath,
  body: Schema.Struct({ outcome: Schema.optionalKey(Outcome), note: Schema.optionalKey(Note) }).annotate({
    identifier: "ViolationClosing",
  }),
  success: { status: 200, description: "The case", schema: CaseAnswer },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const violation = yield* closeViolation(
          params.violationId,
          { outcome: body.outcome, note: body.note },
          manageVisibility(context),
          actorOf(context).userId,
        )
        yield* auditCase(context, "violation.closed", violation.id, { outcome: violation.outcome })
        return { violation }
      }),
    ),
})

export const violationRoutes = [
  listViolationsRoute,
  openViolationRoute,
  getViolationRoute,
  addViolationEvidenceRoute,
  addViolationNoteRoute,
  startViolationReviewRoute,
  closeViolationRoute,
]
