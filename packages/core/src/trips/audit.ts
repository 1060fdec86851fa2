import type { DatabaseError, TenantTx } from "@abroad/db"
import { Context, type Effect } from "effect"

/** What the audit log keeps of one accepted transition: its event type, the trip, codes and dates. */
export interface TripAuditEntry {
  /** The event's type: `trip.submitted`, `trip.return_overdue`, … */
  readonly action: string
  readonly tripId: string
  /** Ids, codes and dates; never the text a member or an officer wrote. */
  readonly details: Readonly<Record<string, unknown>>
}

/**
 * Where the trips write their audit entries: the tenant's hash-chained log, in the transaction of
 * the change. The chain belongs to `@abroad/auth`, which the core does not import, and who is
 * acting (an account and its address, or the scheduler) is known only to the caller — so the caller
 * provides this service: the API per request, the server for the scheduled check. A program that
 * changes a trip has it in its type and does not compile without one.
 */
export class TripAudit extends Context.Service<
  TripAudit,
  { readonly record: (entry: TripAuditEntry) => Effect.Effect<void, DatabaseError, TenantTx> }
>()("@abroad/core/TripAudit") {}
