import { type DatabaseError, type GlobalTx, globalQuery, type TenantKind } from "@abroad/db"
import { Effect, Schema } from "effect"

/** What anyone may know of a tenant: the public list the sign-in page offers. */
export const TenantSummary = Schema.Struct({
  code: Schema.String.annotate({ description: "Tenant code, used in URLs", examples: ["ho-chi-minh"] }),
  name: Schema.String.annotate({ description: "Official name (Vietnamese)", examples: ["Hồ Chí Minh"] }),
  kind: Schema.Literals(["province", "city", "ministry"]).annotate({
    description: "province (tỉnh), centrally-run city (thành phố), or central ministry / agency (bộ, ngành)",
  }),
  isOversight: Schema.Boolean.annotate({
    description: "Whether this is Đảng ủy Bộ Ngoại giao, which oversees members abroad across tenants",
  }),
}).annotate({ identifier: "TenantSummary", title: "Tenant" })
export type TenantSummary = typeof TenantSummary.Type

/** A tenant as the platform works with it. */
export interface Tenant extends TenantSummary {
  readonly id: string
  readonly partyBody: string
  readonly kind: TenantKind
  /** A merged tenant still answers for its history. */
  readonly status: "active" | "merged"
}

/** No tenant has this code: answered as 404, like any id of another tenant. */
export class TenantNotFound extends Schema.TaggedError<TenantNotFound>()("TenantNotFound", {
  code: Schema.String,
}) {}

const collator = new Intl.Collator("vi")

const COLUMNS = ["id", "code", "name", "kind", "party_body", "is_oversight", "status"] as const

const toTenant = (row: {
  id: string
  code: string
  name: string
  kind: TenantKind
  party_body: string
  is_oversight: boolean
  status: "active" | "merged"
}): Tenant => ({
  id: row.id,
  code: row.code,
  name: row.name,
  kind: row.kind,
  partyBody: row.party_body,
  isOversight: row.is_oversight,
  status: row.status,
})

/** The active tenants, in Vietnamese alphabetical order of their names. */
export const listTenants: Effect.Effect<ReadonlyArray<Tenant>, DatabaseError, GlobalTx> = globalQuery((db) =>
  db.selectFrom("tenant").select(COLUMNS).where("status", "=", "active").execute(),
).pipe(
  Effect.map((rows) =>
    rows
      .map(toTenant)
      // Sorted here, not by SQL: the database's collation differs between servers (and
      // PGlite), and Vietnamese order must be the same everywhere.
      .sort((a, b) => collator.compare(a.name, b.name)),
  ),
)

/** The tenant with this code, whatever its status (a merged tenant still answers for its history). */
export const findTenantByCode = (code: string): Effect.Effect<Tenant, DatabaseError | TenantNotFound, GlobalTx> =>
  globalQuery((db) => db.selectFrom("tenant").select(COLUMNS).where("code", "=", code).executeTakeFirst()).pipe(
    Effect.flatMap((row) =>
      row === undefined ? Effect.fail(new TenantNotFound({ code })) : Effect.succeed(toTenant(row)),
    ),
  )

/** The tenant with this id, if there is one. */
export const findTenantById = (id: string): Effect.Effect<Tenant | undefined, DatabaseError, GlobalTx> =>
  globalQuery((db) => db.selectFrom("tenant").select(COLUMNS).where("id", "=", id).executeTakeFirst()).pipe(
    Effect.map((row) => (row === undefined ? undefined : toTenant(row))),
  )
