import type { PluginContext } from "./context.ts"
import type { Awaitable } from "./rules.ts"

/**
 * A domain event as a plugin receives it from the outbox: at least once (tell repeats apart by
 * `id`), in order for one entity (`entityType`, `entityId`), retried with backoff when the handler
 * throws, and parked for the administrator after the last try.
 */
export interface PluginEvent {
  readonly id: string
  /** `trip.approved`, `trip.return_overdue`, `violation.opened`, … */
  readonly type: string
  readonly entityType: string
  readonly entityId: string
  readonly payload: Readonly<Record<string, unknown>>
  /** ISO 8601 */
  readonly occurredAt: string
  /** 1 on the first delivery, more on a retry. */
  readonly attempt: number
}

/** Handlers by event type; `*` receives every type that has no handler of its own. */
export type EventHandlers<Config> = Readonly<
  Record<string, (event: PluginEvent, ctx: PluginContext<Config>) => Awaitable<void>>
>
