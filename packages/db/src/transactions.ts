import { Context, Effect } from "effect"
import type { Transaction } from "kysely"
import { type DatabaseError, toDatabaseError } from "./errors.ts"
import type { DB } from "./schema.ts"

/** A tenant's id (`tenant.id`). */
export type TenantId = string

/**
 * The open transaction of one tenant, as the app role, with `app.tenant_id` set: every
 * row it reads or writes passes that tenant's row-level security policy. Only
 * `Database.withTenant` provides it, so a tenant query outside one does not compile.
 */
export class TenantTx extends Context.Service<
  TenantTx,
  { readonly tenantId: TenantId; readonly db: Transaction<DB> }
>()("@abroad/db/TenantTx") {}

/**
 * An open transaction as the app role with no tenant: global tables (tenants, countries)
 * only; every tenant table reads empty in it. Provided by `Database.withGlobal`.
 */
export class GlobalTx extends Context.Service<GlobalTx, { readonly db: Transaction<DB> }>()("@abroad/db/GlobalTx") {}

/** Runs a Kysely query in the current tenant's transaction. */
export const tenantQuery = <A>(
  run: (db: Transaction<DB>, tenantId: TenantId) => Promise<A>,
): Effect.Effect<A, DatabaseError, TenantTx> =>
  TenantTx.use((tx) => Effect.tryPromise({ try: () => run(tx.db, tx.tenantId), catch: toDatabaseError }))

/** Runs a Kysely query on global tables. */
export const globalQuery = <A>(run: (db: Transaction<DB>) => Promise<A>): Effect.Effect<A, DatabaseError, GlobalTx> =>
  GlobalTx.use((tx) => Effect.tryPromise({ try: () => run(tx.db), catch: toDatabaseError }))
