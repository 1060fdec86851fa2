import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import { Effect, Schema } from "effect"
import { sql } from "kysely"

/** A tenant setting as stored: its value, and who last changed it when (null while unset). */
export interface StoredSetting<A> {
  readonly value: A
  /** True while the tenant has not chosen: the value is the platform's default. */
  readonly isDefault: boolean
  readonly updatedBy: string | null
  readonly updatedAt: Date | null
}

/**
 * One tenant setting: its key in `tenant_setting`, the Schema its value must satisfy, and
 * the value it has until the tenant's administrator chooses one.
 */
export interface SettingDefinition<A> {
  readonly key: string
  readonly schema: Schema.Codec<A, unknown, never, never>
  readonly defaultValue: A
}

/**
 * The current tenant's value of a setting, or its default. A stored value the Schema refuses
 * was written past the checks (by hand, or by an older rule): a defect to fix, not the
 * user's error, so it fails loudly rather than silently falling back to the default.
 */
export const readSetting = <A>(
  definition: SettingDefinition<A>,
): Effect.Effect<StoredSetting<A>, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const row = yield* tenantQuery((db) =>
      db
        .selectFrom("tenant_setting")
        .select(["value", "updated_by", "updated_at"])
        .where("key", "=", definition.key)
        .executeTakeFirst(),
    )
    if (row === undefined) {
      return { value: definition.defaultValue, isDefault: true, updatedBy: null, updatedAt: null }
    }
    const value = yield* Schema.decodeUnknownEffect(definition.schema)(row.value).pipe(
      Effect.mapError((error) => new Error(`tenant setting ${definition.key} holds an invalid value: ${error}`)),
      Effect.orDie,
    )
    return { value, isDefault: false, updatedBy: row.updated_by, updatedAt: row.updated_at }
  })

/** Sets the current tenant's value of a setting; returns the value before and after. */
export const writeSetting = <A>(
  definition: SettingDefinition<A>,
  value: A,
  updatedBy: string,
): Effect.Effect<{ readonly before: StoredSetting<A>; readonly after: StoredSetting<A> }, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const before = yield* readSetting(definition)
    const encoded = yield* Schema.encodeUnknownEffect(definition.schema)(value).pipe(Effect.orDie)
    // Sent as text and parsed by the server: postgres.js would otherwise store a JSON string
    // scalar instead of the object on PostgreSQL (PGlite parses either way).
    const json = sql<unknown>`${JSON.stringify(encoded)}::text::jsonb`
    yield* tenantQuery((db, tenantId) =>
      db
        .insertInto("tenant_setting")
        .values({ tenant_id: tenantId, key: definition.key, value: json, updated_by: updatedBy })
        .onConflict((conflict) =>
          conflict
            .columns(["tenant_id", "key"])
            .doUpdateSet({ value: json, updated_by: updatedBy, updated_at: new Date() }),
        )
        .execute(),
    )
    return { before, after: yield* readSetting(definition) }
  })
