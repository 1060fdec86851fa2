/**
 * Who issues a command. The API has already checked the capability (`trip.approve`, …) and the
 * org-unit scope; the machine checks what only the trip knows: that it is this member's trip, this
 * cell's secretary, the committee the trip was routed to.
 */
export type TripActor =
  /** Đảng viên: the traveller, acting for themself. */
  | { readonly kind: "member"; readonly memberId: string }
  /** Cán bộ tổ chức of a committee. */
  | { readonly kind: "officer"; readonly userId: string; readonly committeeId: string }
  /** Bí thư chi bộ. */
  | { readonly kind: "cell_secretary"; readonly userId: string; readonly cellId: string }
  /** The leader of a committee who decides requests. */
  | { readonly kind: "approver"; readonly userId: string; readonly committeeId: string }
  /** A data feed, e.g. border or immigration records, named by its plugin id. */
  | { readonly kind: "integration"; readonly source: string }
  /** The scheduled overdue check. */
  | { readonly kind: "scheduler" }
