import { type DatabaseError, type GlobalTx, globalQuery, type TenantKind } from "@abroad/db"
import { Effect, Schema } from "effect"

/** What anyone may know of a tenant: the public list the sign-in page offers. */
export const TenantSummary = Schema.Struct({
  code: Schema.String.annotate({ description: "Tenant code, used in URLs", examples: ["ho-chi-minh"] }),
  name: Schema.String.annotate({ description: "Official name (Vietnamese)", examples: ["Hồ Chí Minh"] }),
  kind: Schema.Literals(["province", "city", "ministry"]).annotate({
    description: "province (tỉnh), centrally-run city (thành phố), or central ministry / agency (bộ, ngành)",
  }),
}).annotate({ identifier: "TenantSummary", title: "Tenant" })
export type TenantSummary = typeof TenantSummary.Type

/** A tenant as the platform works with it. */
export interface Tenant extends TenantSummary {
  readonly id: string
  readonly partyBody: string
  readonly isOversight: boolean
  readonly kind: TenantKind
}

export class TenantNotFound extends Schema.TaggedError<TenantNotFound>()("TenantNotFound", {
  code: Schema.String,
}) {}

const collator = new Intl.Collator("vi")

/** The active tenants, in Vietnamese alphabetical order of their names. */
export const listTenants: Effect.Effect<ReadonlyArray<Tenant>, DatabaseError, GlobalTx> = globalQuery((db) =>
  db
    .selectFrom("tenant")
    .select(["id", "code", "name", "kind", "party_body", "is_oversight"])
    .where("status", "=", "active")
    .execute(),
).pipe(
  Effect.map((rows) =>
    rows
      .map((row) => ({
        id: row.id,
        code: row.code,
        name: row.name,
        kind: row.kind,
        partyBody: row.party_body,
        isOversight: row.is_oversight,
      }))
      // Sorted here, not by SQL: the database's collation differs between servers (and
      // PGlite), and Vietnamese order must be the same everywhere.
      .sort((a, b) => collator.compare(a.name, b.name)),
  ),
)

/** The tenant with this code, whatever its status (a merged tenant still answers for its history). */
export const findTenantByCode = (
  code: string,
): Effect.Effect<Tenant & { readonly status: "active" | "merged" }, DatabaseError | TenantNotFound, GlobalTx> =>
  globalQuery((db) =>
    db
      .selectFrom("tenant")
      .select(["id", "code", "name", "kind", "party_body", "is_oversight", "status"])
      .where("code", "=", code)
      .executeTakeFirst(),
  ).pipe(
    Effect.flatMap((row) =>
      row === undefined
        ? Effect.fail(new TenantNotFound({ code }))
        : Effect.succeed({
            id: row.id,
            code: row.code,
            name: row.name,
            kind: row.kind,
            partyBody: row.party_body,
            isOversight: row.is_oversight,
            status: row.status,
          }),
    ),
  )
