import { Schema } from "effect"

/** Schemas shared by the routes' inputs and outputs. */

export const Uuid = Schema.String.check(Schema.isUUID()).annotate({ description: "A UUID", format: "uuid" })

export const TenantCode = Schema.String.check(Schema.isPattern(/^[a-z0-9]+(-[a-z0-9]+)*$/)).annotate({
  description: "The tenant's code: `ho-chi-minh`, `bng`",
})

/** An instant: a `Date` in the program, an ISO 8601 string on the wire. */
export const Instant = Schema.DateFromString.annotate({ description: "ISO 8601 date and time", format: "date-time" })

/** `?limit=` for keyset pagination: 1 to 200, 50 by default. */
export const PageLimit = Schema.optionalKey(
  Schema.NumberFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 200 })).annotate({
    description: "Page size, at most 200 (default 50)",
  }),
)

export const TenantPath = Schema.Struct({ tenantCode: TenantCode })

/** Text a person typed: trimmed, stored in NFC, not empty, bounded. */
export const Text = (max: number) =>
  Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(max)).annotate({
    description: `Text, at most ${max} characters`,
  })
