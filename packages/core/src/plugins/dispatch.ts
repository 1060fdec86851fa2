import type { JobDefinition, PluginEvent } from "@abroad/plugin-sdk"
import { Context, type Effect, Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/**
 * How a plugin's hook failed, as the administrator's incident list names it:
 * - `throw`: the hook threw or its promise rejected;
 * - `timeout`: it did not answer within its time budget (a hang or a loop); its worker was ended;
 * - `crash`: its worker died (out of memory, a refused import at load time, …);
 * - `capability`: it used a part of the context it did not declare, or a builtin it may not load;
 * - `invalid`: it answered something the host cannot use (an outcome of the wrong shape);
 * - `not_enabled`: the plugin is not installed and enabled in that tenant (nothing ran; no incident).
 */
export const PLUGIN_FAILURE_KINDS = ["throw", "timeout", "crash", "capability", "invalid", "not_enabled"] as const
export type PluginFailureKind = (typeof PLUGIN_FAILURE_KINDS)[number]

/**
 * A plugin's hook failed for one tenant. Every kind but `not_enabled` has been recorded as an
 * incident for that tenant's administrator before this error is returned. `retryable` says whether
 * the same call may succeed later (a throw, a timeout or a crash may; a missing capability will not).
 */
export class PluginFailed extends Schema.TaggedError<PluginFailed>()("PluginFailed", {
  pluginId: Schema.String,
  /** `trip.validate`, `event:trip.approved`, `job:nightly-import`, `route:POST /records`, … */
  hook: Schema.String,
  kind: Schema.Literals(PLUGIN_FAILURE_KINDS),
  retryable: Schema.Boolean,
  message: Message,
}) {}

/** One event for one plugin of one tenant. */
export interface EventDelivery {
  readonly tenantId: string
  readonly tenantCode: string
  readonly pluginId: string
  readonly event: PluginEvent
}

/** One run of a plugin's scheduled job for one tenant. */
export interface JobRun {
  readonly tenantId: string
  readonly tenantCode: string
  readonly pluginId: string
  readonly jobId: string
}

/** A job as the scheduler needs it: when to run, not the code. */
export type JobSchedule = Pick<JobDefinition<unknown>, "id" | "schedule">

/**
 * What the events worker and the job scheduler call on the plugin host. The host runs the hook in
 * the (tenant, plugin) worker under its time budget and error boundary; its data calls run in that
 * tenant's own row-level-security transactions, each opened by the host.
 *
 * Call these OUTSIDE any unit of work (`withTenant` / `withGlobal`): the plugin's data calls open
 * their own, and on PGlite a unit of work inside another cannot run.
 */
export class PluginDispatch extends Context.Service<
  PluginDispatch,
  {
    /**
     * Hands `event` to the plugin's handler for its type (or its `*` handler). Succeeds at once when
     * the plugin has no handler for that type. Fails with kind `not_enabled` when the plugin is not
     * installed and enabled in the tenant (then nothing ran and no incident was written).
     */
    readonly deliverEvent: (delivery: EventDelivery) => Effect.Effect<void, PluginFailed>
    /** Runs the job once; `not_enabled` as for events; an unknown job id is a `not_enabled` failure too. */
    readonly runJob: (run: JobRun) => Effect.Effect<void, PluginFailed>
    /** The event types the plugin handles, `*` included when it takes every type; [] for an unknown plugin. */
    readonly subscriptions: (pluginId: string) => ReadonlyArray<string>
    /** The plugin's jobs and their schedules; [] for an unknown plugin. */
    readonly jobs: (pluginId: string) => ReadonlyArray<JobSchedule>
    /** The workspace plugins the host knows (installed anywhere or not). */
    readonly pluginIds: () => ReadonlyArray<string>
  }
>()("@abroad/core/PluginDispatch") {}
