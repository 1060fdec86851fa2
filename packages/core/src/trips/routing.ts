/**
 * Who manages a member (diện quản lý). Most members are managed by the committee directly above their
 * cell; some — typically leaders — are in a higher committee's purview (diện cấp ủy cấp trên quản lý),
 * and their trips go up to that committee.
 */
export type ManagementLevel =
  | { readonly kind: "direct"; readonly committeeId: string }
  | { readonly kind: "higher_committee"; readonly committeeId: string }

/**
 * The committee whose approver must decide a trip (cấp ủy có thẩm quyền), fixed when the trip is
 * submitted so that a later decision can be checked against it.
 */
export interface ApprovalRouting {
  readonly committeeId: string
  readonly basis: "direct_committee" | "higher_committee"
  /** The plugin rule that raised the level (`trip.route`'s `require_approval`), when one did. */
  readonly raisedBy?: {
    readonly pluginId: string
    readonly rule: string
    /** The level the rule asked for (the Standing Committee is the tenant's root committee). */
    readonly level?: "higher_committee" | "standing_committee"
    /** Why, in the rule's own words: shown to the member and the officers. */
    readonly message?: { readonly vi: string; readonly en: string }
  }
}

/**
 * The routing that follows from the member's management level. A local rule that asks for a higher
 * level (a plugin's `trip.route` hook) yields a `higher_committee` routing in its place.
 */
export const routeApproval = (management: ManagementLevel): ApprovalRouting =>
  management.kind === "direct"
    ? { committeeId: management.committeeId, basis: "direct_committee" }
    : { committeeId: management.committeeId, basis: "higher_committee" }
