import { Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** No such trip within the reader's reach (another tenant's, a member outside the scope, another member's own). */
export class TripNotFound extends Schema.TaggedError<TripNotFound>()("TripNotFound", { message: Message }) {
  static readonly instance = () =>
    new TripNotFound({ message: { vi: "Không tìm thấy chuyến đi này.", en: "There is no such trip." } })
}

/**
 * The request form names what the tenant does not have: a member outside the writer's reach, a
 * country that is not one. Each issue names its field, its rule and why. The machine's own input
 * rules (dates in order, a destination at all) answer as its refusals do.
 */
export class TripInvalid extends Schema.TaggedError<TripInvalid>()("TripInvalid", {
  message: Message,
  issues: Schema.Array(Schema.Struct({ field: Schema.String, rule: Schema.String, message: Message })),
}) {}

/**
 * The trip changed between reading and writing it — another officer recorded the return first, or
 * the caller's `revision` is stale. Nothing was written; reading the trip again shows what happened.
 */
export class TripChanged extends Schema.TaggedError<TripChanged>()("TripChanged", {
  message: Message,
  revision: Schema.Number,
}) {
  static readonly at = (revision: number) =>
    new TripChanged({
      revision,
      message: {
        vi: `Chuyến đi vừa được thay đổi (phiên bản ${revision}). Hãy tải lại rồi thử lại.`,
        en: `The trip has just changed (revision ${revision}). Reload it and try again.`,
      },
    })
}
