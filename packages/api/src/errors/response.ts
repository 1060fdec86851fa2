import { DatabaseError } from "@abroad/db"
import { Schema } from "effect"
import {
  type ApiError,
  BilingualMessage,
  Conflict,
  FieldIssue,
  InvalidInput,
  NotAllowed,
  NotAuthenticated,
  NotFound,
  RuleViolation,
  Unavailable,
} from "./api-error.ts"

/** The body of every error response: `{ "error": { "code", "message", "details" } }`. */
export const ErrorEnvelope = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String.annotate({ description: "Stable, machine-readable: invalid_input, not_found, …" }),
    message: BilingualMessage,
    details: Schema.optionalKey(
      Schema.Struct({
        issues: Schema.optionalKey(Schema.Array(FieldIssue)),
        rule: Schema.optionalKey(Schema.String),
        requestId: Schema.optionalKey(Schema.String),
      }),
    ),
  }),
}).annotate({ identifier: "ErrorEnvelope", title: "Error" })
export type ErrorEnvelope = typeof ErrorEnvelope.Type

export interface ErrorResponse {
  readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 500 | 503
  readonly body: ErrorEnvelope
}

const envelope = (
  status: ErrorResponse["status"],
  code: string,
  message: BilingualMessage,
  details?: ErrorEnvelope["error"]["details"],
): ErrorResponse => ({
  status,
  body: { error: { code, message, ...(details === undefined ? {} : { details }) } },
})

/**
 * The one place that turns an error into an HTTP answer. A defect — anything not in the
 * vocabulary — becomes a 500 that says nothing of its cause; the cause goes to the log.
 */
export const toErrorResponse = (error: unknown): ErrorResponse => {
  if (error instanceof InvalidInput) return envelope(400, "invalid_input", error.message, { issues: error.issues })
  if (error instanceof NotAuthenticated) return envelope(401, "not_authenticated", error.message)
  if (error instanceof NotAllowed) return envelope(403, "not_allowed", error.message)
  if (error instanceof NotFound) return envelope(404, "not_found", error.message)
  if (error instanceof Conflict) return envelope(409, "conflict", error.message)
  if (error instanceof RuleViolation) return envelope(422, "rule_violation", error.message, { rule: error.rule })
  if (error instanceof Unavailable) return envelope(503, "unavailable", error.message)
  if (error instanceof DatabaseError && error.unreachable) {
    return envelope(503, "unavailable", {
      vi: "Cơ sở dữ liệu tạm thời không phản hồi. Vui lòng thử lại sau.",
      en: "The database is not answering for the moment. Please try again later.",
    })
  }
  return envelope(500, "internal_error", {
    vi: "Đã xảy ra lỗi hệ thống. Lỗi đã được ghi lại.",
    en: "An internal error occurred. It has been logged.",
  })
}

export const isApiError = (error: unknown): error is ApiError =>
  error instanceof InvalidInput ||
  error instanceof NotAuthenticated ||
  error instanceof NotAllowed ||
  error instanceof NotFound ||
  error instanceof Conflict ||
  error instanceof RuleViolation ||
  error instanceof Unavailable
