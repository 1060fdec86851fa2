import { type DatabaseError, type DB, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { sql, type Transaction } from "kysely"
import { reachOf } from "../members/reach.ts"
import type { Visibility } from "../members/visibility.ts"
import { recordDomainEvent } from "../outbox/record.ts"
import {
  cleanText,
  completionProblems,
  evaluationNoteProblems,
  type TaskEvaluation,
  type TaskFields,
  type TaskIssue,
  taskProblems,
} from "./validation.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** The input breaks one or more rules; each issue names its field, its rule and why. */
export class TaskInvalid extends Schema.TaggedError<TaskInvalid>()("TaskInvalid", {
  message: Message,
  issues: Schema.Array(Schema.Struct({ field: Schema.String, rule: Schema.String, message: Message })),
}) {}

/** The task's state refuses the change: done once, evaluated once, evaluated when there is something to judge. */
export class TaskRefused extends Schema.TaggedError<TaskRefused>()("TaskRefused", {
  message: Message,
  rule: Schema.String,
}) {}

/** No such task within the reader's reach (another tenant's, another member's, or outside the scope). */
export class TaskNotFound extends Schema.TaggedError<TaskNotFound>()("TaskNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new TaskNotFound({ message: { vi: "Không tìm thấy nhiệm vụ này.", en: "There is no such task." } })
}

/** Where a task stands on a given day: not done and not yet due, past its due date, or reported done. */
export type TaskState = "open" | "overdue" | "done"

/** A task assigned to a member (nhiệm vụ được giao), with its report and the committee's evaluation. */
export interface TaskRecord {
  readonly id: string
  readonly memberId: string
  readonly memberName: string
  readonly orgUnitId: string
  readonly title: string
  readonly description: string
  readonly dueOn: string
  readonly state: TaskState
  readonly assignedBy: string | null
  readonly assignedAt: Date
  readonly completedAt: Date | null
  readonly completionNote: string | null
  readonly evaluation: TaskEvaluation | null
  readonly evaluationNote: string | null
  readonly evaluatedBy: string | null
  readonly evaluatedAt: Date | null
}

const invalid = (issues: ReadonlyArray<TaskIssue>) =>
  new TaskInvalid({
    message: {
      vi: "Thông tin nhiệm vụ chưa hợp lệ. Xem lỗi của từng trường.",
      en: "The task is not valid as given. See the issue of each field.",
    },
    issues,
  })

const check = (issues: ReadonlyArray<TaskIssue>) => (issues.length > 0 ? Effect.fail(invalid(issues)) : Effect.void)

/** Tasks joined to their member and the member's unit, narrowed to what the reader reaches. */
export const visibleTasks = (db: Transaction<DB>, visibility: Visibility) =>
  db
    .selectFrom("task")
    .innerJoin("member", (join) =>
      join.onRef("member.tenant_id", "=", "task.tenant_id").onRef("member.id", "=", "task.member_id"),
    )
    .innerJoin("org_unit", (join) =>
      join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
    )
    .selectAll("task")
    .select(["member.full_name", "member.org_unit_id"])
    .where(reachOf(visibility))

export const stateOf = (
  task: { readonly completedAt: Date | null; readonly dueOn: string },
  today: string,
): TaskState => (task.completedAt !== null ? "done" : task.dueOn < today ? "overdue" : "open")

type TaskRow = {
  id: string
  member_id: string
  full_name: string
  org_unit_id: string
  title: string
  description: string
  due_on: string
  assigned_by: string | null
  assigned_at: Date
  completed_at: Date | null
  completion_note: string | null
  evaluation: TaskEvaluation | null
  evaluation_note: string | null
  evaluated_by: string | null
  evaluated_at: Date | null
}

export const toRecord = (row: TaskRow, today: string): TaskRecord => ({
  id: row.id,
  memberId: row.member_id,
  memberName: row.full_name,
  orgUnitId: row.org_unit_id,
  title: row.title,
  description: row.description,
  dueOn: row.due_on,
  state: stateOf({ completedAt: row.completed_at, dueOn: row.due_on }, today),
  assignedBy: row.assigned_by,
  assignedAt: row.assigned_at,
  completedAt: row.completed_at,
  completionNote: row.completion_note,
  evaluation: row.evaluation,
  evaluationNote: row.evaluation_note,
  evaluatedBy: row.evaluated_by,
  evaluatedAt: row.evaluated_at,
})

/** The task, if its member is within reach; locked for the rest of the transaction when it is to change. */
const readTask = (taskId: string, visibility: Visibility, forUpdate: boolean) =>
  tenantQuery((db) => {
    const query = visibleTasks(db, visibility).where("task.id", "=", taskId)
    return (forUpdate ? query.forUpdate("task") : query).executeTakeFirst()
  }).pipe(Effect.flatMap((row) => (row === undefined ? Effect.fail(TaskNotFound.instance()) : Effect.succeed(row))))

const refused = (rule: string, vi: string, en: string) => new TaskRefused({ rule, message: { vi, en } })

/** Once evaluated, a task is settled: neither reported again nor judged twice. */
const notEvaluated = (row: TaskRow) =>
  row.evaluation === null
    ? Effect.void
    : Effect.fail(
        refused(
          "task.evaluated",
          "Nhiệm vụ đã được đánh giá, không thể thay đổi.",
          "The task is evaluated and settled.",
        ),
      )

/** The task, if the reader reaches its member: an officer within scope, or the member it is assigned to. */
export const taskRecord = (
  taskId: string,
  visibility: Visibility,
  today: string,
): Effect.Effect<TaskRecord, DatabaseError | TaskNotFound, TenantTx> =>
  readTask(taskId, visibility, false).pipe(Effect.map((row) => toRecord(row, today)))

export interface TaskAssignment extends TaskFields {
  readonly memberId: string
}

/** Assigns a task to a member within the writer's reach (giao nhiệm vụ). Writes `task.assigned`. */
export const assignTask = (
  assignment: TaskAssignment,
  visibility: Visibility,
  actorUserId: string | null,
  today: string,
): Effect.Effect<TaskRecord, DatabaseError | TaskInvalid | TaskNotFound, TenantTx> =>
  Effect.gen(function* () {
    const issues = [...taskProblems(assignment, today)]
    const member = yield* tenantQuery((db) =>
      db
        .selectFrom("member")
        .innerJoin("org_unit", (join) =>
          join.onRef("org_unit.tenant_id", "=", "member.tenant_id").onRef("org_unit.id", "=", "member.org_unit_id"),
        )
        .select("member.id")
        .where("member.id", "=", assignment.memberId)
        .where(reachOf(visibility))
        .executeTakeFirst(),
    )
    if (member === undefined) {
      issues.push({
        field: "memberId",
        rule: "member.unknown",
        message: {
          vi: "Không có đảng viên này trong phạm vi của bạn.",
          en: "There is no such member within your scope.",
        },
      })
    }
    yield* check(issues)
    const { id } = yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("task")
        .values({
          tenant_id: tenantId,
          member_id: assignment.memberId,
          title: cleanText(assignment.title).replace(/\s+/g, " "),
          description: cleanText(assignment.description),
          due_on: assignment.dueOn,
          assigned_by: actorUserId,
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    )
    yield* recordDomainEvent({
      type: "task.assigned",
      entityType: "task",
      entityId: id,
      payload: { memberId: assignment.memberId, dueOn: assignment.dueOn },
    })
    return yield* taskRecord(id, visibility, today)
  })

/**
 * The member reports their task done, saying what was done. `visibility` is the member's own
 * (`self`): another member's task is not found. Writes `task.completed`.
 */
export const completeTask = (
  taskId: string,
  note: string,
  visibility: Visibility,
  today: string,
): Effect.Effect<TaskRecord, DatabaseError | TaskInvalid | TaskNotFound | TaskRefused, TenantTx> =>
  Effect.gen(function* () {
    const row = yield* readTask(taskId, visibility, true)
    yield* notEvaluated(row)
    if (row.completed_at !== null) {
      return yield* refused(
        "task.completed",
        "Nhiệm vụ đã được báo cáo hoàn thành.",
        "The task has already been reported done.",
      )
    }
    yield* check(completionProblems(note))
    yield* tenantQuery((db) =>
      db
        .updateTable("task")
        .set({ completed_at: sql<Date>`now()`, completion_note: cleanText(note) })
        .where("id", "=", taskId)
        .execute(),
    )
    yield* recordDomainEvent({
      type: "task.completed",
      entityType: "task",
      entityId: taskId,
      payload: { memberId: row.member_id, late: row.due_on < today },
    })
    return yield* taskRecord(taskId, visibility, today)
  })

/**
 * The committee evaluates a task (đánh giá): once it is reported done, or once its due date has
 * passed without a report (then typically `not_completed`). Evaluated once. Writes `task.evaluated`.
 */
export const evaluateTask = (
  taskId: string,
  input: { readonly evaluation: TaskEvaluation; readonly note?: string | undefined },
  visibility: Visibility,
  actorUserId: string | null,
  today: string,
): Effect.Effect<TaskRecord, DatabaseError | TaskInvalid | TaskNotFound | TaskRefused, TenantTx> =>
  Effect.gen(function* () {
    const row = yield* readTask(taskId, visibility, true)
    yield* notEvaluated(row)
    if (row.completed_at === null && row.due_on >= today) {
      return yield* refused(
        "task.not_due",
        "Nhiệm vụ chưa được báo cáo hoàn thành và chưa đến hạn: chưa thể đánh giá.",
        "The task is neither reported done nor past its due date: it cannot be evaluated yet.",
      )
    }
    yield* check(evaluationNoteProblems(input.note))
    const note = input.note === undefined ? "" : cleanText(input.note)
    yield* tenantQuery((db) =>
      db
        .updateTable("task")
        .set({
          evaluation: input.evaluation,
          evaluation_note: note === "" ? null : note,
          evaluated_by: actorUserId,
          evaluated_at: sql<Date>`now()`,
        })
        .where("id", "=", taskId)
        .execute(),
    )
    yield* recordDomainEvent({
      type: "task.evaluated",
      entityType: "task",
      entityId: taskId,
      payload: { memberId: row.member_id, evaluation: input.evaluation },
    })
    return yield* taskRecord(taskId, visibility, today)
  })
