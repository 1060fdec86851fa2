import { Effect, Random } from "effect"

/**
 * How hard the platform tries to hand an event to a plugin, and how much one pass takes on. The
 * defaults suit one server; every number can be set per process (the server reads
 * `PLUGIN_DELIVERY_MAX_ATTEMPTS`), and the tests shrink them.
 */
export interface DeliveryPolicy {
  /** Failed attempts after which a delivery is parked for the administrator. */
  readonly maxAttempts: number
  /** The wait after the first failure; it doubles after each further one… */
  readonly retryBaseMs: number
  /** …up to this. */
  readonly retryCapMs: number
  /**
   * How long a claimed delivery belongs to the worker that claimed it. A worker that dies leaves
   * its claims to lapse after this, then another delivers them again: longer than a batch of
   * handlers can take under their time budget, or a slow batch is delivered twice.
   */
  readonly claimMs: number
  /** Outbox events one tenant hands out per pass: a flooding tenant takes its turn like the others. */
  readonly fanOutBatch: number
  /** Deliveries claimed per plugin of a tenant per pass, delivered one after the other. */
  readonly claimBatch: number
  /** (tenant, plugin) batches delivered at once by one process. */
  readonly concurrency: number
  /** How long a claimed job run belongs to its worker (as `claimMs`, for jobs). */
  readonly jobClaimMs: number
  /** A failed job is tried again after this, doubled per further failure, but never later than its next slot. */
  readonly jobRetryBaseMs: number
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 8,
  retryBaseMs: 15_000,
  retryCapMs: 60 * 60_000,
  // Ten events at the host's 30-second budget each fit well within it.
  claimMs: 10 * 60_000,
  fanOutBatch: 500,
  claimBatch: 10,
  concurrency: 8,
  jobClaimMs: 30 * 60_000,
  jobRetryBaseMs: 60_000,
}

/** The exponential step for the `failures`-th failure (1-based), capped. */
export const backoffCeiling = (failures: number, baseMs: number, capMs: number): number =>
  Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 40)))

/**
 * The wait before the next attempt after the `failures`-th failure: the exponential step, of which
 * a random half is kept ("equal jitter"), so a plugin that failed for many events at once — its
 * server was down — is not called again for all of them in the same second.
 */
export const retryDelay = (failures: number, baseMs: number, capMs: number): Effect.Effect<number> =>
  Effect.map(Random.next, (fraction) => {
    const ceiling = backoffCeiling(failures, baseMs, capMs)
    return Math.round(ceiling / 2 + (ceiling / 2) * fraction)
  })
