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

/**
 * An open transaction as the oversight role (Đảng ủy Bộ Ngoại giao), with no tenant: it reads the
 * members abroad of every tenant through the policies and views written for that role, and writes
 * only transfers' outcomes, notices and its own audit entries. Provided by `Database.withOversight`.
 */
export class OversightTx extends Context.Service<OversightTx, { readonly db: Transaction<DB> }>()(
  "@abroad/db/OversightTx",
) {}

/**
 * An open transaction as the analyst role: it can run the national statistics function and read
 * the reference tables, nothing else. Provided by `Database.withAnalyst`.
 */
export class AnalystTx extends Context.Service<AnalystTx, { readonly db: Transaction<DB> }>()("@abroad/db/AnalystTx") {}

/**
 * The open transaction, of whichever role and tenant: for the few statements any request role
 * may run alike (reading who a session is, through the functions written for it). Provided
 * with every unit of work, besides its own service.
 */
export class UnitOfWork extends Context.Service<UnitOfWork, { readonly db: Transaction<DB> }>()(
  "@abroad/db/UnitOfWork",
) {}

/** Runs a Kysely query in the current unit of work, whatever its role. */
export const unitQuery = <A>(run: (db: Transaction<DB>) => Promise<A>): Effect.Effect<A, DatabaseError, UnitOfWork> =>
  UnitOfWork.use((tx) => Effect.tryPromise({ try: () => run(tx.db), catch: toDatabaseError }))

/** Runs a Kysely query in the current tenant's transaction. */
export const tenantQuery = <A>(
  run: (db: Transaction<DB>, tenantId: TenantId) => Promise<A>,
): Effect.Effect<A, DatabaseError, TenantTx> =>
  TenantTx.use((tx) => Effect.tryPromise({ try: () => run(tx.db, tx.tenantId), catch: toDatabaseError }))

/** Runs a Kysely query on global tables. */
export const globalQuery = <A>(run: (db: Transaction<DB>) => Promise<A>): Effect.Effect<A, DatabaseError, GlobalTx> =>
  GlobalTx.use((tx) => Effect.tryPromise({ try: () => run(tx.db), catch: toDatabaseError }))

/** Runs a Kysely query as the oversight role. */
export const oversightQuery = <A>(
  run: (db: Transaction<DB>) => Promise<A>,
): Effect.Effect<A, DatabaseError, OversightTx> =>
  OversightTx.use((tx) => Effect.tryPromise({ try: () => run(tx.db), catch: toDatabaseError }))

/** Runs a Kysely query as the analyst role. */
export const analystQuery = <A>(run: (db: Transaction<DB>) => Promise<A>): Effect.Effect<A, DatabaseError, AnalystTx> =>
  AnalystTx.use((tx) => Effect.tryPromise({ try: () => run(tx.db), catch: toDatabaseError }))
