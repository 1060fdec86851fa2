import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import type { Visibility } from "../members/visibility.ts"
import { type TaskRecord, type TaskState, toRecord, visibleTasks } from "./task.ts"

/** Where a page of tasks ends: the last task's due date and id, `2026-03-31~<uuid>`. */
export const TASK_CURSOR = /^(\d{4}-\d{2}-\d{2})~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

export interface TaskFilter {
  readonly visibility: Visibility
  readonly memberId?: string
  readonly state?: TaskState
  /** The day `open` and `overdue` are judged on. */
  readonly today: string
  readonly limit: number
  /** The `next` of the previous page. */
  readonly after?: string
}

/**
 * The tasks the reader reaches — an officer's scope, or a member's own — soonest due first,
 * one page at a time. `next` is the cursor of the following page, undefined on the last.
 */
export const listTasks = (
  filter: TaskFilter,
): Effect.Effect<
  { readonly tasks: ReadonlyArray<TaskRecord>; readonly next: string | undefined },
  DatabaseError,
  TenantTx
> =>
  tenantQuery((db) => {
    let query = visibleTasks(db, filter.visibility)
    if (filter.memberId !== undefined) query = query.where("task.member_id", "=", filter.memberId)
    switch (filter.state) {
      case "done":
        query = query.where("task.completed_at", "is not", null)
        break
      case "overdue":
        query = query.where("task.completed_at", "is", null).where("task.due_on", "<", filter.today)
        break
      case "open":
        query = query.where("task.completed_at", "is", null).where("task.due_on", ">=", filter.today)
        break
    }
    const after = filter.after === undefined ? null : TASK_CURSOR.exec(filter.after)
    if (after !== null) {
      query = query.where(sql<boolean>`(task.due_on, task.id) > (${after[1]}::date, ${after[2]}::uuid)`)
    }
    return query
      .orderBy("task.due_on")
      .orderBy("task.id")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(
    Effect.map((rows) => {
      const page = rows.slice(0, filter.limit)
      const last = page.at(-1)
      return {
        tasks: page.map((row) => toRecord(row, filter.today)),
        next: rows.length > filter.limit && last !== undefined ? `${last.due_on}~${last.id}` : undefined,
      }
    }),
  )
