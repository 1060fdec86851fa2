import { recordAudit } from "@abroad/auth"
import { checkOverdueTrips, TripAudit, todayInVietnam } from "@abroad/core"
import { Effect, type ManagedRuntime } from "effect"
import type { LogWriter } from "../logging.ts"
import type { PlatformServices } from "../runtime.ts"

/** The check's audit entries: written by the system, not by an account. */
const systemAudit = TripAudit.of({
  record: (entry) =>
    recordAudit({
      actorUserId: null,
      actor: "system",
      action: entry.action,
      entityType: "trip",
      entityId: entry.tripId,
      details: entry.details,
    }),
})

/**
 * The overdue check for today in Vietnam, over every active tenant or one: what
 * `pnpm platform trips check-overdue` and the daily job run. Safe to repeat.
 */
export const overdueCheck = (tenantCode?: string) =>
  Effect.gen(function* () {
    const today = yield* todayInVietnam
    return { today, tenants: yield* checkOverdueTrips({ today, tenantCode }) }
  }).pipe(Effect.provideService(TripAudit, systemAudit))

const DAY_MS = 24 * 60 * 60 * 1000
/** After a start, a first run soon (the process may have been down at midnight), not at once. */
const FIRST_RUN_AFTER_MS = 60 * 1000
/** Then daily, five minutes after midnight in Vietnam (17:05 UTC): a new day's overdue trips. */
const DAILY_AT_UTC_MS = (17 * 60 + 5) * 60 * 1000

const untilNextDailyRun = (now: number) => {
  const next = Math.floor(now / DAY_MS) * DAY_MS + DAILY_AT_UTC_MS
  return next > now ? next - now : next + DAY_MS - now
}

export interface Schedule {
  /** Stops the timers and waits for a run in progress, so the database can close after it. */
  readonly stop: () => Promise<void>
}

/**
 * Runs the overdue check daily in this process: a timer, not a second scheduler. Several processes
 * may each run it; the check takes a per-tenant advisory lock, so a tenant is checked by one at a
 * time, and a second run the same day marks nothing more. A failed run is logged and retried the
 * next day (or at the next start): it changes nothing it did not finish.
 */
export const scheduleOverdueCheck = (
  runtime: ManagedRuntime.ManagedRuntime<PlatformServices, unknown>,
  log: LogWriter,
): Schedule => {
  let running: Promise<void> | undefined
  let stopped = false
  const run = () => {
    if (running !== undefined || stopped) return
    running = runtime
      .runPromise(overdueCheck())
      .then(
        ({ today, tenants }) => {
          const returnOverdue = tenants.reduce((sum, t) => sum + t.returnOverdue.length, 0)
          const reportOverdue = tenants.reduce((sum, t) => sum + t.reportOverdue.length, 0)
          const skipped = tenants.filter((t) => t.skipped).map((t) => t.tenant)
          log("info", "overdue check", { today, tenants: tenants.length, returnOverdue, reportOverdue, skipped })
        },
        (error: unknown) =>
          log("error", "overdue check failed", { cause: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        running = undefined
      })
  }
  const timers: Array<NodeJS.Timeout> = []
  const every = (first: number, period: number | undefined) => {
    const timer = setTimeout(() => {
      run()
      if (period !== undefined) {
        const repeat = setInterval(run, period)
        repeat.unref()
        timers.push(repeat)
      }
    }, first)
    timer.unref()
    timers.push(timer)
  }
  every(FIRST_RUN_AFTER_MS, undefined)
  every(untilNextDailyRun(Date.now()), DAY_MS)
  return {
    stop: async () => {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      await running
    },
  }
}
