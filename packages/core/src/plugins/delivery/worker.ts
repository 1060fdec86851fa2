import { Database, type DatabaseError, tenantQuery } from "@abroad/db"
import { Cause, Clock, Effect, Exit, Option } from "effect"
import { sql } from "kysely"
import { findTenantByCode, listTenants, type TenantNotFound } from "../../tenants/directory.ts"
import { PluginDispatch, PluginFailed } from "../dispatch.ts"
import { type ClaimedJobRun, claimDueJobRuns, type JobOutcome, settleJobRun } from "../jobs/runs.ts"
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDeliveries,
  type DeliveryError,
  type Settlement,
  settleDelivery,
} from "./claims.ts"
import { fanOutEvents } from "./fan-out.ts"
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from "./policy.ts"

/** A tenant as the worker addresses it. */
export interface PluginTenant {
  readonly id: string
  readonly code: string
}

/** What one visit of a tenant found and claimed. */
export interface TenantVisit {
  readonly tenant: PluginTenant
  /** Another process was visiting the tenant at that moment: it does the work. */
  readonly skipped: boolean
  /** The plugins enabled in the tenant. */
  readonly enabled: ReadonlyArray<string>
  readonly fannedOut: number
  /** Claimed deliveries, by plugin, each plugin's in outbox order. */
  readonly deliveries: ReadonlyArray<ReadonlyArray<ClaimedDelivery>>
  readonly jobs: ReadonlyArray<ClaimedJobRun>
}

/** Keys of the work this process has under way, so that it never claims the same thing twice. */
const deliveryKey = (tenantId: string, pluginId: string) => `${tenantId}/${pluginId}`
const jobKey = (tenantId: string, pluginId: string, jobId: string) => `${tenantId}/${pluginId}/job:${jobId}`

const nowDate = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

/**
 * Visits one tenant in one short transaction, under a transaction-scoped advisory lock (another
 * process that holds it is visiting the tenant: this one skips it): reads the enabled plugins,
 * hands out new outbox events, claims due deliveries of each plugin and due runs of its jobs. The
 * transaction ends before any plugin code runs: a handler's own data calls open their own.
 */
export const visitTenant = (
  tenant: PluginTenant,
  options: {
    readonly policy: DeliveryPolicy
    /** Work already under way in this process: not claimed again. */
    readonly busy: ReadonlySet<string>
    /** How many (tenant, plugin) batches this process may still take on. */
    readonly capacity: number
  },
): Effect.Effect<TenantVisit, DatabaseError, Database | PluginDispatch> =>
  Effect.gen(function* () {
    const database = yield* Database
    const dispatch = yield* PluginDispatch
    const now = yield* nowDate
    return yield* database.withTenant(
      tenant.id,
      Effect.gen(function* () {
        const lock = yield* tenantQuery((db, tenantId) =>
          sql<{
            locked: boolean
          }>`select pg_try_advisory_xact_lock(hashtextextended(${`abroad_plugins:${tenantId}`}, 0)) as locked`.execute(
            db,
          ),
        )
        if (lock.rows[0]?.locked !== true) {
          return { tenant, skipped: true, enabled: [], fannedOut: 0, deliveries: [], jobs: [] } satisfies TenantVisit
        }
        const enabled = (yield* tenantQuery((db) =>
          db
            .selectFrom("plugin_installation")
            .select("plugin_id")
            .where("enabled", "=", true)
            .orderBy("plugin_id")
            .execute(),
        )).map((row) => row.plugin_id)
        const fannedOut = yield* fanOutEvents({
          plugins: enabled.map((pluginId) => ({ pluginId, subscriptions: dispatch.subscriptions(pluginId) })),
          now,
          limit: options.policy.fanOutBatch,
        })
        const deliveries: Array<ReadonlyArray<ClaimedDelivery>> = []
        let capacity = options.capacity
        for (const pluginId of enabled) {
          if (capacity <= 0 || options.busy.has(deliveryKey(tenant.id, pluginId))) continue
          const claimed = yield* claimDeliveries({
            pluginId,
            now,
            limit: options.policy.claimBatch,
            policy: options.policy,
          })
          if (claimed.length > 0) {
            deliveries.push(claimed)
            capacity -= 1
          }
        }
        const jobs: Array<ClaimedJobRun> = []
        for (const pluginId of enabled) {
          const idle = dispatch.jobs(pluginId).filter((job) => !options.busy.has(jobKey(tenant.id, pluginId, job.id)))
          if (idle.length === 0) continue
          jobs.push(...(yield* claimDueJobRuns({ pluginId, jobs: idle, now, policy: options.policy })))
        }
        return { tenant, skipped: false, enabled, fannedOut, deliveries, jobs } satisfies TenantVisit
      }),
    )
  })

const errorOf = (hook: string, exit: Exit.Exit<void, PluginFailed>): DeliveryError | undefined => {
  if (Exit.isSuccess(exit)) return undefined
  const failure = Cause.findErrorOption(exit.cause)
  if (Option.isSome(failure))
    return { kind: failure.value.kind, hook: failure.value.hook, message: failure.value.message }
  // Not a failure the host reports but a defect in it: kept, and treated as a crash of the hook.
  const cause = Cause.squash(exit.cause)
  const text = cause instanceof Error ? cause.message : String(cause)
  return { kind: "defect", hook, message: { vi: `Lỗi của nền tảng khi gọi plugin: ${text}`, en: text } }
}

const attemptOutcome = (hook: string, exit: Exit.Exit<void, PluginFailed>): AttemptOutcome => {
  const error = errorOf(hook, exit)
  if (error === undefined) return { _tag: "delivered" }
  if (error.kind === "not_enabled") return { _tag: "not_enabled", error }
  const failure = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : Option.none()
  return { _tag: "failed", retryable: Option.isSome(failure) ? failure.value.retryable : true, error }
}

/**
 * The host ends a hook at its own time budget; should a call still outlast the claim (a fault in the
 * host), the worker stops waiting, so that this process does not hold the plugin's turn for ever.
 */
const outlasting =
  (ms: number, pluginId: string, hook: string) =>
  (call: Effect.Effect<void, PluginFailed>): Effect.Effect<void, PluginFailed> =>
    call.pipe(
      Effect.timeoutOrElse({
        duration: ms,
        orElse: () =>
          Effect.fail(
            new PluginFailed({
              pluginId,
              hook,
              kind: "timeout",
              retryable: true,
              message: {
                vi: `Plugin ${pluginId} không trả lời trong thời hạn nhận việc (${Math.round(ms / 1000)} giây).`,
                en: `Plugin ${pluginId} did not answer within the claim (${Math.round(ms / 1000)} s).`,
              },
            }),
          ),
      }),
    )

/** What the delivered batches came to. */
export interface DeliveryTally {
  readonly delivered: number
  readonly retrying: number
  readonly parked: number
  /** Not counted: the plugin is no longer enabled, or the claim had lapsed and went to another worker. */
  readonly released: number
}

const EMPTY_TALLY: DeliveryTally = { delivered: 0, retrying: 0, parked: 0, released: 0 }

const tally = (settlements: ReadonlyArray<Settlement | undefined>): DeliveryTally => ({
  delivered: settlements.filter((s) => s === "delivered").length,
  retrying: settlements.filter((s) => s === "retrying").length,
  parked: settlements.filter((s) => s === "parked").length,
  released: settlements.filter((s) => s === "released" || s === "lost_claim" || s === undefined).length,
})

const addTallies = (a: DeliveryTally, b: DeliveryTally): DeliveryTally => ({
  delivered: a.delivered + b.delivered,
  retrying: a.retrying + b.retrying,
  parked: a.parked + b.parked,
  released: a.released + b.released,
})

/**
 * Hands one plugin's claimed deliveries to it, one after the other, and settles each in its own
 * transaction as soon as the handler answered: a delivery is acknowledged exactly when the plugin
 * acknowledged it. If the settling transaction fails, the claim lapses and the event is delivered
 * again — the plugin sees it twice, never not at all.
 */
export const deliverBatch = (
  tenant: PluginTenant,
  batch: ReadonlyArray<ClaimedDelivery>,
  policy: DeliveryPolicy,
): Effect.Effect<DeliveryTally, never, Database | PluginDispatch> =>
  Effect.gen(function* () {
    const database = yield* Database
    const dispatch = yield* PluginDispatch
    // A plugin that hung or crashed on one event would most likely cost each following one its whole
    // time budget too: the rest of its batch is put back untried, for a later pass.
    let unwell = false
    const settlements = yield* Effect.forEach(batch, (claim) =>
      Effect.gen(function* () {
        const hook = `event:${claim.event.type}`
        const outcome: AttemptOutcome = unwell
          ? { _tag: "untried" }
          : attemptOutcome(
              hook,
              yield* Effect.exit(
                dispatch
                  .deliverEvent({
                    tenantId: tenant.id,
                    tenantCode: tenant.code,
                    pluginId: claim.pluginId,
                    event: claim.event,
                  })
                  .pipe(outlasting(policy.claimMs, claim.pluginId, hook)),
              ),
            )
        if (outcome._tag === "failed" && (outcome.error.kind === "timeout" || outcome.error.kind === "crash")) {
          unwell = true
        }
        const now = yield* nowDate
        return yield* database.withTenant(tenant.id, settleDelivery({ claim, outcome, now, policy })).pipe(
          Effect.tap((settlement) =>
            settlement === "parked"
              ? Effect.logWarning("plugin delivery parked").pipe(
                  Effect.annotateLogs({ tenant: tenant.code, plugin: claim.pluginId, event: claim.event.id }),
                )
              : Effect.void,
          ),
          Effect.catch((error: DatabaseError) =>
            Effect.logError("plugin delivery not settled; its claim will lapse and it will be delivered again").pipe(
              Effect.annotateLogs({ tenant: tenant.code, plugin: claim.pluginId, cause: error.message }),
              Effect.as(undefined),
            ),
          ),
        )
      }),
    )
    return tally(settlements)
  })

/** Runs one claimed job and settles it; a failure is recorded for the administrator, never thrown. */
export const runClaimedJob = (
  tenant: PluginTenant,
  claim: ClaimedJobRun,
  policy: DeliveryPolicy,
): Effect.Effect<JobOutcome["_tag"], never, Database | PluginDispatch> =>
  Effect.gen(function* () {
    const database = yield* Database
    const dispatch = yield* PluginDispatch
    const exit = yield* Effect.exit(
      dispatch
        .runJob({ tenantId: tenant.id, tenantCode: tenant.code, pluginId: claim.pluginId, jobId: claim.jobId })
        .pipe(outlasting(policy.jobClaimMs, claim.pluginId, `job:${claim.jobId}`)),
    )
    const error = errorOf(`job:${claim.jobId}`, exit)
    const outcome: JobOutcome =
      error === undefined
        ? { _tag: "succeeded" }
        : error.kind === "not_enabled"
          ? { _tag: "not_enabled" }
          : { _tag: "failed", error }
    const now = yield* nowDate
    yield* database.withTenant(tenant.id, settleJobRun({ claim, outcome, now, policy })).pipe(
      Effect.catch((failure: DatabaseError) =>
        Effect.logError("plugin job run not settled; its claim will lapse and it will run again").pipe(
          Effect.annotateLogs({
            tenant: tenant.code,
            plugin: claim.pluginId,
            job: claim.jobId,
            cause: failure.message,
          }),
        ),
      ),
    )
    return outcome._tag
  })

/** What one pass did. */
export interface PassReport extends DeliveryTally {
  readonly tenants: number
  /** Tenants another process was visiting. */
  readonly skipped: number
  readonly fannedOut: number
  readonly jobsSucceeded: number
  readonly jobsFailed: number
}

/**
 * One pass over every active tenant (or one): hand out new events, deliver what is due, run the
 * jobs that are due, and wait for all of it. What `pnpm platform plugins deliver` runs; safe to
 * run beside the server's worker (they share the database's claims, not memory).
 */
export const deliverOnce = (
  options: { readonly tenantCode?: string | undefined; readonly policy?: Partial<DeliveryPolicy> } = {},
): Effect.Effect<PassReport, DatabaseError | TenantNotFound, Database | PluginDispatch> =>
  Effect.gen(function* () {
    const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy }
    const database = yield* Database
    const tenants =
      options.tenantCode === undefined
        ? yield* database.withGlobal(listTenants)
        : [yield* database.withGlobal(findTenantByCode(options.tenantCode))]
    const visits = yield* Effect.forEach(tenants, (tenant) =>
      visitTenant(tenant, { policy, busy: new Set(), capacity: Number.POSITIVE_INFINITY }),
    )
    const work = visits.flatMap((visit) => [
      ...visit.deliveries.map((batch) => deliverBatch(visit.tenant, batch, policy)),
      ...visit.jobs.map((claim) =>
        runClaimedJob(visit.tenant, claim, policy).pipe(Effect.map((outcome) => ({ ...EMPTY_TALLY, job: outcome }))),
      ),
    ])
    const results = yield* Effect.all(work, { concurrency: policy.concurrency })
    const deliveries = results.reduce<DeliveryTally>(addTallies, EMPTY_TALLY)
    const jobOutcomes = results.flatMap((result) => ("job" in result ? [result.job] : []))
    return {
      tenants: visits.length,
      skipped: visits.filter((visit) => visit.skipped).length,
      fannedOut: visits.reduce((sum, visit) => sum + visit.fannedOut, 0),
      ...deliveries,
      jobsSucceeded: jobOutcomes.filter((outcome) => outcome === "succeeded").length,
      jobsFailed: jobOutcomes.filter((outcome) => outcome === "failed").length,
    }
  })
