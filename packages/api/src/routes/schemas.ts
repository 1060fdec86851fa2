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

/** A real calendar day, YYYY-MM-DD, between 1900 and 2200: "2026-02-30" and "2026-13-01" are refused. */
export const Day = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/),
  Schema.makeFilter((text: string) => realDay(text) || "not a calendar day between 1900 and 2200 (YYYY-MM-DD)"),
).annotate({ description: "A calendar day, YYYY-MM-DD", format: "date" })

const realDay = (text: string) => {
  const date = new Date(`${text}T00:00:00Z`)
  return (
    !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) && text >= "1900-01-01" && text <= "2200-12-31"
  )
}
