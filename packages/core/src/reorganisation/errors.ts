import { Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/**
 * A merge that cannot be carried out as asked. `reason` says which rule refused it:
 * - `into_itself`, `repeated_predecessor`: the request names a tenant twice (bad input);
 * - `already_merged`: a tenant named was merged away before;
 * - `oversight`: the oversight body cannot be merged away;
 * - `unaccounted_tables`: a tenant table the merge does not know how to carry;
 * - `organisation_tree`: a tree the merge cannot hang under the successor (several committees at the top).
 */
export class TenantMergeRefused extends Schema.TaggedError<TenantMergeRefused>()("TenantMergeRefused", {
  reason: Schema.Literals([
    "into_itself",
    "repeated_predecessor",
    "already_merged",
    "oversight",
    "unaccounted_tables",
    "organisation_tree",
  ]),
  message: Message,
}) {
  /** Whether the request itself is wrong (400) rather than the state of the tenants (409). */
  get isBadInput(): boolean {
    return this.reason === "into_itself" || this.reason === "repeated_predecessor"
  }
}
