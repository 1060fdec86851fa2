import { Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/**
 * Nothing of that id within reach: an organisation abroad not in the register, a transfer or a
 * notice of another tenant, a member who is not abroad (the oversight body does not see them).
 */
export class OversightNotFound extends Schema.TaggedError<OversightNotFound>()("OversightNotFound", {
  message: Message,
}) {
  static readonly of = (vi: string, en: string) => new OversightNotFound({ message: { vi, en } })
}

/** Well-formed, but a rule refuses it; `rule` names which. */
export class OversightRefused extends Schema.TaggedError<OversightRefused>()("OversightRefused", {
  message: Message,
  rule: Schema.String,
}) {
  static readonly of = (rule: string, vi: string, en: string) => new OversightRefused({ rule, message: { vi, en } })
}

/** The thing has moved on: a transfer already decided, a trip with a transfer under way. */
export class OversightConflict extends Schema.TaggedError<OversightConflict>()("OversightConflict", {
  message: Message,
  rule: Schema.String,
}) {
  static readonly of = (rule: string, vi: string, en: string) => new OversightConflict({ rule, message: { vi, en } })
}
