import { createHash } from "node:crypto"
import { Database, type DatabaseError, TenantTx } from "@abroad/db"
import { Clock, Context, Effect, Layer } from "effect"
import { TripAudit } from "../trips/audit.ts"
import { answerContext, type DataProgram } from "./bridge.ts"
import { type Discovered, defaultPluginsDir, discoverPlugins, importableFor } from "./discovery.ts"
import { PluginFailed, type PluginFailureKind } from "./dispatch.ts"
import type { Json, PluginManifest, PluginPackage } from "./manifest.ts"
import { type CallOutcome, Sandbox } from "./sandbox.ts"
import type { HookCall } from "./worker/protocol.ts"

/** How long each kind of hook may run before it is stopped (milliseconds). */
export interface HookBudgets {
  /** `trip.validate`, `trip.route`, `trip.deadlines`, `member.validate`, and field decoding: a user waits. */
  readonly rule: number
  readonly event: number
  readonly job: number
  readonly route: number
  readonly report: number
  /** Validating a config (install, configure, upgrade). */
  readonly config: number
  /** Loading a plugin in a fresh worker (not counted in the call's own budget). */
  readonly load: number
  /** One outbound HTTP call or e-mail. */
  readonly outbound: number
}

export const DEFAULT_BUDGETS: HookBudgets = {
  rule: 2_000,
  event: 30_000,
  job: 300_000,
  route: 15_000,
  report: 30_000,
  config: 5_000,
  load: 20_000,
  outbound: 10_000,
}

/** A plugin installed in a tenant, as the host runs it. */
export interface RunTarget {
  readonly tenantId: string
  readonly tenantCode: string
  readonly tenantName: string
  readonly pluginId: string
  /** The installed version and the stored config; a change of either starts a fresh worker. */
  readonly version: string
  readonly config: unknown
}

/**
 * Where a hook's data calls run: in the transaction of the request that called the hook (rules,
 * field checks — what the plugin reads is what the request sees), or each in its own transaction
 * of the tenant (events, jobs, routes, reports).
 */
export type DataScope = { readonly kind: "request"; readonly tx: TenantTx["Service"] } | { readonly kind: "own" }

export interface HookRun {
  /** How the incident list names it: `trip.validate`, `event:trip.approved`, `route:POST /records`. */
  readonly hook: string
  readonly call: HookCall
  readonly budgetMs: number
  readonly scope: DataScope
}

export interface PluginIncident {
  readonly pluginId: string
  readonly pluginVersion: string
  readonly hook: string
  readonly kind: Exclude<PluginFailureKind, "not_enabled">
  readonly message: string
}

/**
 * The plugin host of this process: the workspace plugins it found (each described by its own code in
 * a worker), and the workers that run them per (tenant, plugin). Without the server's layer the
 * platform has no plugins at all: the default is an empty host, under which a plugin field is
 * refused and no hook runs.
 */
export interface PluginHostService {
  readonly catalogue: ReadonlyArray<PluginManifest>
  /** Folders under the plugins' folder that could not be loaded, and why. */
  readonly unavailable: ReadonlyArray<{ readonly directory: string; readonly problem: string }>
  readonly budgets: HookBudgets
  readonly manifest: (pluginId: string) => PluginManifest | undefined
  /** Runs one hook of an installed plugin; a failure has been recorded as an incident for the tenant. */
  readonly run: (target: RunTarget, run: HookRun) => Effect.Effect<unknown, PluginFailed>
  /** The config's problems under the plugin's schema (an empty list: it is valid). */
  readonly validateConfig: (
    pluginId: string,
    config: unknown,
  ) => Effect.Effect<
    ReadonlyArray<{ readonly path: ReadonlyArray<string | number>; readonly message: string }>,
    PluginFailed
  >
  /** Ends the tenant's worker of the plugin (after it was removed or disabled). */
  readonly reset: (tenantId: string, pluginId: string) => Effect.Effect<void>
  /** Records a failure the host noticed itself (an answer of the wrong shape), in its own transaction. */
  readonly recordIncident: (tenantId: string, incident: PluginIncident) => void
  /** Resolves once the incidents recorded so far are written. */
  readonly incidentsWritten: () => Promise<void>
  /** Whether the (tenant, plugin) worker is alive: for tests of laziness and recovery. */
  readonly workerAlive: (tenantId: string, pluginId: string) => boolean
}

const failed = (pluginId: string, hook: string, kind: PluginFailureKind, detail: string) => {
  const why: Record<PluginFailureKind, { vi: string; en: string }> = {
    throw: { vi: "gặp lỗi", en: "failed" },
    timeout: { vi: "không trả lời kịp thời hạn", en: "did not answer in time" },
    crash: { vi: "đã dừng đột ngột", en: "stopped unexpectedly" },
    capability: { vi: "dùng một quyền chưa khai báo", en: "used a capability it did not declare" },
    invalid: { vi: "trả lời không đúng định dạng", en: "answered something the platform cannot use" },
    not_enabled: { vi: "chưa được bật trong đơn vị này", en: "is not enabled in this tenant" },
  }
  return new PluginFailed({
    pluginId,
    hook,
    kind,
    retryable: kind === "throw" || kind === "timeout" || kind === "crash",
    message: {
      vi: `Phần mở rộng "${pluginId}" ${why[kind].vi} (${hook}); yêu cầu chưa được thực hiện. Quản trị viên đã được ghi nhận sự cố.${kind === "not_enabled" ? "" : ` Chi tiết: ${detail}`}`,
      en: `The plugin "${pluginId}" ${why[kind].en} (${hook}); the request was not carried out. The incident is recorded for the administrator.${kind === "not_enabled" ? "" : ` Detail: ${detail}`}`,
    },
  })
}

const notEnabled = (pluginId: string, hook: string) => failed(pluginId, hook, "not_enabled", "")

/** The empty host: no plugins. */
export const noPlugins: PluginHostService = {
  catalogue: [],
  unavailable: [],
  budgets: DEFAULT_BUDGETS,
  manifest: () => undefined,
  run: (target, run) => Effect.fail(notEnabled(target.pluginId, run.hook)),
  validateConfig: (pluginId) => Effect.fail(notEnabled(pluginId, "config")),
  reset: () => Effect.void,
  recordIncident: () => undefined,
  incidentsWritten: () => Promise.resolve(),
  workerAlive: () => false,
}

/** The process's plugin host; an empty one unless the server's layer provides the real one. */
export const PluginHost = Context.Reference<PluginHostService>("@abroad/core/PluginHost", {
  defaultValue: () => noPlugins,
})

export interface PluginHostOptions {
  /** The plugins' folder (default: the repository's `plugins/`, or `PLUGINS_DIR`). */
  readonly pluginsDir?: string
  readonly budgets?: Partial<HookBudgets>
  readonly maxWorkerMemoryMb?: number
  readonly idleMs?: number
  readonly maxWorkers?: number
  /**
   * Where a trip changed by a plugin (a recorded departure or return) writes its audit entry; the
   * audit chain belongs to `@abroad/auth`, so the server passes it in.
   */
  readonly audit: (pluginId: string) => TripAudit["Service"]
  /** The process's log. */
  readonly log?: (level: "debug" | "info" | "warn" | "error", message: string, data: Record<string, unknown>) => void
}

const stampOf = (version: string, config: unknown) =>
  `${version}:${createHash("sha256")
    .update(JSON.stringify(config ?? null))
    .digest("hex")}`

const incidentText = (outcome: Extract<CallOutcome, { ok: false }>) =>
  (outcome.text === undefined ? outcome.message : `${outcome.text.en} (${outcome.message})`).slice(0, 4000)

/**
 * Builds the host: finds the plugins, and returns the service with its workers, which end when
 * `close` is called (the layer does it when the runtime is disposed).
 */
export const makePluginHost = async (
  database: Database["Service"],
  options: PluginHostOptions,
): Promise<{ readonly host: PluginHostService; readonly close: () => Promise<void> }> => {
  const budgets = { ...DEFAULT_BUDGETS, ...options.budgets }
  const log = options.log ?? (() => undefined)
  const sandbox = new Sandbox({
    maxOldGenerationSizeMb: options.maxWorkerMemoryMb ?? 128,
    loadBudgetMs: budgets.load,
    idleMs: options.idleMs ?? 5 * 60_000,
    maxWorkers: options.maxWorkers ?? 64,
    onOutput: (key, line) => log("debug", "plugin output", { worker: key, line }),
    onLog: (key, level, message, data) => log(level, `plugin: ${message}`, { worker: key, data }),
  })
  const discovered: ReadonlyArray<Discovered> = await discoverPlugins(
    options.pluginsDir ?? defaultPluginsDir(),
    sandbox,
    budgets.load,
  )
  const packages = new Map<string, { manifest: PluginManifest; package: PluginPackage }>()
  for (const found of discovered) {
    if (found.ok) packages.set(found.manifest.id, { manifest: found.manifest, package: found.package })
    else log("warn", "plugin unavailable", { directory: found.directory, problem: found.problem })
  }

  let written: Promise<void> = Promise.resolve()
  const recordIncident = (tenantId: string, incident: PluginIncident) => {
    // In its own transaction, after the request's: a rule that fails rolls the request back, but
    // the administrator must still see why.
    written = written.then(() =>
      Effect.runPromise(
        database
          .withTenant(
            tenantId,
            Effect.flatMap(TenantTx, (tx) =>
              Effect.tryPromise(() =>
                tx.db
                  .insertInto("plugin_incident")
                  .values({
                    tenant_id: tenantId,
                    plugin_id: incident.pluginId,
                    plugin_version: incident.pluginVersion,
                    hook: incident.hook.slice(0, 300),
                    kind: incident.kind,
                    message: incident.message,
                  })
                  .execute(),
              ),
            ),
          )
          .pipe(Effect.asVoid),
      ).catch((error: unknown) =>
        log("error", "could not record a plugin incident", { tenantId, ...incident, error: String(error) }),
      ),
    )
    log("warn", "plugin incident", { tenantId, ...incident })
  }

  const run = (target: RunTarget, request: HookRun): Effect.Effect<unknown, PluginFailed> =>
    Effect.gen(function* () {
      const known = packages.get(target.pluginId)
      if (known === undefined) return yield* notEnabled(target.pluginId, request.hook)
      const nowMs = yield* Clock.currentTimeMillis
      let capabilityRecorded = false
      const incident = (kind: PluginIncident["kind"], message: string) =>
        recordIncident(target.tenantId, {
          pluginId: target.pluginId,
          pluginVersion: known.manifest.version,
          hook: request.hook,
          kind,
          message,
        })
      const audit = options.audit(target.pluginId)
      const runData = (program: DataProgram): Promise<unknown> => {
        // With this host: a return a plugin records gets the other plugins' stricter deadlines too.
        const withAudit = Effect.provideService(Effect.provideService(program, TripAudit, audit), PluginHost, host)
        return Effect.runPromise(
          request.scope.kind === "request"
            ? Effect.provideService(withAudit, TenantTx, request.scope.tx)
            : database.withTenant(target.tenantId, withAudit),
        )
      }
      const outcome = yield* Effect.promise(() =>
        sandbox.call({
          key: `${target.tenantId}:${target.pluginId}`,
          stamp: stampOf(target.version, target.config),
          boot: {
            entry: known.package.entry,
            pluginDirectory: known.package.directory,
            importable: importableFor(known.package.directory),
            config: (target.config ?? {}) as Json,
            tenant: { code: target.tenantCode, name: target.tenantName },
          },
          call: request.call,
          budgetMs: request.budgetMs,
          nowMs,
          onContext: (op, args) =>
            answerContext(
              { pluginId: target.pluginId, capabilities: known.manifest.capabilities, config: target.config },
              {
                runData,
                httpTimeoutMs: budgets.outbound,
                onCapabilityMissing: (capability, op) => {
                  if (capabilityRecorded) return
                  capabilityRecorded = true
                  incident("capability", `${op} needs the capability "${capability}", which the plugin did not declare`)
                },
              },
              op,
              args,
            ),
        }),
      )
      if (outcome.ok) return outcome.value
      if (!(outcome.kind === "capability" && capabilityRecorded)) incident(outcome.kind, incidentText(outcome))
      return yield* failed(target.pluginId, request.hook, outcome.kind, outcome.text?.en ?? outcome.message)
    })

  const validateConfig: PluginHostService["validateConfig"] = (pluginId, config) =>
    Effect.gen(function* () {
      const known = packages.get(pluginId)
      if (known === undefined) return yield* notEnabled(pluginId, "config")
      const outcome = yield* Effect.promise(() =>
        sandbox.call({
          key: `catalogue:${pluginId}`,
          stamp: known.manifest.version,
          boot: {
            entry: known.package.entry,
            pluginDirectory: known.package.directory,
            importable: importableFor(known.package.directory),
          },
          call: { kind: "validateConfig", config: config as Json },
          budgetMs: budgets.config,
          nowMs: Date.now(),
          onContext: () => Promise.reject(new Error("validating a config has no context")),
        }),
      )
      if (!outcome.ok) return yield* failed(pluginId, "configSchema", outcome.kind, outcome.message)
      const answer = outcome.value as {
        ok: boolean
        issues?: ReadonlyArray<{ path: Array<string | number>; message: string }>
      }
      return answer.ok ? [] : (answer.issues ?? [])
    })

  const host: PluginHostService = {
    catalogue: [...packages.values()].map((known) => known.manifest),
    unavailable: discovered.flatMap((found) =>
      found.ok ? [] : [{ directory: found.directory, problem: found.problem }],
    ),
    budgets,
    manifest: (pluginId) => packages.get(pluginId)?.manifest,
    run,
    validateConfig,
    reset: (tenantId, pluginId) => Effect.promise(() => sandbox.reset(`${tenantId}:${pluginId}`)),
    recordIncident,
    incidentsWritten: () => written,
    workerAlive: (tenantId, pluginId) => sandbox.has(`${tenantId}:${pluginId}`),
  }
  return {
    host,
    close: async () => {
      await sandbox.close()
      await written
    },
  }
}

/** The layer of the real host: discovers the workspace plugins at start, ends the workers at dispose. */
export const pluginHostLayer = (options: PluginHostOptions): Layer.Layer<never, never, Database> =>
  Layer.effect(
    PluginHost,
    Effect.gen(function* () {
      const database = yield* Database
      const { host } = yield* Effect.acquireRelease(
        Effect.promise(() => makePluginHost(database, options)),
        ({ close }) => Effect.promise(close),
      )
      return host
    }),
  )

export type { DatabaseError }
