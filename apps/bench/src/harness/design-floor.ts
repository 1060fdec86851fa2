import { hashSecret, parseSessionToken } from "@abroad/auth"
import type postgres from "postgres"
import { freshen, type Statement } from "./capture.ts"

/**
 * The design's floor: what any server built on the platform's database design must send for a
 * request, with none of the platform's code (no Effect, Kysely, Schema, routing, logging, plugins).
 * The baseline measures the database; the floor measures the database as the design uses it:
 * - every request is one transaction, opened with `begin` and the role, tenant and ceilings set
 *   transaction-locally (`set_config`), as row-level security reads them (database.ts);
 * - the session is read in that transaction at every request, so that revocation counts at once
 *   (README decision 32), through the lookup the platform uses (`abroad_session_actor`);
 * - `begin`, the settings and the lookup go in one round trip, as the platform pipelines them;
 * - the platform's own statements, as captured, run under the role's policies;
 * - `commit`.
 * So floor / baseline is what the design costs, and platform / floor what the platform's code costs.
 */
export interface FloorVariant {
  /** The platform's statements as captured: tenant-scoped by the policies, not by an explicit tenant. */
  readonly statements: ReadonlyArray<Statement>
  /** The database role the platform runs them as. */
  readonly role: string
  /** The tenant set for the policies; null for the desks across tenants. */
  readonly tenantId: string | null
  readonly freshValues: ReadonlyArray<string>
}

interface SessionRow {
  readonly expires_at: Date
  readonly absolute_expires_at: Date
  readonly disabled_at: Date | null
}

/**
 * Serves one request of `variant` on the request login's pool: its rows, or undefined when the
 * bearer token is no good (malformed, unknown, expired, or its account disabled).
 */
export const serveFloor = async (
  sql: postgres.Sql,
  variant: FloorVariant,
  authorization: string | undefined,
): Promise<ReadonlyArray<unknown> | undefined> => {
  const parts = parseSessionToken(authorization?.replace(/^Bearer /, "") ?? "")
  if (parts === undefined) return undefined
  const connection = await sql.reserve()
  try {
    // Sent together: postgres.js pipelines what is asked of a busy connection.
    const [, , sessions] = await Promise.all([
      connection`begin`,
      connection`select set_config('role', ${variant.role}, true), set_config('app.tenant_id', ${variant.tenantId ?? ""}, true),
                        set_config('statement_timeout', '30s', true), set_config('idle_in_transaction_session_timeout', '60s', true)`,
      connection<Array<SessionRow>>`select * from abroad_session_actor(${parts.id}, ${hashSecret(parts.secret)})`,
    ])
    const session = sessions[0]
    const now = Date.now()
    if (
      session === undefined ||
      session.disabled_at !== null ||
      session.expires_at.getTime() <= now ||
      session.absolute_expires_at.getTime() <= now
    ) {
      await connection`rollback`
      return undefined
    }
    let rows: ReadonlyArray<unknown> = []
    for (const statement of freshen(variant.statements, variant.freshValues)) {
      rows = await connection.unsafe(statement.text, statement.params as Array<never>)
    }
    await connection`commit`
    return rows
  } catch (error) {
    await connection`rollback`.catch(() => undefined)
    throw error
  } finally {
    connection.release()
  }
}
