import { Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/**
 * A merge that cannot be carried out as asked. `reason` says which rule refused it:
 * - `into_itself`, `repeated_predecessor`: the request names a tenant twice (bad input);
 * - `already_merged`: a tenant named was merged away before;
 * - `oversight`: the oversight body cannot be merged away, nor anything into it;
 * - `kind_mismatch`: a ministry's party body merged with a province or city;
 * - `effective_in_future`: a merge takes effect when it is carried out, not before (bad input);
 * - `unaccounted_tables`: a tenant table the merge does not know how to carry;
 * - `organisation_tree`: a tree the merge cannot hang under the successor (several committees at the top).
 */
export class TenantMergeRefused extends Schema.TaggedError<TenantMergeRefused>()("TenantMergeRefused", {
  reason: Schema.Literals([
    "into_itself",
    "repeated_predecessor",
    "already_merged",
    "oversight",
    "kind_mismatch",
    "effective_in_future",
    "unaccounted_tables",
    "organisation_tree",
  ]),
  message: Message,
}) {
  /** Whether the request itself is wrong (400) rather than the state of the tenants (409). */
  get isBadInput(): boolean {
    return (
      this.reason === "into_itself" || this.reason === "repeated_predecessor" || this.reason === "effective_in_future"
    )
  }
}
