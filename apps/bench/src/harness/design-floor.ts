import {
  accessByGrants,
  actorOfSession,
  type Capability,
  hashSecret,
  homeCapabilities,
  parseSessionToken,
  type SessionActorRow,
} from "@abroad/auth"
import type postgres from "postgres"
import { freshen, runPrepared, type Statement } from "./capture.ts"

/**
 * The design's floor: what any server built on the platform's database design must send for a
 * request, with none of the platform's code (no Effect, Kysely, Schema, routing middleware,
 * logging, plugins). The baseline measures the database; the floor measures the database as the
 * design uses it:
 * - every request is one transaction, opened with `begin` and the role, tenant and ceilings set
 *   transaction-locally (`set_config`), as row-level security reads them (database.ts);
 * - the session is read in that transaction at every request, so that revocation counts at once
 *   (README decision 32), through the lookup the platform uses (`abroad_session_actor`), and the
 *   route's capability is checked by the platform's own rules (`accessByGrants`, `homeCapabilities`);
 * - `begin`, the settings and the lookup go in one round trip, the least the design needs (the
 *   platform takes two: Kysely sends the lookup once the settings are answered; README finding 17);
 * - the platform's own statements, as captured, run prepared (as kysely-postgres-js sends them)
 *   under the role's policies;
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
  /** Who may call the platform's route (its `access`): a capability in the tenant, or from home. */
  readonly access: { readonly kind: "tenant" | "home"; readonly capability: Capability }
}

/** What the floor answers: the rows of the last statement, or why it refused. */
export type FloorAnswer =
  | { readonly kind: "rows"; readonly rows: ReadonlyArray<unknown> }
  /** No good session: malformed, unknown, a wrong secret, expired, or its account disabled (401). */
  | { readonly kind: "refused" }
  /** A good session without the route's capability, or one that may only enrol its second factor (403). */
  | { readonly kind: "forbidden" }

/** Whether the session may call the route, by the rules `authorize` applies (packages/api). */
const allowed = (session: SessionActorRow, variant: FloorVariant): boolean => {
  if (session.totp_enrolment_only) return false
  const { actor, homeGrants } = actorOfSession(session)
  const { capability } = variant.access
  if (variant.access.kind === "home") return homeCapabilities(actor, homeGrants).has(capability)
  // A tenant route of the floor serves the account's own tenant only (no operator's break-glass).
  return (
    variant.tenantId !== null &&
    actor.homeTenantId === variant.tenantId &&
    accessByGrants(variant.tenantId, homeGrants)?.capabilities.has(capability) === true
  )
}

/** Serves one request of `variant` on the request login's pool, for the `Authorization` header given. */
export const serveFloor = async (
  sql: postgres.Sql,
  variant: FloorVariant,
  authorization: string | undefined,
): Promise<FloorAnswer> => {
  const parts =
    authorization?.startsWith("Bearer ") === true
      ? parseSessionToken(authorization.slice("Bearer ".length).trim())
      : undefined
  if (parts === undefined) return { kind: "refused" }
  const connection = await sql.reserve()
  try {
    // Sent together: postgres.js pipelines what is asked of a busy connection.
    const [, , sessions] = await Promise.all([
      connection`begin`,
      connection`select set_config('role', ${variant.role}, true), set_config('app.tenant_id', ${variant.tenantId ?? ""}, true),
                        set_config('statement_timeout', '30s', true), set_config('idle_in_transaction_session_timeout', '60s', true)`,
      connection<Array<SessionActorRow>>`select * from abroad_session_actor(${parts.id}, ${hashSecret(parts.secret)})`,
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
      return { kind: "refused" }
    }
    if (!allowed(session, variant)) {
      await connection`rollback`
      return { kind: "forbidden" }
    }
    const rows = await runPrepared(connection, freshen(variant.statements, variant.freshValues))
    await connection`commit`
    return { kind: "rows", rows }
  } catch (error) {
    await connection`rollback`.catch(() => undefined)
    throw error
  } finally {
    connection.release()
  }
}
