import { type DeliveryPolicy, type PluginDispatch, type PluginWorkerOptions, runPluginWorker } from "@abroad/core"
import type { Database } from "@abroad/db"
import { Fiber, type ManagedRuntime } from "effect"
import type { ServerConfig } from "../config.ts"
import type { Schedule } from "./overdue-check.ts"

/** The delivery policy the configuration sets; the rest keeps the core's defaults. */
export const deliveryPolicy = (config: Pick<ServerConfig, "pluginDeliveryMaxAttempts">): Partial<DeliveryPolicy> => ({
  maxAttempts: config.pluginDeliveryMaxAttempts,
})

/** How long a stop waits for the worker's pass under way to give way. */
const STOP_WAIT_MS = 3_000

/**
 * Runs the plugin worker in this process — events from the outbox to the plugins, and the plugins'
 * scheduled jobs — until stopped. Every server process runs one: they share the work through claims
 * in the database, never through memory, so a process that dies leaves nothing undelivered, only
 * claims that lapse and are taken up by another (or by this one after a restart).
 */
export const startPluginWorker = (
  runtime: ManagedRuntime.ManagedRuntime<Database | PluginDispatch, unknown>,
  options: PluginWorkerOptions,
): Schedule => {
  const fiber = runtime.runFork(runPluginWorker(options))
  return {
    // Deliveries under way are abandoned: their claims lapse and they are delivered again. So a
    // pass stuck on the database (an outage) is not waited for past STOP_WAIT_MS: the process exits.
    stop: async () => {
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        runtime.runPromise(Fiber.interrupt(fiber)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, STOP_WAIT_MS)
        }),
      ])
      clearTimeout(timer)
    },
  }
}
