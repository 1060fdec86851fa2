import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import type { Visibility } from "../members/visibility.ts"
import { toSummary, type ViolationStatus, type ViolationSummary, visibleCases } from "./case.ts"
import type { ViolationKind } from "./validation.ts"

/**
 * Where a page of cases ends: the last case's opening instant to the microsecond, and its id.
 * Opaque to clients, but readable: `2026-03-01T08:15:30.123456Z~<uuid>`. A `Date` would lose
 * the microseconds and skip or repeat cases opened in the same millisecond.
 */
export const VIOLATION_CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

export interface ViolationFilter {
  readonly visibility: Visibility
  readonly status?: ViolationStatus
  readonly memberId?: string
  readonly kind?: ViolationKind
  readonly limit: number
  /** The `next` of the previous page. */
  readonly after?: string
}

/**
 * The cases the reader reaches, newest first, one page at a time. `next` is the cursor of the
 * following page, undefined on the last.
 */
export const listViolations = (
  filter: ViolationFilter,
): Effect.Effect<
  { readonly violations: ReadonlyArray<ViolationSummary>; readonly next: string | undefined },
  DatabaseError,
  TenantTx
> =>
  tenantQuery((db) => {
    let query = visibleCases(db, filter.visibility).select(
      sql<string>`to_char(violation.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursor_at"),
    )
    if (filter.status !== undefined) query = query.where("violation.status", "=", filter.status)
    if (filter.memberId !== undefined) query = query.where("violation.member_id", "=", filter.memberId)
    if (filter.kind !== undefined) query = query.where("violation.kind", "=", filter.kind)
    const after = filter.after === undefined ? null : VIOLATION_CURSOR.exec(filter.after)
    if (after !== null) {
      query = query.where(
        sql<boolean>`(violation.opened_at, violation.id) < (${after[1]}::timestamptz, ${after[2]}::uuid)`,
      )
    }
    return query
      .orderBy("violation.opened_at", "desc")
      .orderBy("violation.id", "desc")
      .limit(filter.limit + 1)
      .execute()
  }).pipe(
    Effect.map((rows) => {
      const page = rows.slice(0, filter.limit)
      const last = page.at(-1)
      return {
        violations: page.map(toSummary),
        next: rows.length > filter.limit && last !== undefined ? `${last.cursor_at}~${last.id}` : undefined,
      }
    }),
  )
