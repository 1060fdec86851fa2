import {
  AccountLocked,
  AccountNotFound,
  GrantExists,
  GrantNotFound,
  GrantRefused,
  InvalidCredentials,
  InvalidDisplayName,
  InvalidResetToken,
  InvalidTotpCode,
  InvalidUsername,
  TotpRequired,
  UsernameTaken,
  WeakPassword,
} from "@abroad/auth"
import {
  BulletinNotFound,
  BulletinRefused,
  DeliveryNotFound,
  DeliveryNotParked,
  HandbookArticleNotFound,
  MemberDuplicate,
  MemberInvalid,
  MemberNotFound,
  OrgUnitNotFound,
  OrgUnitRefused,
  OversightConflict,
  OversightNotFound,
  OversightRefused,
  PluginFailed,
  PluginInputInvalid,
  PluginNotFound,
  PluginStateConflict,
  TaskInvalid,
  TaskNotFound,
  TaskRefused,
  TenantMergeRefused,
  TenantNotFound,
  TripChanged,
  TripInvalid,
  TripNotFound,
  TripTransitionRefused,
  ViolationInvalid,
  ViolationNotFound,
  ViolationRefused,
} from "@abroad/core"
import { DatabaseError } from "@abroad/db"
import { Schema } from "effect"
import { HTTPException } from "hono/http-exception"
import { IdempotencyKeyInFlight, IdempotencyKeyReused } from "../idempotency/errors.ts"
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
        plugin: Schema.optionalKey(
          Schema.String.annotate({ description: "On a plugin's failure (plugin_failed): the plugin's id" }),
        ),
        hook: Schema.optionalKey(Schema.String.annotate({ description: "On plugin_failed: the hook that failed" })),
        retryAfterSeconds: Schema.optionalKey(
          Schema.Number.annotate({ description: "On a 429: when to try again (also the Retry-After header)" }),
        ),
        requestId: Schema.optionalKey(
          Schema.String.annotate({ description: "On a 5xx: quote it when reporting the problem" }),
        ),
      }),
    ),
  }),
}).annotate({ identifier: "ErrorEnvelope", title: "Error" })
export type ErrorEnvelope = typeof ErrorEnvelope.Type

export interface ErrorResponse {
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503
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
 * A rule's issue in both languages, in the one form every client can split: `<rule>: <vi> / <en>`
 * (the web app shows the half of its page's language).
 */
const bilingualIssue = (rule: string, message: BilingualMessage) => `${rule}: ${message.vi} / ${message.en}`

/** The trip machine's kinds of refusal (`RefusalCode`), as HTTP: input, not this caller's, not now, a rule. */
const TRIP_REFUSAL = {
  invalid_input: [400, "invalid_input"],
  not_allowed: [403, "not_allowed"],
  wrong_state: [409, "conflict"],
  rule_block: [422, "rule_violation"],
} as const satisfies Record<TripTransitionRefused["code"], readonly [ErrorResponse["status"], string]>

/**
 * The one place that turns an error into an HTTP answer. Messages are always an object
 * `{ vi, en }` (never a joined string), so a client shows the language its user reads.
 * A defect — anything not in the vocabulary — becomes a 500 that says nothing of its
 * cause; the cause goes to the log.
 */
export const toErrorResponse = (error: unknown): ErrorResponse => {
  if (error instanceof InvalidInput) return envelope(400, "invalid_input", error.message, { issues: error.issues })
  if (error instanceof NotAuthenticated) return envelope(401, "not_authenticated", error.message)
  if (error instanceof NotAllowed) return envelope(403, "not_allowed", error.message)
  if (error instanceof NotFound) return envelope(404, "not_found", error.message)
  if (error instanceof Conflict) return envelope(409, "conflict", error.message)
  if (error instanceof RuleViolation) return envelope(422, "rule_violation", error.message, { rule: error.rule })
  if (error instanceof Unavailable) return envelope(503, "unavailable", error.message)
  // The core's own failures that mean one of the words above.
  if (error instanceof AccountNotFound || error instanceof GrantNotFound)
    return envelope(404, "not_found", error.message)
  if (error instanceof GrantExists) return envelope(409, "conflict", error.message)
  if (error instanceof MemberNotFound || error instanceof OrgUnitNotFound)
    return envelope(404, "not_found", error.message)
  if (error instanceof OrgUnitRefused) return envelope(422, "rule_violation", error.message, { rule: error.rule })
  if (error instanceof MemberDuplicate) {
    return envelope(409, "conflict", error.message, {
      issues: [{ path: ["body", error.field], message: bilingualIssue("member.duplicate", error.message) }],
    })
  }
  if (error instanceof MemberInvalid) {
    return envelope(422, "rule_violation", error.message, {
      rule: "member.record",
      issues: error.issues.map((issue) => ({
        // A plugin's rule names its field as `extra.<pluginId>.<name>`: split, as a decoding issue's path is.
        path: ["body", ...issue.field.split(".")],
        message: bilingualIssue(issue.rule, issue.message),
      })),
    })
  }
  if (error instanceof ViolationNotFound || error instanceof TaskNotFound)
    return envelope(404, "not_found", error.message)
  if (error instanceof DeliveryNotFound) return envelope(404, "not_found", error.message)
  if (error instanceof DeliveryNotParked) return envelope(409, "conflict", error.message)
  if (error instanceof ViolationRefused || error instanceof TaskRefused)
    return envelope(422, "rule_violation", error.message, { rule: error.rule })
  if (error instanceof ViolationInvalid) {
    return envelope(422, "rule_violation", error.message, {
      rule: "violation.case",
      issues: error.issues.map((issue) => ({
        path: ["body", ...issue.path],
        message: bilingualIssue(issue.rule, issue.message),
      })),
    })
  }
  if (error instanceof TaskInvalid) {
    return envelope(422, "rule_violation", error.message, {
      rule: "task.record",
      issues: error.issues.map((issue) => ({
        path: ["body", issue.field],
        message: bilingualIssue(issue.rule, issue.message),
      })),
    })
  }
  // The trip workflow's refusals answer by their kind, with the rule that refused.
  if (error instanceof TripTransitionRefused) {
    const [status, code] = TRIP_REFUSAL[error.code]
    return envelope(status, code, error.message, { rule: error.rule })
  }
  if (error instanceof TripNotFound) return envelope(404, "not_found", error.message)
  if (error instanceof TripChanged) return envelope(409, "conflict", error.message, { rule: "trip.revision" })
  if (error instanceof TripInvalid) {
    return envelope(422, "rule_violation", error.message, {
      // The first rule broken, so a client matching on `details.rule` sees the real one.
      rule: error.issues[0]?.rule ?? "trip.request",
      issues: error.issues.map((issue) => ({
        path: ["body", issue.field],
        message: bilingualIssue(issue.rule, issue.message),
      })),
    })
  }
  // A tenant's plugin failed (threw, ran out of time, crashed): the request fails closed, and says which.
  if (error instanceof PluginFailed) {
    return envelope(503, "plugin_failed", error.message, {
      rule: "plugin.failed",
      plugin: error.pluginId,
      hook: error.hook,
    })
  }
  if (error instanceof PluginInputInvalid) {
    return envelope(400, "invalid_input", error.message, {
      issues: error.issues.map((issue) => ({ path: ["body", ...issue.path], message: issue.message })),
    })
  }
  if (error instanceof PluginNotFound) return envelope(404, "not_found", error.message)
  if (error instanceof PluginStateConflict) return envelope(409, "conflict", error.message, { rule: error.rule })
  if (error instanceof BulletinNotFound || error instanceof HandbookArticleNotFound)
    return envelope(404, "not_found", error.message)
  if (error instanceof OversightNotFound) return envelope(404, "not_found", error.message)
  if (error instanceof OversightConflict) return envelope(409, "conflict", error.message, { rule: error.rule })
  if (error instanceof OversightRefused) return envelope(422, "rule_violation", error.message, { rule: error.rule })
  if (error instanceof BulletinRefused) return envelope(422, "rule_violation", error.message, { rule: error.rule })
  // A retried creating request: the client tells a reused key from one still in flight by code.
  if (error instanceof IdempotencyKeyReused) return envelope(422, "idempotency_key_reused", error.message)
  if (error instanceof IdempotencyKeyInFlight) return envelope(409, "idempotency_key_in_flight", error.message)
  // Signing in: the client tells these apart by code (ask for the TOTP field, show the lock's end).
  if (error instanceof InvalidCredentials || error instanceof TotpRequired)
    return envelope(401, error.code, error.message)
  if (error instanceof AccountLocked && error.until === null) {
    return envelope(403, "account_disabled", error.message)
  }
  if (error instanceof AccountLocked) {
    const seconds =
      error.until === null ? undefined : Math.max(1, Math.ceil((error.until.getTime() - Date.now()) / 1000))
    return envelope(429, error.code, error.message, seconds === undefined ? undefined : { retryAfterSeconds: seconds })
  }
  if (error instanceof InvalidTotpCode || error instanceof InvalidResetToken)
    return envelope(422, error.code, error.message)
  if (error instanceof WeakPassword) {
    return envelope(422, error.code, error.message, {
      issues: error.problems.map((problem) => ({ path: ["body", "newPassword"], message: problem })),
    })
  }
  if (error instanceof InvalidUsername || error instanceof InvalidDisplayName)
    return envelope(400, error.code, error.message)
  if (error instanceof UsernameTaken) return envelope(409, error.code, error.message)
  if (error instanceof GrantRefused) return envelope(422, "rule_violation", error.message, { rule: error.rule })
  // A merge asked for wrongly (a tenant into itself) is bad input; one the tenants' state refuses, a conflict.
  if (error instanceof TenantMergeRefused) {
    return error.isBadInput
      ? envelope(400, "invalid_input", error.message, {
          rule: `tenant_merge.${error.reason}`,
          issues: [
            {
              path: ["body", error.reason === "effective_in_future" ? "effectiveOn" : "from"],
              message: bilingualIssue(`tenant_merge.${error.reason}`, error.message),
            },
          ],
        })
      : envelope(409, "conflict", error.message, { rule: `tenant_merge.${error.reason}` })
  }
  if (error instanceof TenantNotFound) {
    return envelope(404, "not_found", { vi: "Không có đơn vị này.", en: "There is no such tenant." })
  }
  // Hono's own refusals (a body over a size limit, say) are the client's doing, never a 5xx.
  if (error instanceof HTTPException && error.status >= 400 && error.status < 500) {
    return error.status === 413
      ? envelope(413, "too_large", { vi: "Nội dung yêu cầu quá lớn.", en: "The request body is too large." })
      : envelope(400, "invalid_input", { vi: "Yêu cầu không hợp lệ.", en: "The request is not valid." })
  }
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

/** A server-side failure carries the request id, which ties the user's report to the log line. */
export const withRequestId = (response: ErrorResponse, requestId: string): ErrorResponse =>
  response.status < 500
    ? response
    : {
        ...response,
        body: { error: { ...response.body.error, details: { ...response.body.error.details, requestId } } },
      }

export const isApiError = (error: unknown): error is ApiError =>
  error instanceof InvalidInput ||
  error instanceof NotAuthenticated ||
  error instanceof NotAllowed ||
  error instanceof NotFound ||
  error instanceof Conflict ||
  error instanceof RuleViolation ||
  error instanceof Unavailable
