import { type Actor, type AuditEntry, recordAudit } from "@abroad/auth"
import { Database } from "@abroad/db"
import type { Effect } from "effect"
import type { RequestContext, TenantContext } from "../routes/route.ts"

/**
 * Handlers of routes that are not public read the actor here: `authorize` has set it, so
 * its absence is a bug in the route's declaration, not a user's error.
 */
export const actorOf = (context: RequestContext): Actor => {
  if (context.actor === undefined) throw new Error("a signed-in route ran without an actor: is its access `public`?")
  return context.actor
}

export const tenantOf = (context: RequestContext): TenantContext => {
  if (context.tenant === undefined) throw new Error("a tenant route ran without a tenant: is its access `tenant`?")
  return context.tenant
}

/** Runs `program` in one transaction of the route's tenant. */
export const inTenant = <A, E, R>(context: RequestContext, program: Effect.Effect<A, E, R>) =>
  Database.use((database) => database.withTenant(tenantOf(context).id, program))

/**
 * Writes what the signed-in actor did to the current tenant's audit log, with the actor's
 * account and address: every route's audit entry goes through here.
 */
export const auditByActor = (
  context: RequestContext,
  entry: Pick<AuditEntry, "action" | "entityType" | "entityId" | "details">,
) =>
  recordAudit({
    ...entry,
    actorUserId: actorOf(context).userId,
    actor: actorOf(context).username,
    ip: context.ip,
  })
