import { Database, type DatabaseError } from "@abroad/db"
import { Clock, Effect, FiberSet } from "effect"
import { listTenants } from "../../tenants/directory.ts"
import type { PluginDispatch } from "../dispatch.ts"
import { DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from "./policy.ts"
import { deliverBatch, type PluginTenant, runClaimedJob, type TenantVisit, visitTenant } from "./worker.ts"

export interface PluginWorkerOptions {
  readonly policy?: Partial<DeliveryPolicy>
  /** The pause after a pass that found nothing to do. */
  readonly idleMs?: number
  /** The pause after a pass that found work: an entity's next event waits for the one before it. */
  readonly busyMs?: number
  /**
   * How often every active tenant is visited; in between, only those that had a plugin enabled.
   * A plugin just enabled in a tenant without any receives its first events within this time.
   */
  readonly discoverEveryMs?: number
}

/**
 * The plugin worker of one server process, until interrupted: passes over the tenants, each
 * visit claiming in PostgreSQL what is due, the claimed batches delivered in the background (one
 * per tenant and plugin at a time, at most `concurrency` at once) while the next passes go on, so
 * a slow plugin delays only itself. Tenants are visited in a turning order and each takes a bounded
 * share per pass, so one tenant's flood of events does not hold up another's. Interrupted, the
 * batches under way are abandoned: their claims lapse and another pass delivers them again.
 */
export const runPluginWorker = (
  options: PluginWorkerOptions = {},
): Effect.Effect<never, never, Database | PluginDispatch> =>
  Effect.scoped(
    Effect.gen(function* () {
      const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy }
      const idleMs = options.idleMs ?? 1_000
      const busyMs = options.busyMs ?? 50
      const discoverEveryMs = options.discoverEveryMs ?? 30_000
      const database = yield* Database
      const background = yield* FiberSet.make()
      const busy = new Set<string>()
      let batchesUnderWay = 0
      let everyTenant: ReadonlyArray<PluginTenant> = []
      const withPlugins = new Map<string, PluginTenant>()
      let discoveredAt = Number.NEGATIVE_INFINITY
      let turn = 0

      const inBackground = (
        key: string,
        work: Effect.Effect<unknown, never, Database | PluginDispatch>,
        batch: boolean,
      ) =>
        Effect.gen(function* () {
          busy.add(key)
          if (batch) batchesUnderWay += 1
          yield* FiberSet.run(background)(
            work.pipe(
              Effect.ensuring(
                Effect.sync(() => {
                  busy.delete(key)
                  if (batch) batchesUnderWay -= 1
                }),
              ),
            ),
          )
        })

      const takeUp = (visit: TenantVisit) =>
        Effect.gen(function* () {
          const { tenant } = visit
          for (const batch of visit.deliveries) {
            const pluginId = batch[0]?.pluginId ?? ""
            yield* inBackground(`${tenant.id}/${pluginId}`, deliverBatch(tenant, batch, policy), true)
          }
          for (const claim of visit.jobs) {
            yield* inBackground(
              `${tenant.id}/${claim.pluginId}/job:${claim.jobId}`,
              runClaimedJob(tenant, claim, policy),
              false,
            )
          }
        })

      while (true) {
        const now = yield* Clock.currentTimeMillis
        const discovering = now - discoveredAt >= discoverEveryMs
        if (discovering) {
          everyTenant = yield* database
            .withGlobal(listTenants)
            .pipe(
              Effect.catch((error: DatabaseError) =>
                Effect.logWarning("plugin worker: cannot list tenants").pipe(
                  Effect.annotateLogs({ cause: error.message }),
                  Effect.as(everyTenant),
                ),
              ),
            )
          discoveredAt = now
        }
        const targets = discovering ? everyTenant : [...withPlugins.values()]
        const start = targets.length === 0 ? 0 : turn % targets.length
        turn += 1
        let foundWork = false
        for (const tenant of [...targets.slice(start), ...targets.slice(0, start)]) {
          const visit = yield* visitTenant(tenant, {
            policy,
            busy,
            capacity: policy.concurrency - batchesUnderWay,
          }).pipe(
            Effect.catch((error: DatabaseError) =>
              Effect.logWarning("plugin worker: tenant visit failed").pipe(
                Effect.annotateLogs({ tenant: tenant.code, cause: error.message }),
                Effect.as(undefined),
              ),
            ),
          )
          if (visit === undefined) continue
          // A tenant another process was visiting keeps its place: it may well have plugins.
          if (visit.skipped || visit.enabled.length > 0) withPlugins.set(tenant.id, tenant)
          else withPlugins.delete(tenant.id)
          if (visit.fannedOut > 0 || visit.deliveries.length > 0 || visit.jobs.length > 0) foundWork = true
          yield* takeUp(visit)
        }
        yield* Effect.sleep(foundWork ? busyMs : idleMs)
      }
    }),
  )
