import { createTrip, listTrips, todayInVietnam, tripDetail } from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, inTenant, tenantOf } from "../auth/context.ts"
import { NotFound } from "../errors/api-error.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { PageLimit, TenantCode } from "./schemas.ts"
import { memberFor, ownMemberIds, ownVisibility } from "./trip-actor.ts"
import {
  After,
  answerWith,
  ExtensionBody,
  pageAnswer,
  Reason,
  RequestFields,
  Revision,
  SubmitBody,
  TravelBody,
  TripAnswer,
  TripDisplayStatus,
  TripPage,
  TripPath,
} from "./trip-schemas.ts"
import { act, inTrips } from "./trips.ts"

/**
 * A member's own trips (self-service): the requests they file, the dates they record, the report they
 * write. The account's member grant says who they are; another member's trip is not found (404).
 */

const own = (context: RequestContext) => ownVisibility(tenantOf(context).access)

const NOT_A_MEMBER = new NotFound({
  message: {
    vi: "Tài khoản này không gắn với hồ sơ đảng viên nào.",
    en: "This account is not linked to a party member's record.",
  },
})

const REFUSALS =
  "Refused by the workflow: 400 bad input, 409 not in the trip's current status or a stale `revision`, " +
  "422 a rule of the regulation; `details.rule` names the rule. Another member's trip is not found (404)."

const ACTION_ERRORS = [403, 404, 409, 422, 503] as const

export const listMyTripsRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/me/trips",
  operationId: "listMyTrips",
  summary: "Chuyến đi của tôi — my trips",
  description: "The signed-in member's own trips, newest first. Pages: pass the answer's `next` as `after`.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "member.self" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({ status: Schema.optionalKey(TripDisplayStatus), after: After, limit: PageLimit }),
  success: { status: 200, description: "One page, and the cursor of the next (null on the last)", schema: TripPage },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(context, listTrips({ ...query, visibility: own(context), limit: query.limit ?? 50 })).pipe(
      Effect.map(pageAnswer),
    ),
})

export const createMyTripRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/trips",
  operationId: "createMyTrip",
  summary: "Lập đơn đề nghị của tôi — file my travel request",
  description:
    "A draft of one's own request (đơn đề nghị, Annex I), to ISO 3166-1 countries. Honours `Idempotency-Key`. " +
    "Audited; event `trip.drafted`. Submit it with `…/{tripId}/submit`.",
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.request" },
  idempotent: true,
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: Schema.Struct(RequestFields).annotate({ identifier: "MyTripRequest" }),
  success: { status: 201, description: "The draft", schema: TripAnswer },
  errors: [404, 422, 503],
  handler: ({ body, context }) =>
    Effect.gen(function* () {
      const memberId = ownMemberIds(tenantOf(context).access)[0]
      if (memberId === undefined) return yield* NOT_A_MEMBER
      return yield* inTrips(
        context,
        Effect.gen(function* () {
          const today = yield* todayInVietnam
          return yield* createTrip({
            form: { ...body, memberId, companionsWhoAreMembers: body.companionsWhoAreMembers ?? 0 },
            visibility: own(context),
            actor: { kind: "member", memberId },
            today,
            userId: actorOf(context).userId,
          })
        }),
      )
    }).pipe(Effect.map(answerWith)),
})

export const getMyTripRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/me/trips/{tripId}",
  operationId: "getMyTrip",
  summary: "Một chuyến đi của tôi — one of my trips",
  description: "With its history and report. Another member's trip is not found (404).",
  tags: ["trips"],
  access: { kind: "tenant", capability: "member.self" },
  params: TripPath,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, tripDetail(params.tripId, own(context))).pipe(Effect.map(answerWith)),
})

const mine = (context: RequestContext) => memberFor(tenantOf(context).access)

export const submitMyTripRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/trips/{tripId}/submit",
  operationId: "submitMyTrip",
  summary: "Gửi đơn của tôi — submit my request to the cell",
  description: `Event \`trip.submitted\`. ${REFUSALS}`,
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
      visibility: own(context),
      request: { type: "submit", partyOrgAtDestination: body.partyOrgAtDestination ?? false },
      actor: mine(context),
      revision: body.revision,
    }),
})

export const withdrawMyTripRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/trips/{tripId}/withdraw",
  operationId: "withdrawMyTrip",
  summary: "Rút đơn — withdraw my request",
  description:
    "Any time before the committee decides; only the member may withdraw their request, so there is no officers' " +
    `counterpart. Event \`trip.withdrawn\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.request" },
  params: TripPath,
  body: Schema.Struct({ reason: Schema.optionalKey(Reason), revision: Revision }).annotate({
    identifier: "TripWithdrawal",
  }),
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: own(context),
      request: { type: "withdraw", ...(body.reason === undefined ? {} : { reason: body.reason }) },
      actor: mine(context),
      revision: body.revision,
    }),
})

export const recordMyDepartureRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/trips/{tripId}/departure",
  operationId: "recordMyDeparture",
  summary: "Tôi đã xuất cảnh — record my departure",
  description: `An approved trip, not before its approval, not in the future. Event \`trip.departed\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.request" },
  params: TripPath,
  body: TravelBody,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: own(context),
      request: { type: "recordDeparture", on: body.on },
      actor: mine(context),
      revision: body.revision,
    }),
})

export const recordMyReturnRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/trips/{tripId}/return",
  operationId: "recordMyReturn",
  summary: "Tôi đã về nước — record my return",
  description: `Sets the report's deadline (\`reportDueOn\`). Event \`trip.returned\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.request" },
  params: TripPath,
  body: TravelBody,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: own(context),
      request: { type: "recordReturn", on: body.on },
      actor: mine(context),
      revision: body.revision,
    }),
})

export const requestMyExtensionRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/trips/{tripId}/extension",
  operationId: "requestMyExtension",
  summary: "Đề nghị gia hạn của tôi — ask to extend my stay",
  description: `Event \`trip.extension_requested\`; the home committee decides. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "trip.request" },
  params: TripPath,
  body: ExtensionBody,
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: own(context),
      request: { type: "requestExtension", newPlannedReturn: body.newPlannedReturn, reason: body.reason },
      actor: mine(context),
      revision: body.revision,
    }),
})

export const submitMyReportRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/trips/{tripId}/report",
  operationId: "submitMyTripReport",
  summary: "Nộp báo cáo kết quả chuyến đi — submit my after-return report",
  description:
    "After the return (Annex III). A late report is accepted and marked late. Audited without its text; event " +
    `\`trip.report_submitted\`. ${REFUSALS}`,
  tags: ["trips"],
  access: { kind: "tenant", capability: "report.submit" },
  params: TripPath,
  body: Schema.Struct({
    text: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(20_000)).annotate({
      description: "What was done abroad, whom one met, what one undertook (Annex III)",
    }),
    extra: Schema.optionalKey(
      Schema.Record(Schema.String, Schema.Unknown).annotate({
        description:
          "The report form's fields of the tenant's enabled plugins, under each plugin's id (see " +
          "GET /api/t/{tenantCode}/plugins/fields?form=tripReport); 400 at body.extra.<pluginId>.<name> when refused.",
      }),
    ),
    revision: Revision,
  }).annotate({ identifier: "TripReport" }),
  success: { status: 200, description: "The trip", schema: TripAnswer },
  errors: ACTION_ERRORS,
  handler: ({ params, body, context }) =>
    act({
      context,
      tripId: params.tripId,
      visibility: own(context),
      request: { type: "submitReport", text: body.text, ...(body.extra === undefined ? {} : { extra: body.extra }) },
      actor: mine(context),
      revision: body.revision,
    }),
})

/** The static paths come before `{tripId}`. */
export const myTripRoutes = [
  listMyTripsRoute,
  createMyTripRoute,
  getMyTripRoute,
  submitMyTripRoute,
  withdrawMyTripRoute,
  recordMyDepartureRoute,
  recordMyReturnRoute,
  requestMyExtensionRoute,
  submitMyReportRoute,
]
