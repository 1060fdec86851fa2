/**
 * A violation case (vụ vi phạm) as `GET /api/t/{tenant}/violations/{id}` answers it (the
 * `ViolationCase` schema of the OpenAPI document), and the codes its forms offer; shared by server
 * and pages.
 */

export const VIOLATION_KINDS = [
  "unreported_travel",
  "unapproved_travel",
  "overdue_return",
  "report_overdue",
  "unreported_sponsorship",
  "duty_breach",
  "other",
] as const

/** Hình thức xử lý, the mildest first; `none` when the case finds no fault. */
export const VIOLATION_OUTCOMES = [
  "none",
  "reprimand",
  "warning",
  "dismissal",
  "expulsion",
  "removal_from_roll",
] as const

export interface ViolationCase {
  readonly id: string
  readonly memberId: string
  readonly memberName: string
  readonly orgUnitId: string
  readonly kind: string
  readonly source: "officer" | "rule" | "integration"
  readonly status: "open" | "under_review" | "closed"
  readonly outcome: string | null
  readonly openedAt: string
  readonly closedAt: string | null
  readonly tripId: string | null
  readonly description: string
  readonly evidence: ReadonlyArray<{ readonly description: string; readonly reference: string | null }>
  readonly openedBy: string | null
  readonly history: ReadonlyArray<{
    readonly id: string
    readonly action: "opened" | "evidence_added" | "review_started" | "closed" | "note"
    readonly note: string | null
    readonly actorUserId: string | null
    readonly occurredAt: string
  }>
}
