import type { Transfer } from "./oversight.ts"
import type { TripDetail } from "./trips.ts"

/**
 * Chuyển sinh hoạt đảng from the home tenant's side: which form a transfer travels on, and when a
 * trip calls for one — approved or under way, with a stay long enough (the arrangement its
 * submission worked out), none under way already (a returned one may be sent again), for an
 * account that may send transfers. The API decides in the end.
 */

/** 3-SHĐ, the introduction to a party organisation abroad; 3A-SHĐ, its form for labour export. */
export const TRANSFER_FORMS = ["3-SHĐ", "3A-SHĐ"] as const

const TRANSFERRED_ARRANGEMENTS: ReadonlySet<string> = new Set([
  "temporary_transfer",
  "official_transfer",
  "direct_guidance_by_oversight",
])

export const transferOffered = (
  trip: TripDetail,
  transfers: ReadonlyArray<Pick<Transfer, "status">>,
  capabilities: ReadonlyArray<string>,
): boolean =>
  capabilities.includes("transfer.request") &&
  transfers.every((transfer) => transfer.status === "returned") &&
  (trip.status === "approved" || trip.status === "departed") &&
  TRANSFERRED_ARRANGEMENTS.has(trip.submission?.arrangement.kind ?? "none")
