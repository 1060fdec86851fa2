import {
  INBOX_REASONS,
  REGULATION_VERSIONS,
  TRIP_CURSOR,
  TRIP_FUNDINGS,
  TRIP_PURPOSES,
  TRIP_STATUSES,
  type TripDetail,
  type TripRecord,
} from "@abroad/core"
import { Schema } from "effect"
import { Day, Instant, PageLimit, TenantCode, Uuid } from "./schemas.ts"

/** The trips' Schemas, shared by the officers' routes and the members' own. */

const Bilingual = Schema.Struct({ vi: Schema.String, en: Schema.String })

export const TripStatus = Schema.Literals(TRIP_STATUSES).annotate({
  description:
    "draft → submitted → cell_reviewed → approved | rejected | withdrawn → departed → returned → reported → closed",
})

export const TripDisplayStatus = Schema.Literals([...TRIP_STATUSES, "overdue_return", "report_overdue"]).annotate({
  description: "A status, or an overdue mark: overdue_return (abroad past the planned return), report_overdue",
})

export const TripPurpose = Schema.Literals(TRIP_PURPOSES).annotate({
  description:
    "Mục đích: công tác (official_work), học tập (study), lao động (labour_export), việc riêng — du lịch " +
    "(private_tourism), thăm thân (private_family_visit), chữa bệnh (private_medical_treatment); định cư (settlement)",
})

export const TripFunding = Schema.Literals(TRIP_FUNDINGS).annotate({
  description: "Kinh phí: ngân sách nhà nước (state_budget), tự túc (own), tài trợ nước ngoài (foreign_sponsor)",
})

const Arrangement = Schema.Struct({
  kind: Schema.Literals([
    "none",
    "temporary_group_possible",
    "temporary_transfer",
    "official_transfer",
    "direct_guidance_by_oversight",
  ]),
  forms: Schema.Array(Schema.String),
  reason: Bilingual,
}).annotate({ identifier: "PartyActivityArrangement", description: "Hình thức sinh hoạt đảng ở nước ngoài" })

const Submission = Schema.Struct({
  requestedOn: Day,
  regulationVersion: Schema.Literals(REGULATION_VERSIONS),
  routing: Schema.Struct({
    committeeId: Uuid,
    basis: Schema.Literals(["direct_committee", "higher_committee"]),
    raisedBy: Schema.optionalKey(
      Schema.Struct({
        pluginId: Schema.String,
        rule: Schema.String,
        level: Schema.optionalKey(Schema.Literals(["higher_committee", "standing_committee"])),
        message: Schema.optionalKey(Schema.Struct({ vi: Schema.String, en: Schema.String })),
      }).annotate({
        description: "The tenant's plugin rule that required a higher level (trip.route)",
      }),
    ),
  }).annotate({ description: "The committee whose approver decides (cấp ủy có thẩm quyền)" }),
  partyOrgAtDestination: Schema.Boolean,
  arrangement: Arrangement,
}).annotate({ identifier: "TripSubmission" })

const Comment = Schema.Struct({ comment: Schema.String, by: Schema.String, on: Day })

export const Country = Schema.String.check(Schema.isPattern(/^[A-Za-z]{2}$/)).annotate({
  description: "ISO 3166-1 alpha-2 country code",
})

const Companion = Schema.Struct({
  fullName: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
  relation: Schema.String.check(Schema.isMaxLength(200)).annotate({ description: "colleague, wife, son, …" }),
  isPartyMember: Schema.Boolean,
}).annotate({ identifier: "TripCompanion" })

const RelativesUndertaking = Schema.Struct({
  relatives: Schema.Array(
    Schema.Struct({
      fullName: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
      relation: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
      country: Country,
      address: Schema.String.check(Schema.isMaxLength(500)),
    }),
  ).check(Schema.isMaxLength(50)),
  pledged: Schema.Boolean.annotate({
    description: "The member undertakes the duties of Guidance 30 while visiting (Annex II)",
  }),
}).annotate({ identifier: "RelativesUndertaking", description: "Bản cam kết (Annex II): required for a family visit" })

const TripFields = {
  id: Uuid,
  memberId: Uuid,
  memberName: Schema.String,
  cellId: Uuid,
  status: TripStatus,
  displayStatus: TripDisplayStatus,
  purpose: TripPurpose,
  funding: TripFunding,
  countries: Schema.Array(Schema.String).annotate({ description: "ISO 3166-1 alpha-2" }),
  plannedDeparture: Day,
  plannedReturn: Day,
  companionsWhoAreMembers: Schema.Int,
  revision: Schema.Int.annotate({
    description: "Accepted transitions so far; send it back as `revision` to act only on this state",
  }),
  submission: Schema.NullOr(Submission),
  withdrawal: Schema.NullOr(Schema.Struct({ on: Day, reason: Schema.NullOr(Schema.String) })),
  cellOpinion: Schema.NullOr(
    Schema.Struct({
      verdict: Schema.Literals(["agree", "disagree"]),
      comment: Schema.String,
      by: Schema.String,
      on: Day,
    }),
  ),
  decision: Schema.NullOr(
    Schema.Struct({
      outcome: Schema.Literals(["approved", "refused"]),
      reason: Schema.NullOr(Schema.String),
      committeeId: Uuid,
      by: Schema.String,
      on: Day,
    }),
  ),
  actualDeparture: Schema.NullOr(Day),
  actualReturn: Schema.NullOr(Day),
  pendingExtension: Schema.NullOr(Schema.Struct({ newPlannedReturn: Day, reason: Schema.String, requestedOn: Day })),
  reportDueOn: Schema.NullOr(Day),
  report: Schema.NullOr(
    Schema.Struct({
      submittedOn: Day,
      late: Schema.Boolean,
      cellComment: Schema.NullOr(Comment),
      committeeComment: Schema.NullOr(Comment),
    }),
  ),
  overdueReturnSince: Schema.NullOr(Day),
  reportOverdueSince: Schema.NullOr(Day),
  extra: Schema.Record(Schema.String, Schema.Unknown).annotate({ description: "Plugins' fields, by plugin id" }),
  companions: Schema.Array(Companion),
  relativesUndertaking: Schema.NullOr(RelativesUndertaking),
  createdAt: Instant,
  updatedAt: Instant,
}

export const Trip = Schema.Struct(TripFields).annotate({ identifier: "Trip" })

const HistoryEntry = Schema.Struct({
  revision: Schema.Int,
  type: Schema.String.annotate({ description: "trip.drafted, trip.submitted, …, trip.return_overdue" }),
  actorKind: Schema.Literals(["member", "officer", "cell_secretary", "approver", "integration", "scheduler"]),
  actor: Schema.String,
  actorUserId: Schema.NullOr(Uuid),
  occurredOn: Day,
  occurredAt: Instant,
  data: Schema.Record(Schema.String, Schema.Unknown),
}).annotate({ identifier: "TripHistoryEntry" })

export const TripDetailSchema = Schema.Struct({
  ...TripFields,
  reportText: Schema.NullOr(Schema.String).annotate({ description: "The after-return report (Annex III)" }),
  history: Schema.Array(HistoryEntry),
}).annotate({ identifier: "TripDetail" })

const PluginWarningSchema = Schema.Struct({
  pluginId: Schema.String,
  rule: Schema.String,
  message: Bilingual,
}).annotate({
  identifier: "PluginWarning",
  description: "A warning of one of the tenant's plugins: the request went on",
})

export const TripAnswer = Schema.Struct({
  trip: TripDetailSchema,
  warnings: Schema.optionalKey(Schema.Array(PluginWarningSchema)),
})
export const answerWith = (
  trip: TripDetail & { readonly warnings?: ReadonlyArray<typeof PluginWarningSchema.Type> },
) => {
  const { warnings, ...detail } = trip
  return warnings === undefined ? { trip: detail } : { trip: detail, warnings }
}

export const TripPage = Schema.Struct({ trips: Schema.Array(Trip), next: Schema.NullOr(Schema.String) })
export const pageAnswer = (page: { readonly items: ReadonlyArray<TripRecord>; readonly next: string | undefined }) => ({
  trips: page.items,
  next: page.next ?? null,
})

export const InboxPage = Schema.Struct({
  items: Schema.Array(
    Schema.Struct({ trip: Trip, awaiting: Schema.Array(Schema.Literals(INBOX_REASONS)) }).annotate({
      identifier: "TripInboxItem",
    }),
  ),
  next: Schema.NullOr(Schema.String),
})

export const After = Schema.optionalKey(
  Schema.String.check(Schema.isPattern(TRIP_CURSOR)).annotate({ description: "The previous page's `next`" }),
)

/** Filters of the trip lists. */
export const TripQuery = Schema.Struct({
  status: Schema.optionalKey(TripDisplayStatus),
  memberId: Schema.optionalKey(Uuid),
  country: Schema.optionalKey(Country),
  purpose: Schema.optionalKey(TripPurpose),
  from: Schema.optionalKey(Day.annotate({ description: "Stays that end on or after this day" })),
  to: Schema.optionalKey(Day.annotate({ description: "Stays that begin on or before this day" })),
  after: After,
  limit: PageLimit,
})

export const TripPath = Schema.Struct({ tenantCode: TenantCode, tripId: Uuid })

/** The request form (đơn đề nghị, Annex I). */
export const RequestFields = {
  companions: Schema.optionalKey(Schema.Array(Companion).check(Schema.isMaxLength(100))),
  relativesUndertaking: Schema.optionalKey(RelativesUndertaking),
  extra: Schema.optionalKey(
    Schema.Record(Schema.String, Schema.Unknown).annotate({
      description:
        "Fields of the tenant's plugins, under each plugin's id: accepted only for plugins the tenant enabled, each " +
        "checked by the plugin's Schema (400 at body.extra.<pluginId>.<name>), required ones enforced for the purpose. " +
        "GET /api/t/{tenantCode}/plugins/fields?form=tripRequest describes them.",
    }),
  ),
  purpose: TripPurpose,
  funding: TripFunding,
  countries: Schema.Array(Country).check(Schema.isMinLength(1), Schema.isMaxLength(50)),
  plannedDeparture: Day,
  plannedReturn: Day,
  companionsWhoAreMembers: Schema.optionalKey(
    Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 500 })).annotate({
      description: "Other party members travelling together (for a temporary party group); 0 by default",
    }),
  ),
}

/** What every action may carry: the revision the caller saw, so a trip that moved on is not changed (409). */
export const Revision = Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)))

export const Reason = Schema.String.check(Schema.isMaxLength(4000))
export const RequiredText = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(4000))

export const SubmitBody = Schema.Struct({
  partyOrgAtDestination: Schema.optionalKey(
    Schema.Boolean.annotate({ description: "A party organisation exists where the member goes (false by default)" }),
  ),
  revision: Revision,
}).annotate({ identifier: "TripSubmit" })

export const TravelBody = Schema.Struct({ on: Day, revision: Revision }).annotate({ identifier: "TripTravelDate" })

export const ExtensionBody = Schema.Struct({
  newPlannedReturn: Day,
  reason: RequiredText,
  revision: Revision,
}).annotate({
  identifier: "TripExtensionRequest",
})
