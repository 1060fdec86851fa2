import { Database, type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import type { CalendarDate } from "../calendar/calendar-day.ts"
import { PluginFailed } from "../plugins/dispatch.ts"
import { PluginInputInvalid } from "../plugins/errors.ts"
import { findTenantByCode, listTenants, type TenantNotFound } from "../tenants/directory.ts"
import type { TripActor } from "./actors.ts"
import type { TripAudit } from "./audit.ts"
import { TripChanged, TripInvalid } from "./errors.ts"
import { TripTransitionRefused } from "./refusal.ts"
import type { Trip } from "./trip.ts"
import { applyToTrip } from "./workflow.ts"

/** The trips one run of the check marked, by mark. */
export interface OverdueMarks {
  /** Abroad past the planned return, no return recorded (quá hạn về nước). */
  readonly returnOverdue: ReadonlyArray<string>
  /** Returned, no report by its deadline (quá hạn báo cáo). */
  readonly reportOverdue: ReadonlyArray<string>
}

const SCHEDULER: TripActor = { kind: "scheduler" }

/**
 * The current tenant's overdue check for `today`: every trip abroad past its planned return gets
 * `overdue_return`, every return past its report deadline `report_overdue` — through the machine,
 * so each mark is one accepted transition with its history row, audit entry and one outbox event
 * (`trip.return_overdue`, `trip.report_overdue`), which plugins turn into notices. The report
 * deadline was fixed at the return from the tenant's setting and the working-day calendar. A trip
 * already marked is not a candidate, so a second run on the same day changes nothing. A trip that
 * another transaction changed meanwhile is left to the next run.
 */
export const markOverdueTrips = (
  today: CalendarDate,
): Effect.Effect<OverdueMarks, DatabaseError, TenantTx | TripAudit> =>
  Effect.gen(function* () {
    const candidates = yield* tenantQuery((db) =>
      db
        .selectFrom("trip")
        .select(["id", "record"])
        .where((eb) =>
          eb.or([
            eb.and([
              eb("status", "=", "departed"),
              eb("overdue_return_since", "is", null),
              eb("planned_return", "<", today),
            ]),
            eb.and([
              eb("status", "=", "returned"),
              eb("report_overdue_since", "is", null),
              eb("report_due_on", "<", today),
            ]),
          ]),
        )
        .orderBy("created_at")
        .orderBy("id")
        .execute(),
    )
    const returnOverdue: Array<string> = []
    const reportOverdue: Array<string> = []
    for (const row of candidates) {
      const trip = row.record as Trip
      const returning = trip.status === "departed"
      const marked = yield* applyToTrip(
        trip,
        { type: returning ? "markOverdueReturn" : "markReportOverdue" },
        SCHEDULER,
        { today, userId: null },
      ).pipe(
        Effect.as(true),
        // Nothing was written for a refused or overtaken trip: the next run sees it again.
        Effect.catchIf(
          // (No plugin runs on these marks; PluginFailed is in the type only because applyToTrip can run them.)
          (error): error is TripTransitionRefused | TripChanged | TripInvalid | PluginFailed | PluginInputInvalid =>
            error instanceof TripTransitionRefused ||
            error instanceof TripChanged ||
            error instanceof TripInvalid ||
            error instanceof PluginFailed ||
            error instanceof PluginInputInvalid,
          () => Effect.succeed(false),
        ),
      )
      if (marked) (returning ? returnOverdue : reportOverdue).push(trip.id)
    }
    return { returnOverdue, reportOverdue }
  })

export interface TenantOverdueCheck extends OverdueMarks {
  readonly tenant: string
  /** Another process was checking this tenant at that moment: it does the work. */
  readonly skipped: boolean
}

/**
 * The overdue check of every active tenant (or of one), each in its own transaction. A
 * transaction-scoped advisory lock per tenant lets only one process check a tenant at a time, so
 * several servers running the daily job do not race; whoever finds the lock taken skips the tenant.
 */
export const checkOverdueTrips = (input: {
  readonly today: CalendarDate
  readonly tenantCode?: string | undefined
}): Effect.Effect<ReadonlyArray<TenantOverdueCheck>, DatabaseError | TenantNotFound, Database | TripAudit> =>
  Effect.gen(function* () {
    const database = yield* Database
    const tenants =
      input.tenantCode === undefined
        ? yield* database.withGlobal(listTenants)
        : [yield* database.withGlobal(findTenantByCode(input.tenantCode))]
    return yield* Effect.forEach(tenants, (tenant) =>
      database.withTenant(
        tenant.id,
        Effect.gen(function* () {
          const lock = yield* tenantQuery((db, tenantId) =>
            sql<{
              locked: boolean
            }>`select pg_try_advisory_xact_lock(hashtextextended(${`abroad_overdue:${tenantId}`}, 0)) as locked`.execute(
              db,
            ),
          )
          if (lock.rows[0]?.locked !== true) {
            return {
              tenant: tenant.code,
              skipped: true,
              returnOverdue: [],
              reportOverdue: [],
            } satisfies TenantOverdueCheck
          }
          const marks = yield* markOverdueTrips(input.today)
          return { tenant: tenant.code, skipped: false, ...marks } satisfies TenantOverdueCheck
        }),
      ),
    )
  })
