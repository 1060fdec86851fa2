import { type Capability, scopeOf } from "@abroad/auth"
import {
  ABROAD,
  changeTrip,
  createTrip,
  listTrips,
  OVERDUE,
  type Trip,
  type TripActor,
  TripAudit,
  type TripCommandRequest,
  type TripDetail,
  todayInVietnam,
  tripDetail,
  tripInbox,
  type Visibility,
} from "@abroad/core"
import type { TenantTx } from "@abroad/db"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { PageLimit, TenantCode, Uuid } from "./schemas.ts"
import {
  approverFor,
  cellSecretaryFor,
  committeeSideFor,
  desksOf,
  officerFor,
  requesterFor,
  requesterOf,
} from "./trip-actor.ts"
import {
  After,
  answerWith,
  ExtensionBody,
  InboxPage,
  pageAnswer,
  Reason,
  RequestFields,
  RequiredText,
  Revision,
  SubmitBody,
  TravelBody,
  TripAnswer,
  TripPage,
  TripPath,
  TripQuery,
} from "./trip-schemas.ts"

/**
 * The officers' desk for trips: lists, the inbox, and the workflow's steps, each a POST that asks
 * the state machine (packages/core/src/trips) and writes what it accepted with one history row,
 * one audit entry and one outbox event. What the machine refuses answers by its kind — 400 input,
 * 403 not this trip's to decide, 409 not in this state, 422 a rule of the regulation — with the
 * rule's name in `details.rule` and the message in both languages.
 */

/** The audit trail of a request: entries written as the signed-in account, from its address. */
const auditTrail = (context: RequestContext) =>
  TripAudit.of({
    record: (entry) =>
      auditByActor(context, {
        action: entry.action,
        entityType: "trip",
        entityId: entry.tripId,
        details: entry.details,
      }),
  })

/** Runs a trip program in the route's tenant, in one transaction, audited as the caller. */
export const inTrips = <A, E>(context: RequestContext, program: Effect.Effect<A, E, TenantTx | TripAudit>) =>
  inTenant(context, Effect.provideService(program, TripAudit, auditTrail(context)))

/** Where the route's capability reaches; outside it a trip is not found. */
export const reachFor = (context: RequestContext, capability: Capability): Visibility =>
  scopeOf(tenantOf(context).access, capability) ?? { kind: "self", memberIds: [] }

/** One step of the workflow on a trip the caller reaches, as `actor` (which may depend on the trip). */
export const act = (input: {
  readonly context: RequestContext
  readonly tripId: string
  readonly visibility: Visibility
  readonly request: TripCommandRequest
  readonly actor: (trip: Trip) => TripActor
  readonly revision: number | undefined
}) =>
  inTrips(
    input.context,
    Effect.gen(function* () {
      const today = yield* todayInVietnam
      return yield* changeTrip({
        tripId: input.tripId,
        visibility: input.visibility,
        request: input.request,
        actor: input.actor,
        today,
        userId: actorOf(input.context).userId,
        expectedRevision: input.revision,
      })
    }),
  ).pipe(Effect.map((trip: TripDetail) => answerWith(trip)))

const access = (context: RequestContext) => tenantOf(context).access
const userId = (context: RequestContext) => actorOf(context).userId

const REFUSALS =
  "Refused by the workflow: 400 bad input (dates out of order, a reason missing), 403 not this caller's to " +
  "do for this trip, 409 not in the trip's current status or a stale `revision`, 422 a rule of the regulation; " +
  "`details.rule` names the rule."

const TENANT = Schema.Struct({ tenantCode: TenantCode })

export const listTripsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/trips",
  operationId: "listTrips",
  summary: "Danh sách chuyến đi trong phạm vi — trips within one's scope",
  description:
    "Newest first, trips of the members in one's subtree. Filters: `status` (or an overdue mark), `memberId`, " +
    "`country`, `purpose`, and `from`/`to`: stays (actual dates where known) overlapping that period. Pages: pass " +
    "the answer's `next` as `after`.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.read" },
  params: TENANT,
  query: TripQuery,
  success: { status: 200, description: "One page, and the cursor of the next (null on the last)", schema: TripPage },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listTrips({ ...query, visibility: reachFor(context, "trip.read"), limit: query.limit ?? 50 }),
    ).pipe(Effect.map(pageAnswer)),
})

const OfficerList = Schema.Struct({ after: After, limit: PageLimit })

export const tripInboxRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/trips/inbox",
  operationId: "tripInbox",
  summary: "Việc đang chờ tôi — trips waiting for the caller",
  description:
    "Cell opinions for a cell's secretary, decisions and extensions for an approver of the committee a trip was " +
    "routed to, report comments for both, requests to examine and files to close for an officer. Each item says " +
    "what it waits for (`awaiting`). Newest first; pages by `after`.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.read" },
  params: TENANT,
  query: OfficerList,
  success: { status: 200, description: "One page of the inbox", schema: InboxPage },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      tripInbox({
        visibility: reachFor(context, "trip.read"),
        desks: desksOf(access(context)),
        limit: query.limit ?? 50,
        after: query.after,
      }),
    ).pipe(Effect.map((page) => ({ items: page.items, next: page.next ?? null }))),
})

export const tripsAbroadRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/trips/abroad",
  operationId: "listTripsAbroad",
  summary: "Đảng viên đang ở nước ngoài — members abroad now",
  description: "Departed and not yet back (overdue ones included), within one's scope. Newest first; pages by `after`.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.read" },
  params: TENANT,
  query: OfficerList,
  success: { status: 200, description: "One page", schema: TripPage },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listTrips({ visibility: reachFor(context, "trip.read"), limit: query.limit ?? 50, after: query.after }, ABROAD),
    ).pipe(Effect.map(pageAnswer)),
})

export const overdueTripsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/trips/overdue",
  operationId: "listOverdueTrips",
  summary: "Chuyến đi quá hạn — overdue trips",
  description:
    "Trips the daily check marked overdue and that still are: abroad past the planned return (`overdue_return`), or " +
    "back without the report past its deadline (`report_overdue`). Newest first; pages by `after`.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.read" },
  params: TENANT,
  query: OfficerList,
  success: { status: 200, description: "One page", schema: TripPage },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listTrips({ visibility: reachFor(context, "trip.read"), limit: query.limit ?? 50, after: query.after }, OVERDUE),
    ).pipe(Effect.map(pageAnswer)),
})

export const createTripRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips",
  operationId: "createTrip",
  summary: "Lập đơn đề nghị đi nước ngoài — file a travel request for a member",
  description:
    "A draft, for a member within one's scope, to ISO 3166-1 countries (422 `country.unknown`). An officer files " +
    "it for the member; a member may file their own here too. Honours `Idempotency-Key`. Audited; event `trip.drafted`.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.request" },
  idempotent: true,
  params: TENANT,
  body: Schema.Struct({ memberId: Uuid, ...RequestFields }).annotate({ identifier: "TripRequest" }),
  success: { status: 201, description: "The draft", schema: TripAnswer },
  errors: [404, 422, 503],
  handler: ({ body, context }) =>
    inTrips(
      context,
      Effect.gen(function* () {
        const today = yield* todayInVietnam
        return yield* createTrip({
          form: { ...body, companionsWhoAreMembers: body.companionsWhoAreMembers ?? 0 },
          visibility: reachFor(context, "trip.request"),
          actor: requesterOf(access(context), userId(context), body.memberId),
          today,
          userId: userId(context),
        })
      }),
    ).pipe(Effect.map(answerWith)),
})

export const getTripRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/trips/{tripId}",
  operationId: "getTrip",
  summary: "Một chuyến đi và diễn biến — one trip with its history",
  description: "Of a member outside one's scope, or in another tenant, a trip is not found (404).",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.read" },
  params: TripPath,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, tripDetail(params.tripId, reachFor(context, "trip.read"))).pipe(Effect.map(answerWith)),
})

const ACTION_ERRORS = [403, 404, 409, 422, 503] as const

export const submitTripRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/submit",
  operationId: "submitTrip",
  summary: "Gửi đơn — submit a draft request to the cell",
  description:
    "Fixes the regulation in force today, the committee that decides (the member's direct committee, or the higher " +
    `one named in their record) and the party-activity arrangement. Event \`trip.submitted\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.request" },
  params: TripPath,
  body: SubmitBody,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.request"),
      request: { type: "submit", partyOrgAtDestination: body.partyOrgAtDestination ?? false },
      actor: requesterFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const cellOpinionRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/cell-opinion",
  operationId: "giveCellOpinion",
  summary: "Chi bộ cho ý kiến — the cell's opinion on a request",
  description:
    "By the secretary of the member's cell; a disagreement needs a comment and still goes to the committee. " +
    `Event \`trip.cell_reviewed\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.opinion" },
  params: TripPath,
  body: Schema.Struct({
    verdict: Schema.Literals(["agree", "disagree"]),
    comment: Reason,
    revision: Revision,
  }).annotate({ identifier: "TripCellOpinion" }),
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.opinion"),
      request: { type: "cellOpinion", verdict: body.verdict, comment: body.comment },
      actor: cellSecretaryFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const decideTripRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/decision",
  operationId: "decideTrip",
  summary: "Cấp ủy quyết định — the competent committee approves or refuses",
  description:
    "By an approver of the committee the request was routed to, after the cell's opinion. A refusal needs a reason. " +
    "No approval while the member is under disciplinary review, under investigation or has a political issue " +
    "pending (422, read from the member's record at this moment). Events `trip.approved`, `trip.rejected`. " +
    REFUSALS,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.approve" },
  params: TripPath,
  body: Schema.Struct({
    outcome: Schema.Literals(["approve", "refuse"]),
    reason: Schema.optionalKey(Reason),
    revision: Revision,
  }).annotate({ identifier: "TripDecision" }),
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.approve"),
      request: { type: "decide", outcome: body.outcome, ...(body.reason === undefined ? {} : { reason: body.reason }) },
      actor: approverFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const recordDepartureRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/departure",
  operationId: "recordTripDeparture",
  summary: "Ghi nhận xuất cảnh — record the departure",
  description: `An approved trip, not before the day of the approval, not in the future. Event \`trip.departed\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.review" },
  params: TripPath,
  body: TravelBody,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.review"),
      request: { type: "recordDeparture", on: body.on },
      actor: officerFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const recordReturnRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/return",
  operationId: "recordTripReturn",
  summary: "Ghi nhận về nước — record the return",
  description:
    "Sets the report deadline from the actual return by the tenant's setting and the public-holiday calendar " +
    `(Tết and the other holidays skipped for working days). Event \`trip.returned\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.review" },
  params: TripPath,
  body: TravelBody,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.review"),
      request: { type: "recordReturn", on: body.on },
      actor: officerFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const requestExtensionRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/extension",
  operationId: "requestTripExtension",
  summary: "Đề nghị gia hạn — ask to extend a stay",
  description: `Before leaving or while abroad, one at a time, with a reason. Event \`trip.extension_requested\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.review" },
  params: TripPath,
  body: ExtensionBody,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.review"),
      request: { type: "requestExtension", newPlannedReturn: body.newPlannedReturn, reason: body.reason },
      actor: officerFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const decideExtensionRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/extension-decision",
  operationId: "decideTripExtension",
  summary: "Quyết định gia hạn — the committee decides an extension",
  description:
    "By an approver of the routed committee. Extending an official-work trip already abroad also needs the head of " +
    "mission's agreement (`headOfMissionConsent`). Approval moves the planned return and recomputes the arrangement. " +
    `Events \`trip.extension_approved\`, \`trip.extension_refused\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.approve" },
  params: TripPath,
  body: Schema.Struct({
    outcome: Schema.Literals(["approve", "refuse"]),
    reason: Schema.optionalKey(Reason),
    headOfMissionConsent: Schema.optionalKey(Schema.Boolean),
    revision: Revision,
  }).annotate({ identifier: "TripExtensionDecision" }),
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.approve"),
      request: {
        type: "decideExtension",
        outcome: body.outcome,
        ...(body.reason === undefined ? {} : { reason: body.reason }),
        ...(body.headOfMissionConsent === undefined ? {} : { headOfMissionConsent: body.headOfMissionConsent }),
      },
      actor: approverFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const commentReportRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/report-comment",
  operationId: "commentTripReport",
  summary: "Nhận xét báo cáo — the cell or the committee comments on the report",
  description:
    "`by: cell` by the secretary of the member's cell; `by: committee` by an approver or an officer of the routed " +
    `committee. Once each. Event \`trip.report_commented\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "report.read" },
  params: TripPath,
  body: Schema.Struct({
    by: Schema.Literals(["cell", "committee"]),
    comment: RequiredText,
    revision: Revision,
  }).annotate({ identifier: "TripReportComment" }),
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "report.read"),
      request: { type: "commentReport", by: body.by, comment: body.comment },
      actor:
        body.by === "cell"
          ? cellSecretaryFor(access(context), userId(context))
          : committeeSideFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

export const closeTripRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/trips/{tripId}/close",
  operationId: "closeTrip",
  summary: "Kết thúc hồ sơ — close the trip's file",
  description: `Once the report has the cell's and the committee's comments. Event \`trip.closed\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.review" },
  params: TripPath,
  body: Schema.Struct({ revision: Revision }),
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: reachFor(context, "trip.review"),
      request: { type: "close" },
      actor: officerFor(access(context), userId(context)),
      revision: body.revision,
    }),
})

/** The static paths come before `{tripId}`: the first route a path matches answers it. */
export const tripRoutes = [
  listTripsRoute,
  createTripRoute,
  tripInboxRoute,
  tripsAbroadRoute,
  overdueTripsRoute,
  getTripRoute,
  submitTripRoute,
  cellOpinionRoute,
  decideTripRoute,
  recordDepartureRoute,
  recordReturnRoute,
  requestExtensionRoute,
  decideExtensionRoute,
  commentReportRoute,
  closeTripRoute,
]
