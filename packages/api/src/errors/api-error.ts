import { Schema } from "effect"

/**
 * The platform's small error vocabulary, in the manner of Backstage's: what went wrong,
 * said in terms any layer understands. Only `toErrorResponse` turns these into HTTP.
 * Each carries its message in Vietnamese first and English second.
 */
export const BilingualMessage = Schema.Struct({
  vi: Schema.String,
  en: Schema.String,
}).annotate({ identifier: "BilingualMessage", description: "The message in Vietnamese and in English" })
export type BilingualMessage = typeof BilingualMessage.Type

/** One thing wrong with the input, at a path such as `["query", "kind"]`. */
export const FieldIssue = Schema.Struct({
  path: Schema.Array(Schema.Union([Schema.String, Schema.Int])),
  message: Schema.String,
}).annotate({ identifier: "FieldIssue" })
export type FieldIssue = typeof FieldIssue.Type

/** The request is malformed: a field is missing, of the wrong type, or out of range. → 400 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  message: BilingualMessage,
  issues: Schema.Array(FieldIssue),
}) {}

/** No valid session. → 401 */
export class NotAuthenticated extends Schema.TaggedError<NotAuthenticated>()("NotAuthenticated", {
  message: BilingualMessage,
}) {}

/** Signed in, but this is not yours to do. → 403 */
export class NotAllowed extends Schema.TaggedError<NotAllowed>()("NotAllowed", {
  message: BilingualMessage,
}) {}

/** Nothing there — including what belongs to another tenant, whose existence is not revealed. → 404 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  message: BilingualMessage,
}) {}

/** The request clashes with the current state (a duplicate, a stale version). → 409 */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", {
  message: BilingualMessage,
}) {}

/** Well-formed, but a rule of the regulation or of the tenant refuses it. → 422 */
export class RuleViolation extends Schema.TaggedError<RuleViolation>()("RuleViolation", {
  message: BilingualMessage,
  rule: Schema.String,
}) {}

/** A service the request needs (the database) is not answering; trying again later may work. → 503 */
export class Unavailable extends Schema.TaggedError<Unavailable>()("Unavailable", {
  message: BilingualMessage,
  /** What failed underneath (the driver's error), for the log line; never sent to the client. */
  cause: Schema.optional(Schema.Defect()),
}) {}

export type ApiError = InvalidInput | NotAuthenticated | NotAllowed | NotFound | Conflict | RuleViolation | Unavailable
