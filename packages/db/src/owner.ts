import { Context, Effect, Layer } from "effect"
import { DatabaseConnection, type OwnerTransaction } from "./connection.ts"
import { settleHandedOver } from "./database.ts"
import { type DatabaseError, type MigrationError, toDatabaseError } from "./errors.ts"
import { migrate } from "./migrations.ts"

/**
 * The schema owner's hand: migrations and the global reference data (tenants, countries).
 * Used by the admin CLI and at start-up, never while serving a request.
 */
export class DatabaseOwner extends Context.Service<
  DatabaseOwner,
  {
    /** Applies pending migrations; returns the names applied. */
    readonly migrate: Effect.Effect<ReadonlyArray<string>, MigrationError>
    /** Runs `work` in one transaction as the connecting (owner) user. */
    readonly transaction: <A>(work: (tx: OwnerTransaction) => Promise<A>) => Effect.Effect<A, DatabaseError>
  }
>()("@abroad/db/DatabaseOwner") {
  static readonly layer: Layer.Layer<DatabaseOwner, never, DatabaseConnection> = Layer.effect(
    DatabaseOwner,
    Effect.gen(function* () {
      const connection = yield* DatabaseConnection
      return DatabaseOwner.of({
        migrate: migrate().pipe(Effect.provideService(DatabaseConnection, connection)),
        // The request's own handed-over unit commits first: the owner's work, on another
        // connection, may need a lock that unit holds (database.ts).
        transaction: (work) =>
          Effect.andThen(
            settleHandedOver,
            Effect.tryPromise({ try: () => connection.ownerTransaction(work), catch: toDatabaseError }),
          ),
      })
    }),
  )
}
