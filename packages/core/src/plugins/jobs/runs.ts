import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import type { Effect } from "effect"
import { sql } from "kysely"
import type { DeliveryError } from "../delivery/claims.ts"
import { backoffCeiling, type DeliveryPolicy } from "../delivery/policy.ts"
import type { JobSchedule } from "../dispatch.ts"
import { firstRun, nextRun, scheduleText } from "./schedule.ts"

/** A run this worker claimed: it runs the job, then settles it with the same token. */
export interface ClaimedJobRun {
  readonly pluginId: string
  readonly jobId: string
  readonly token: string
  readonly schedule: JobSchedule["schedule"]
  readonly dueAt: Date
  /** Failed runs in a row before this one. */
  readonly consecutiveFailures: number
}

/**
 * Keeps one row per job of the enabled plugin and claims the runs that are due at `now`. A job
 * seen for the first time is scheduled from its definition; a job whose schedule changed (the
 * plugin was upgraded) is scheduled anew. A run is claimed by a conditional update, so of two
 * processes only one gets it; one whose claim lapsed (its process died) is claimed again.
 */
export const claimDueJobRuns = (input: {
  readonly pluginId: string
  readonly jobs: ReadonlyArray<JobSchedule>
  readonly now: Date
  readonly policy: Pick<DeliveryPolicy, "jobClaimMs">
}): Effect.Effect<ReadonlyArray<ClaimedJobRun>, DatabaseError, TenantTx> =>
  tenantQuery(async (db, tenantId) => {
    const jobs = input.jobs.flatMap((job) => {
      const text = scheduleText(job.schedule)
      // A schedule the platform cannot read is never run; the host refuses such a plugin at load.
      return text === undefined ? [] : [{ ...job, text }]
    })
    if (jobs.length === 0) return []
    const known = await db
      .selectFrom("plugin_job_run")
      .select(["job_id", "schedule"])
      .where("plugin_id", "=", input.pluginId)
      .execute()
    for (const job of jobs) {
      const row = known.find((k) => k.job_id === job.id)
      if (row === undefined) {
        await db
          .insertInto("plugin_job_run")
          .values({
            tenant_id: tenantId,
            plugin_id: input.pluginId,
            job_id: job.id,
            schedule: job.text,
            due_at: firstRun(job.schedule, input.now),
            claim_token: null,
            claimed_until: null,
            last_started_at: null,
            last_finished_at: null,
            last_status: null,
            last_error: null,
          })
          .onConflict((conflict) => conflict.columns(["tenant_id", "plugin_id", "job_id"]).doNothing())
          .execute()
      } else if (row.schedule !== job.text) {
        await db
          .updateTable("plugin_job_run")
          .set({ schedule: job.text, due_at: firstRun(job.schedule, input.now) })
          .where("plugin_id", "=", input.pluginId)
          .where("job_id", "=", job.id)
          .execute()
      }
    }
    const token = crypto.randomUUID()
    const claimed = await db
      .updateTable("plugin_job_run")
      .set({
        claim_token: token,
        claimed_until: new Date(input.now.getTime() + input.policy.jobClaimMs),
        last_started_at: input.now,
      })
      .where("plugin_id", "=", input.pluginId)
      .where(
        "job_id",
        "in",
        jobs.map((job) => job.id),
      )
      .where("due_at", "<=", input.now)
      .where((eb) => eb.or([eb("claim_token", "is", null), eb("claimed_until", "<=", input.now)]))
      .returning(["job_id", "due_at", "consecutive_failures"])
      .execute()
    return claimed.flatMap((row) => {
      const job = jobs.find((j) => j.id === row.job_id)
      return job === undefined
        ? []
        : [
            {
              pluginId: input.pluginId,
              jobId: job.id,
              token,
              schedule: job.schedule,
              dueAt: new Date(row.due_at),
              consecutiveFailures: row.consecutive_failures,
            },
          ]
    })
  })

/** How a run ended. */
export type JobOutcome =
  | { readonly _tag: "succeeded" }
  | { readonly _tag: "failed"; readonly error: DeliveryError }
  /** The plugin is no longer enabled, or has no such job: nothing ran. */
  | { readonly _tag: "not_enabled" }

/**
 * Records how the run ended, if the claim is still this worker's, and schedules the next one: the
 * next slot of the job's grid; after a failure sooner, with a backoff, but never later than that slot.
 */
export const settleJobRun = (input: {
  readonly claim: ClaimedJobRun
  readonly outcome: JobOutcome
  readonly now: Date
  readonly policy: Pick<DeliveryPolicy, "jobRetryBaseMs">
}): Effect.Effect<boolean, DatabaseError, TenantTx> =>
  tenantQuery(async (db) => {
    const { claim, outcome, now } = input
    const slot = nextRun(claim.schedule, claim.dueAt, now)
    const mine = db
      .updateTable("plugin_job_run")
      .where("plugin_id", "=", claim.pluginId)
      .where("job_id", "=", claim.jobId)
      .where("claim_token", "=", claim.token)
    const base = { claim_token: null, claimed_until: null }
    const result =
      outcome._tag === "succeeded"
        ? await mine
            .set({
              ...base,
              due_at: slot,
              runs: sql`runs + 1`,
              consecutive_failures: 0,
              last_finished_at: now,
              last_status: "succeeded",
              last_error: null,
            })
            .executeTakeFirst()
        : outcome._tag === "not_enabled"
          ? await mine.set({ ...base, due_at: slot }).executeTakeFirst()
          : await mine
              .set({
                ...base,
                due_at: new Date(
                  Math.min(
                    slot.getTime(),
                    now.getTime() +
                      backoffCeiling(
                        claim.consecutiveFailures + 1,
                        input.policy.jobRetryBaseMs,
                        Number.MAX_SAFE_INTEGER,
                      ),
                  ),
                ),
                runs: sql`runs + 1`,
                consecutive_failures: claim.consecutiveFailures + 1,
                last_finished_at: now,
                last_status: "failed",
                last_error: sql`${JSON.stringify(outcome.error)}::text::jsonb`,
              })
              .executeTakeFirst()
    return result.numUpdatedRows > 0n
  })
