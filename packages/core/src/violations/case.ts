import { type DatabaseError, type DB, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { sql, type Transaction } from "kysely"
import { reachOf } from "../members/reach.ts"
import type { Visibility } from "../members/visibility.ts"
import { recordDomainEvent } from "../outbox/record.ts"
import {
  cleanText,
  closingProblems,
  type Evidence,
  evidenceProblems,
  noteProblems,
  openingProblems,
  type ViolationIssue,
  type ViolationKind,
  type ViolationOutcome,
  type ViolationSource,
} from "./validation.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** The input breaks one or more rules; each issue names where, which rule, and why. */
export class ViolationInvalid extends Schema.TaggedError<ViolationInvalid>()("ViolationInvalid", {
  message: Message,
  issues: Schema.Array(
    Schema.Struct({
      path: Schema.Array(Schema.Union([Schema.String, Schema.Number])),
      rule: Schema.String,
      message: Message,
    }),
  ),
}) {}

/** The case's state refuses the change: a closed case cannot change, a review starts once. */
export class ViolationRefused extends Schema.TaggedError<ViolationRefused>()("ViolationRefused", {
  message: Message,
  rule: Schema.String,
}) {}

/** No such case within the reader's reach (another tenant's, or about a member outside the scope). */
export class ViolationNotFound extends Schema.TaggedError<ViolationNotFound>()("ViolationNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new ViolationNotFound({ message: { vi: "Không tìm thấy vụ vi phạm này.", en: "There is no such violation case." } })
}

export type ViolationStatus = "open" | "under_review" | "closed"

/** A violation case (vụ vi phạm) as a list shows it. */
export interface ViolationSummary {
  readonly id: string
  readonly memberId: string
  readonly memberName: string
  readonly orgUnitId: string
  readonly kind: ViolationKind
  readonly source: ViolationSource
  readonly status: ViolationStatus
  readonly outcome: ViolationOutcome | null
  readonly openedAt: Date
  readonly closedAt: Date | null
}

/** One entry of a case's history. */
export interface ViolationHistoryEntry {
  readonly id: string
  readonly action: "opened" | "evidence_added" | "review_started" | "closed" | "note"
  readonly note: string | null
  readonly actorUserId: string | null
  readonly occurredAt: Date
}

/** The whole case: what it is about, its evidence, and everything that happened to it. */
export interface ViolationCase extends ViolationSummary {
  readonly tripId: string | null
  readonly description: string
  readonly evidence: ReadonlyArray<Evidence>
  readonly openedBy: string | null
  readonly history: ReadonlyArray<ViolationHistoryEntry>
}

const invalid = (issues: ReadonlyArray<ViolationIssue>) =>
  new ViolationInvalid({
    message: {
      vi: "Thông tin vụ vi phạm chưa hợp lệ. Xem lỗi của từng trường.",
      en: "The violation case is not valid as given. See the issue of each field.",
    },
    issues,
  })

const refusedWhenClosed = () =>
  new ViolationRefused({
    rule: "violation.closed",
    message: {
      vi: "Vụ việc đã đóng, không thể thay đổi.",
      en: "The case is closed and can no longer change.",
    },
  })

const check = (issues: ReadonlyArray<ViolationIssue>) =>
  issues.length > 0 ? Effect.fail(invalid(issues)) : Effect.void

/** Cases joined to their member and the member's unit, narrowed to what the reader reaches. */
export const visibleCases = (db: Transaction<DB>, visibility: Visibility) =>
  db
    .selectFrom("violation")
    .innerJoin("member", (join) =>
      join.onRef("member.tenant_id", "=", "violation.tenant_id").onRef("member.id", "=", "violation.member_id"),
    )
    .innerJoin("org_unit", (join) =>
      join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
    )
    .select([
      "violation.id",
      "violation.member_id",
      "member.full_name",
      "member.org_unit_id",
      "violation.kind",
      "violation.source",
      "violation.status",
      "violation.outcome",
      "violation.opened_at",
      "violation.closed_at",
    ])
    .where(reachOf(visibility))

export const toSummary = (row: {
  id: string
  member_id: string
  full_name: string
  org_unit_id: string
  kind: ViolationKind
  source: ViolationSource
  status: ViolationStatus
  outcome: ViolationOutcome | null
  opened_at: Date
  closed_at: Date | null
}): ViolationSummary => ({
  id: row.id,
  memberId: row.member_id,
  memberName: row.full_name,
  orgUnitId: row.org_unit_id,
  kind: row.kind,
  source: row.source,
  status: row.status,
  outcome: row.outcome,
  openedAt: row.opened_at,
  closedAt: row.closed_at,
})

/** The stored list, read defensively: it is jsonb, so its shape is ours to keep. */
const evidenceOf = (stored: unknown): ReadonlyArray<Evidence> =>
  (Array.isArray(stored) ? stored : []).map((item: { description?: unknown; reference?: unknown }) => ({
    description: String(item?.description ?? ""),
    reference: typeof item?.reference === "string" ? item.reference : null,
  }))

const asJsonb = (value: unknown) => sql<string>`${JSON.stringify(value)}::text::jsonb`

const readCase = (violationId: string, visibility: Visibility) =>
  Effect.gen(function* () {
    const row = yield* tenantQuery((db) =>
      visibleCases(db, visibility)
        .select(["violation.trip_id", "violation.description", "violation.evidence", "violation.opened_by"])
        .where("violation.id", "=", violationId)
        .executeTakeFirst(),
    )
    if (row === undefined) return yield* ViolationNotFound.instance()
    const history = yield* tenantQuery((db) =>
      db
        .selectFrom("violation_event")
        .select(["id", "action", "note", "actor_user_id", "occurred_at"])
        .where("violation_id", "=", violationId)
        .orderBy("occurred_at")
        .orderBy("id")
        .execute(),
    )
    return {
      ...toSummary(row),
      tripId: row.trip_id,
      description: row.description,
      evidence: evidenceOf(row.evidence),
      openedBy: row.opened_by,
      history: history.map((entry) => ({
        id: entry.id,
        action: entry.action,
        note: entry.note,
        actorUserId: entry.actor_user_id,
        occurredAt: entry.occurred_at,
      })),
    } satisfies ViolationCase
  })

/** The case, locked for the rest of the transaction so that two changes to it queue, not race. */
const lockCase = (violationId: string, visibility: Visibility) =>
  tenantQuery((db) =>
    visibleCases(db, visibility)
      .select(["violation.evidence"])
      .where("violation.id", "=", violationId)
      .forUpdate("violation")
      .executeTakeFirst(),
  ).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(ViolationNotFound.instance()) : Effect.succeed(row))))

/** What happened to the case: its history row and the outbox event, in the transaction of the change. */
const recordChange = (
  violationId: string,
  change: {
    readonly action: ViolationHistoryEntry["action"]
    readonly event: string
    readonly note: string | null
    readonly actorUserId: string | null
    readonly payload: Readonly<Record<string, unknown>>
  },
) =>
  Effect.gen(function* () {
    yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("violation_event")
        .values({
          tenant_id: tenantId,
          violation_id: violationId,
          action: change.action,
          note: change.note,
          actor_user_id: change.actorUserId,
        })
        .execute(),
    )
    yield* recordDomainEvent({
      type: `violation.${change.event}`,
      entityType: "violation",
      entityId: violationId,
      payload: change.payload,
    })
  })

const optionalNote = (note: string | undefined) => {
  const clean = note === undefined ? "" : cleanText(note)
  return clean === "" ? null : clean
}

/** The case, with its evidence and history, if its member is within the reader's reach. */
export const violationCase = (
  violationId: string,
  visibility: Visibility,
): Effect.Effect<ViolationCase, DatabaseError | ViolationNotFound, TenantTx> => readCase(violationId, visibility)

export interface ViolationOpening {
  readonly memberId: string
  readonly kind: ViolationKind
  readonly description: string
  readonly evidence: ReadonlyArray<Evidence>
  /** The trip the case arose from, when a rule raised it about one. */
  readonly tripId?: string
  readonly source: ViolationSource
}

/**
 * Opens a case against a member within the writer's reach: by an officer, or proposed by a
 * tenant's rule or an integration (then `actorUserId` is null). Writes `violation.opened`.
 */
export const openViolation = (
  opening: ViolationOpening,
  visibility: Visibility,
  actorUserId: string | null,
): Effect.Effect<ViolationCase, DatabaseError | ViolationInvalid | ViolationNotFound, TenantTx> =>
  Effect.gen(function* () {
    const issues = [...openingProblems(opening)]
    const member = yield* tenantQuery((db) =>
      db
        .selectFrom("member")
        .innerJoin("org_unit", (join) =>
          join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
        )
        .select("member.id")
        .where("member.id", "=", opening.memberId)
        .where(reachOf(visibility))
        .executeTakeFirst(),
    )
    if (member === undefined) {
      issues.push({
        path: ["memberId"],
        rule: "member.unknown",
        message: {
          vi: "Không có đảng viên này trong phạm vi của bạn.",
          en: "There is no such member within your scope.",
        },
      })
    }
    yield* check(issues)
    const evidence = opening.evidence.map((item) => ({
      description: cleanText(item.description),
      reference: item.reference === null ? null : cleanText(item.reference),
    }))
    const { id } = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("violation")
        .values({
          tenant_id: tenantId,
          member_id: opening.memberId,
          trip_id: opening.tripId ?? null,
          kind: opening.kind,
          description: cleanText(opening.description),
          evidence: asJsonb(evidence),
          source: opening.source,
          opened_by: actorUserId,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    )
    yield* recordChange(id, {
      action: "opened",
      event: "opened",
      note: null,
      actorUserId,
      payload: { memberId: opening.memberId, kind: opening.kind, source: opening.source, evidence: evidence.length },
    })
    return yield* readCase(id, visibility)
  })

/** Adds evidence to a case that is not closed, optionally with a note. Writes `violation.evidence_added`. */
export const addViolationEvidence = (
  violationId: string,
  input: { readonly evidence: ReadonlyArray<Evidence>; readonly note?: string },
  visibility: Visibility,
  actorUserId: string | null,
): Effect.Effect<ViolationCase, DatabaseError | ViolationInvalid | ViolationNotFound | ViolationRefused, TenantTx> =>
  Effect.gen(function* () {
    const current = yield* lockCase(violationId, visibility)
    if (current.status === "closed") return yield* refusedWhenClosed()
    const held = evidenceOf(current.evidence)
    yield* check([
      ...evidenceProblems(input.evidence, held.length, true),
      ...(input.note === undefined ? [] : noteProblems(input.note, false)),
    ])
    const added = input.evidence.map((item) => ({
      description: cleanText(item.description),
      reference: item.reference === null ? null : cleanText(item.reference),
    }))
    yield* tenantQuery((db) =>
      db
        .updateTable("violation")
        .set({ evidence: asJsonb([...held, ...added]) })
        .where("id", "=", violationId)
        .execute(),
    )
    // The history says what was added, so it reads on its own even after more evidence comes.
    const listed = added.map((item) => `• ${item.description}${item.reference === null ? "" : ` (${item.reference})`}`)
    const note = optionalNote(input.note)
    yield* recordChange(violationId, {
      action: "evidence_added",
      event: "evidence_added",
      note: [...(note === null ? [] : [note]), ...listed].join("\n"),
      actorUserId,
      payload: { memberId: current.member_id, added: added.length, evidence: held.length + added.length },
    })
    return yield* readCase(violationId, visibility)
  })

/** Writes a note into the history of a case that is not closed. Writes `violation.noted`. */
export const addViolationNote = (
  violationId: string,
  note: string,
  visibility: Visibility,
  actorUserId: string | null,
): Effect.Effect<ViolationCase, DatabaseError | ViolationInvalid | ViolationNotFound | ViolationRefused, TenantTx> =>
  Effect.gen(function* () {
    const current = yield* lockCase(violationId, visibility)
    if (current.status === "closed") return yield* refusedWhenClosed()
    yield* check(noteProblems(note, true))
    yield* recordChange(violationId, {
      action: "note",
      event: "noted",
      note: cleanText(note),
      actorUserId,
      payload: { memberId: current.member_id },
    })
    return yield* readCase(violationId, visibility)
  })

/** Puts an open case under review (xem xét). Writes `violation.review_started`. */
export const startViolationReview = (
  violationId: string,
  input: { readonly note?: string },
  visibility: Visibility,
  actorUserId: string | null,
): Effect.Effect<ViolationCase, DatabaseError | ViolationInvalid | ViolationNotFound | ViolationRefused, TenantTx> =>
  Effect.gen(function* () {
    const current = yield* lockCase(violationId, visibility)
    if (current.status === "closed") return yield* refusedWhenClosed()
    if (current.status === "under_review") {
      return yield* new ViolationRefused({
        rule: "violation.already_under_review",
        message: { vi: "Vụ việc đang được xem xét.", en: "The case is already under review." },
      })
    }
    yield* check(input.note === undefined ? [] : noteProblems(input.note, false))
    yield* tenantQuery((db) =>
      db.updateTable("violation").set({ status: "under_review" }).where("id", "=", violationId).execute(),
    )
    yield* recordChange(violationId, {
      action: "review_started",
      event: "review_started",
      note: optionalNote(input.note),
      actorUserId,
      payload: { memberId: current.member_id, kind: current.kind, status: "under_review" },
    })
    return yield* readCase(violationId, visibility)
  })

/**
 * Closes a case with its outcome (hình thức xử lý), which is required — `none` when the case
 * finds no fault. A closed case cannot change. Writes `violation.closed`.
 */
export const closeViolation = (
  violationId: string,
  input: { readonly outcome?: ViolationOutcome | undefined; readonly note?: string | undefined },
  visibility: Visibility,
  actorUserId: string | null,
): Effect.Effect<ViolationCase, DatabaseError | ViolationInvalid | ViolationNotFound | ViolationRefused, TenantTx> =>
  Effect.gen(function* () {
    const current = yield* lockCase(violationId, visibility)
    if (current.status === "closed") return yield* refusedWhenClosed()
    yield* check(closingProblems({ outcome: input.outcome, note: input.note }))
    const outcome = input.outcome as ViolationOutcome
    yield* tenantQuery((db) =>
      db
        .updateTable("violation")
        .set({ status: "closed", outcome, closed_at: sql<Date>`now()` })
        .where("id", "=", violationId)
        .execute(),
    )
    yield* recordChange(violationId, {
      action: "closed",
      event: "closed",
      note: optionalNote(input.note),
      actorUserId,
      payload: { memberId: current.member_id, kind: current.kind, status: "closed", outcome },
    })
    return yield* readCase(violationId, visibility)
  })
