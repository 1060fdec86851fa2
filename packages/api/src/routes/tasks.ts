import { scopeOf } from "@abroad/auth"
import {
  assignTask,
  completeTask,
  dayInVietnam,
  evaluateTask,
  listTasks,
  TASK_CURSOR,
  TASK_EVALUATIONS,
  taskRecord,
} from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant, tenantOf } from "../auth/context.ts"
import { defineRoute, type RequestContext } from "./route.ts"
import { Day, Instant, PageLimit, TenantCode, Uuid } from "./schemas.ts"

const Evaluation = Schema.Literals(TASK_EVALUATIONS).annotate({
  description: "Đánh giá: xuất sắc (excellent), tốt (good), hoàn thành (completed), không hoàn thành (not completed)",
})

const State = Schema.Literals(["open", "overdue", "done"]).annotate({
  description: "open: not done, not yet due; overdue: not done, past its due date; done: reported done",
})

const Task = Schema.Struct({
  id: Uuid,
  memberId: Uuid,
  memberName: Schema.String,
  orgUnitId: Uuid,
  title: Schema.String,
  description: Schema.String,
  dueOn: Schema.String,
  state: State,
  assignedBy: Schema.NullOr(Uuid),
  assignedAt: Instant,
  completedAt: Schema.NullOr(Instant),
  completionNote: Schema.NullOr(Schema.String),
  evaluation: Schema.NullOr(Evaluation),
  evaluationNote: Schema.NullOr(Schema.String),
  evaluatedBy: Schema.NullOr(Uuid),
  evaluatedAt: Schema.NullOr(Instant),
}).annotate({ identifier: "Task" })

const TaskAnswer = Schema.Struct({ task: Task })
const TaskPage = Schema.Struct({ tasks: Schema.Array(Task), next: Schema.NullOr(Schema.String) })
const TaskPath = Schema.Struct({ tenantCode: TenantCode, taskId: Uuid })
const After = Schema.optionalKey(
  Schema.String.check(Schema.isPattern(TASK_CURSOR)).annotate({ description: "The previous page's `next`" }),
)

/**
 * The day tasks fall due and become overdue on: the committees' own, in Vietnam (UTC+7, no
 * daylight saving), wherever the member is.
 */
/** Today in Vietnam, the day deadlines and dates in forms are judged by. */
const today = () => dayInVietnam(new Date())

const scopeFor = (context: RequestContext, capability: "task.read" | "task.assign" | "task.evaluate" | "task.self") =>
  scopeOf(tenantOf(context).access, capability) ?? { kind: "self" as const, memberIds: [] }

/** Codes and dates, not the texts: the log is read more widely than the task. */
const auditTask = (
  context: RequestContext,
  action: string,
  taskId: string,
  details: Readonly<Record<string, unknown>>,
) =>
  auditByActor(context, {
    action,
    entityType: "task",
    entityId: taskId,
    details,
  })

export const listTasksRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/tasks",
  operationId: "listTasks",
  summary: "Nhiệm vụ đã giao trong phạm vi — tasks within one's scope",
  description:
    "Soonest due first; `state` narrows to open, overdue or done tasks. Pages: pass the answer's `next` as `after`.",
  tags: ["tasks"],
  access: { kind: "tenant", capability: "task.read" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({
    memberId: Schema.optionalKey(Uuid),
    state: Schema.optionalKey(State),
    after: After,
    limit: PageLimit,
  }),
  success: { status: 200, description: "One page, and the cursor of the next (null on the last)", schema: TaskPage },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listTasks({
        visibility: scopeFor(context, "task.read"),
        today: today(),
        limit: query.limit ?? 50,
        ...(query.memberId === undefined ? {} : { memberId: query.memberId }),
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.after === undefined ? {} : { after: query.after }),
      }),
    ).pipe(Effect.map((page) => ({ tasks: page.tasks, next: page.next ?? null }))),
})

export const assignTaskRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/tasks",
  operationId: "assignTask",
  summary: "Giao nhiệm vụ — assign a task to a member",
  description:
    "To a member within one's scope, due today or later. Each broken rule is reported with its field (422). " +
    "Audited; event `task.assigned`.",
  tags: ["tasks"],
  access: { kind: "tenant", capability: "task.assign" },
  idempotent: true,
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: Schema.Struct({
    memberId: Uuid,
    title: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
    description: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(4000))),
    dueOn: Day,
  }).annotate({ identifier: "TaskAssignment" }),
  success: { status: 201, description: "The task", schema: TaskAnswer },
  errors: [404, 422, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const task = yield* assignTask(
          { memberId: body.memberId, title: body.title, description: body.description ?? "", dueOn: body.dueOn },
          scopeFor(context, "task.assign"),
          actorOf(context).userId,
          today(),
        )
        yield* auditTask(context, "task.assigned", task.id, { memberId: task.memberId, dueOn: task.dueOn })
        return { task }
      }),
    ),
})

export const getTaskRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/tasks/{taskId}",
  operationId: "getTask",
  summary: "Một nhiệm vụ — one task",
  description: "Of a member outside one's scope, or in another tenant, a task is not found (404).",
  tags: ["tasks"],
  access: { kind: "tenant", capability: "task.read" },
  params: TaskPath,
  success: { status: 200, description: "The task", schema: TaskAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, taskRecord(params.taskId, scopeFor(context, "task.read"), today())).pipe(
      Effect.map((task) => ({ task })),
    ),
})

export const evaluateTaskRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/tasks/{taskId}/evaluate",
  operationId: "evaluateTask",
  summary: "Đánh giá thực hiện nhiệm vụ — the committee evaluates a task",
  description:
    "Once the member has reported it done, or once its due date has passed (422, rule `task.not_due`, before). " +
    "Evaluated once (rule `task.evaluated`). Audited; event `task.evaluated`.",
  tags: ["tasks"],
  access: { kind: "tenant", capability: "task.evaluate" },
  params: TaskPath,
  body: Schema.Struct({
    evaluation: Evaluation,
    note: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(4000))),
  }).annotate({ identifier: "TaskEvaluation" }),
  success: { status: 200, description: "The task", schema: TaskAnswer },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const task = yield* evaluateTask(
          params.taskId,
          { evaluation: body.evaluation, note: body.note },
          scopeFor(context, "task.evaluate"),
          actorOf(context).userId,
          today(),
        )
        yield* auditTask(context, "task.evaluated", task.id, { evaluation: task.evaluation })
        return { task }
      }),
    ),
})

export const listMyTasksRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/me/tasks",
  operationId: "listMyTasks",
  summary: "Nhiệm vụ của tôi — my tasks",
  description: "The signed-in member's own tasks, soonest due first. Pages: pass the answer's `next` as `after`.",
  tags: ["tasks"],
  access: { kind: "tenant", capability: "task.self" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  query: Schema.Struct({ state: Schema.optionalKey(State), after: After, limit: PageLimit }),
  success: { status: 200, description: "One page, and the cursor of the next (null on the last)", schema: TaskPage },
  errors: [404, 503],
  handler: ({ query, context }) =>
    inTenant(
      context,
      listTasks({
        visibility: scopeFor(context, "task.self"),
        today: today(),
        limit: query.limit ?? 50,
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.after === undefined ? {} : { after: query.after }),
      }),
    ).pipe(Effect.map((page) => ({ tasks: page.tasks, next: page.next ?? null }))),
})

export const getMyTaskRoute = defineRoute({
  method: "get",
  path: "/api/t/{tenantCode}/me/tasks/{taskId}",
  operationId: "getMyTask",
  summary: "Một nhiệm vụ của tôi — one of my tasks",
  description: "Another member's task is not found (404).",
  tags: ["tasks"],
  access: { kind: "tenant", capability: "task.self" },
  params: TaskPath,
  success: { status: 200, description: "The task", schema: TaskAnswer },
  errors: [404, 503],
  handler: ({ params, context }) =>
    inTenant(context, taskRecord(params.taskId, scopeFor(context, "task.self"), today())).pipe(
      Effect.map((task) => ({ task })),
    ),
})

export const completeMyTaskRoute = defineRoute({
  method: "post",
  path: "/api/t/{tenantCode}/me/tasks/{taskId}/complete",
  operationId: "completeMyTask",
  summary: "Báo cáo hoàn thành nhiệm vụ — report my task done",
  description:
    "The member says what was done. Only one's own task (another's is 404); once (rule `task.completed`); " +
    "not after its evaluation (rule `task.evaluated`). Audited; event `task.completed`.",
  tags: ["tasks"],
  access: { kind: "tenant", capability: "task.self" },
  params: TaskPath,
  body: Schema.Struct({ note: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(4000)) }).annotate({
    identifier: "TaskCompletion",
  }),
  success: { status: 200, description: "The task", schema: TaskAnswer },
  errors: [404, 422, 503],
  handler: ({ params, body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const day = today()
        const task = yield* completeTask(params.taskId, body.note, scopeFor(context, "task.self"), day)
        yield* auditTask(context, "task.completed", task.id, { late: task.dueOn < day })
        return { task }
      }),
    ),
})

export const taskRoutes = [
  listTasksRoute,
  assignTaskRoute,
  getTaskRoute,
  evaluateTaskRoute,
  listMyTasksRoute,
  getMyTaskRoute,
  completeMyTaskRoute,
]
