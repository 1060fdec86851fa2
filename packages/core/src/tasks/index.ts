export { listTasks, TASK_CURSOR, type TaskFilter } from "./directory.ts"
export {
  assignTask,
  completeTask,
  evaluateTask,
  stateOf,
  type TaskAssignment,
  TaskInvalid,
  TaskNotFound,
  type TaskRecord,
  TaskRefused,
  type TaskState,
  taskRecord,
} from "./task.ts"
export {
  completionProblems,
  TASK_EVALUATIONS,
  type TaskEvaluation,
  type TaskFields,
  type TaskIssue,
  taskProblems,
} from "./validation.ts"
