import { findTenantByCode, type TenantNotFound } from "@abroad/core"
import { Database, type DatabaseError } from "@abroad/db"
import { Effect } from "effect"

/** What a tenant route needs of its tenant before it opens the tenant's unit of work. */
export interface TenantKey {
  readonly id: string
  readonly code: string
}

/**
 * The tenant id behind each code in a URL, held in the process after the first lookup: every
 * tenant route needs it, and reading it cost a transaction of its own per request.
 *
 * It needs no invalidation, because what it holds never changes: a tenant's id and code are
 * fixed when its row is written (the reference seed updates only descriptive fields, a merge
 * only the status and successor, and no tenant row is ever deleted). Nothing that can change —
 * status, name, the merge — is kept here; whoever needs it reads the row. A code not found is
 * not remembered, so a tenant added later is found at once, and codes made up by a caller
 * cannot grow the map (it holds at most the tenants that exist).
 */
export interface TenantCodes {
  readonly find: (code: string) => Effect.Effect<TenantKey, TenantNotFound | DatabaseError, Database>
}

export const tenantCodes = (): TenantCodes => {
  const known = new Map<string, TenantKey>()
  return {
    find: (code) => {
      const held = known.get(code)
      if (held !== undefined) return Effect.succeed(held)
      return Database.use((database) => database.withGlobal(findTenantByCode(code))).pipe(
        Effect.map((tenant) => {
          const key = { id: tenant.id, code: tenant.code }
          known.set(code, key)
          return key
        }),
      )
    },
  }
}
