import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import type { Effect } from "effect"
import type { DeliveryError } from "../delivery/claims.ts"

/** A plugin's scheduled job in the tenant, as the administrator sees it. */
export interface JobRunView {
  readonly pluginId: string
  readonly jobId: string
  /** `every 15 min`, `daily 02:00` (Vietnam time). */
  readonly schedule: string
  /** When it runs next. */
  readonly dueAt: Date
  /** A process is running it now. */
  readonly running: boolean
  readonly runs: number
  /** Failed runs in a row (0 once one succeeds). */
  readonly consecutiveFailures: number
  readonly lastStartedAt: Date | null
  readonly lastFinishedAt: Date | null
  readonly lastStatus: "succeeded" | "failed" | null
  readonly lastError: DeliveryError | null
}

const date = (value: Date | null) => (value === null ? null : new Date(value))

/** The tenant's plugin jobs (of one plugin, if given), by plugin and job. */
export const listJobRuns = (input: {
  readonly pluginId?: string | undefined
}): Effect.Effect<ReadonlyArray<JobRunView>, DatabaseError, TenantTx> =>
  tenantQuery(async (db) => {
    let query = db.selectFrom("plugin_job_run").selectAll().orderBy("plugin_id").orderBy("job_id")
    if (input.pluginId !== undefined) query = query.where("plugin_id", "=", input.pluginId)
    const rows = await query.execute()
    return rows.map(
      (row): JobRunView => ({
        pluginId: row.plugin_id,
        jobId: row.job_id,
        schedule: row.schedule,
        dueAt: new Date(row.due_at),
        running: row.claim_token !== null,
        runs: row.runs,
        consecutiveFailures: row.consecutive_failures,
        lastStartedAt: date(row.last_started_at),
        lastFinishedAt: date(row.last_finished_at),
        lastStatus: row.last_status,
        lastError: (row.last_error ?? null) as DeliveryError | null,
      }),
    )
  })
