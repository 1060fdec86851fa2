/**
 * A test kit for what calls the plugin host — the events worker and the job scheduler: a
 * `PluginDispatch` that runs real plugin definitions (`definePlugin`, read through
 * `collectRegistrations`) in this process. It has none of the host's isolation — no worker, no
 * time budget, no data API (`ctx.data`, `ctx.store`, `ctx.http` and `ctx.mail` throw) — and it
 * takes every listed plugin as enabled everywhere: the worker decides whom it delivers to from
 * `plugin_installation`. Not exported from the package's entry: tests import it by path.
 */
import { collectRegistrations, type PluginContext, type PluginDefinition, PluginError } from "@abroad/plugin-sdk"
import { Effect, Layer } from "effect"
import { PluginDispatch, PluginFailed } from "./dispatch.ts"

export interface InProcessPlugin {
  // biome-ignore lint/suspicious/noExplicitAny: a plugin of any config
  readonly definition: PluginDefinition<any>
  /** The config handed to its hooks as it is (not decoded); `{}` by default. */
  readonly config?: unknown
}

const unavailable = (what: string) => () => {
  throw new Error(`${what} is not available in the in-process test dispatch`)
}

const contextFor = (plugin: InProcessPlugin, tenantCode: string): PluginContext<unknown> => ({
  tenant: { code: tenantCode, name: tenantCode },
  plugin: { id: plugin.definition.id, version: plugin.definition.version },
  config: plugin.config ?? {},
  data: {
    members: { get: unavailable("ctx.data"), findByCitizenId: unavailable("ctx.data") },
    trips: {
      get: unavailable("ctx.data"),
      ofMember: unavailable("ctx.data"),
      recordDeparture: unavailable("ctx.data"),
      recordReturn: unavailable("ctx.data"),
    },
    violations: { propose: unavailable("ctx.data") },
  },
  store: {
    get: unavailable("ctx.store"),
    put: unavailable("ctx.store"),
    delete: unavailable("ctx.store"),
    list: unavailable("ctx.store"),
  },
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  clock: {
    now: () => new Date(),
    today: () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10),
    addWorkingDays: unavailable("ctx.clock.addWorkingDays"),
  },
  http: { fetch: unavailable("ctx.http") },
  mail: { send: unavailable("ctx.mail") },
})

const failed = (pluginId: string, hook: string, cause: unknown) =>
  new PluginFailed({
    pluginId,
    hook,
    kind: "throw",
    retryable: true,
    message:
      cause instanceof PluginError
        ? cause.text
        : {
            vi: `Plugin ${pluginId} gặp lỗi: ${cause instanceof Error ? cause.message : String(cause)}`,
            en: `Plugin ${pluginId} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
          },
  })

const notEnabled = (pluginId: string, hook: string) =>
  new PluginFailed({
    pluginId,
    hook,
    kind: "not_enabled",
    retryable: false,
    message: { vi: `Không có plugin ${pluginId}.`, en: `There is no plugin ${pluginId}.` },
  })

/** The dispatch over `plugins`, each plugin's hooks called directly. */
export const inProcessDispatch = (plugins: ReadonlyArray<InProcessPlugin>): PluginDispatch["Service"] => {
  const registered = new Map(
    plugins.map((plugin) => [plugin.definition.id, { plugin, registrations: collectRegistrations(plugin.definition) }]),
  )
  return PluginDispatch.of({
    deliverEvent: ({ pluginId, tenantCode, event }) => {
      const hook = `event:${event.type}`
      const found = registered.get(pluginId)
      if (found === undefined) return Effect.fail(notEnabled(pluginId, hook))
      const handler = found.registrations.events[event.type] ?? found.registrations.events["*"]
      if (handler === undefined) return Effect.void
      return Effect.tryPromise({
        try: async () => handler(event, contextFor(found.plugin, tenantCode)),
        catch: (cause) => failed(pluginId, hook, cause),
      })
    },
    runJob: ({ pluginId, tenantCode, jobId }) => {
      const hook = `job:${jobId}`
      const job = registered.get(pluginId)?.registrations.jobs.find((candidate) => candidate.id === jobId)
      const found = registered.get(pluginId)
      if (found === undefined || job === undefined) return Effect.fail(notEnabled(pluginId, hook))
      return Effect.tryPromise({
        try: async () => job.run(contextFor(found.plugin, tenantCode)),
        catch: (cause) => failed(pluginId, hook, cause),
      })
    },
    subscriptions: (pluginId) => Object.keys(registered.get(pluginId)?.registrations.events ?? {}),
    jobs: (pluginId) =>
      (registered.get(pluginId)?.registrations.jobs ?? []).map((job) => ({ id: job.id, schedule: job.schedule })),
    pluginIds: () => [...registered.keys()],
  })
}

export const inProcessDispatchLayer = (plugins: ReadonlyArray<InProcessPlugin>): Layer.Layer<PluginDispatch> =>
  Layer.succeed(PluginDispatch, inProcessDispatch(plugins))
