import { Database, type DatabaseError, TenantTx, tenantQuery } from "@abroad/db"
import type { PluginMember, RuleOutcome } from "@abroad/plugin-sdk"
import { Effect, Layer } from "effect"
import { PluginDispatch, PluginFailed } from "./dispatch.ts"
import { PluginInputInvalid } from "./errors.ts"
import { type HookRun, PluginHost, type PluginHostService, type RunTarget } from "./host.ts"
import { type Installation, installationOf, installations } from "./installations.ts"
import type { Json, PluginForm, PluginManifest } from "./manifest.ts"

/**
 * Where the domain calls the plugins of the current tenant: their form fields, and their rules on
 * trips and members. Only plugins installed AND enabled in the tenant run; each in its worker, under
 * the rule budget, its data calls inside the request's own transaction. A plugin that fails makes
 * the request fail closed (`PluginFailed`), for this tenant only.
 */

/** A rule's name as the platform reports it: `<pluginId>.<rule>` (not prefixed twice). */
export const qualifiedRule = (pluginId: string, rule: string) =>
  rule.startsWith(`${pluginId}.`) ? rule : `${pluginId}.${rule}`

/** A rule's outcome, with the plugin that said it. */
export type PluginOutcome = RuleOutcome & { readonly pluginId: string }

/** A warning shown with a trip or a record; the request went on. */
export interface PluginWarning {
  readonly pluginId: string
  readonly rule: string
  readonly message: { readonly vi: string; readonly en: string }
}

export interface EnabledPlugin {
  readonly manifest: PluginManifest
  readonly installation: Installation
  readonly target: RunTarget
}

const tenantOf = (tenantId: string) =>
  tenantQuery((db) =>
    db.selectFrom("tenant").select(["code", "name"]).where("id", "=", tenantId).executeTakeFirstOrThrow(),
  )

const targetOf = (tenant: { id: string; code: string; name: string }, installation: Installation): RunTarget => ({
  tenantId: tenant.id,
  tenantCode: tenant.code,
  tenantName: tenant.name,
  pluginId: installation.pluginId,
  version: installation.version,
  config: installation.config,
})

/** The plugins enabled in the current tenant that this process knows. */
export const enabledPlugins: Effect.Effect<ReadonlyArray<EnabledPlugin>, DatabaseError, TenantTx> = Effect.gen(
  function* () {
    const host = yield* PluginHost
    // No plugins in this process: nothing to read.
    if (host.catalogue.length === 0) return []
    const { tenantId } = yield* TenantTx
    const enabled = (yield* installations).filter((item) => item.enabled)
    if (enabled.length === 0) return []
    const tenant = { id: tenantId, ...(yield* tenantOf(tenantId)) }
    return enabled.flatMap((installation) => {
      const manifest = host.manifest(installation.pluginId)
      return manifest === undefined ? [] : [{ manifest, installation, target: targetOf(tenant, installation) }]
    })
  },
)

/** The target of one installed and enabled plugin in a tenant, read in its own transaction (events, jobs, routes). */
export const enabledTarget = (pluginId: string): Effect.Effect<EnabledPlugin | undefined, DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const host = yield* PluginHost
    const manifest = host.manifest(pluginId)
    if (manifest === undefined) return undefined
    const installation = yield* installationOf(pluginId)
    if (installation === undefined || !installation.enabled) return undefined
    const { tenantId } = yield* TenantTx
    const tenant = { id: tenantId, ...(yield* tenantOf(tenantId)) }
    return { manifest, installation, target: targetOf(tenant, installation) }
  })

const inRequest = (host: PluginHostService, hook: string, call: HookRun["call"]) =>
  TenantTx.use(
    (tx): Effect.Effect<HookRun> =>
      Effect.succeed({ hook, call, budgetMs: host.budgets.rule, scope: { kind: "request", tx } }),
  )

const fieldsApply = (manifest: PluginManifest, form: PluginForm, purpose: string | undefined) =>
  manifest.fields[form].filter(
    (field) => field.purposes === undefined || purpose === undefined || field.purposes.includes(purpose),
  )

/**
 * Decodes `extra` of a form: each key a plugin enabled in the tenant, each value that plugin's fields
 * decoded by their Schemas (required fields enforced for the trip's purpose, unknown fields refused).
 * Answers the values to store under `extra`; a 400 with `extra.<pluginId>.<name>` paths otherwise.
 */
export const decodePluginFields = (
  form: PluginForm,
  extra: Readonly<Record<string, unknown>> | undefined,
  options: { readonly purpose?: string | undefined; readonly partial?: boolean } = {},
): Effect.Effect<
  Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  PluginInputInvalid | PluginFailed | DatabaseError,
  TenantTx
> =>
  Effect.gen(function* () {
    const host = yield* PluginHost
    const given = extra ?? {}
    const plugins = yield* enabledPlugins
    const issues: Array<{ path: ReadonlyArray<string | number>; message: string }> = []
    for (const pluginId of Object.keys(given)) {
      const plugin = plugins.find((item) => item.manifest.id === pluginId)
      if (plugin === undefined) {
        issues.push({
          path: ["extra", pluginId],
          message: `The plugin "${pluginId}" is not enabled in this tenant; its fields cannot be kept`,
        })
      } else if (plugin.manifest.fields[form].length === 0) {
        issues.push({ path: ["extra", pluginId], message: `The plugin "${pluginId}" has no fields on this form` })
      }
    }
    const decoded: Record<string, Readonly<Record<string, unknown>>> = {}
    for (const plugin of plugins) {
      const id = plugin.manifest.id
      const applicable = fieldsApply(plugin.manifest, form, options.purpose)
      const values = given[id]
      if (values === undefined && (options.partial === true || !applicable.some((field) => field.required))) continue
      const run = yield* inRequest(host, `fields.${form}`, {
        kind: "decodeFields",
        form,
        values: (values ?? {}) as Json,
        ...(options.purpose === undefined ? {} : { purpose: options.purpose }),
        ...(options.partial === true ? { partial: true } : {}),
      })
      const answer = (yield* host.run(plugin.target, run)) as {
        ok: boolean
        value?: Record<string, unknown>
        issues?: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>
      }
      if (answer.ok) decoded[id] = answer.value ?? {}
      else
        for (const issue of answer.issues ?? [])
          issues.push({ path: ["extra", id, ...issue.path], message: issue.message })
    }
    if (issues.length > 0) {
      return yield* new PluginInputInvalid({
        message: {
          vi: "Các trường của phần mở rộng chưa hợp lệ. Xem lỗi của từng trường.",
          en: "The plugins' fields are not valid. See the issue of each field.",
        },
        issues,
      })
    }
    return decoded
  })

const isText = (value: unknown) =>
  value !== null &&
  typeof value === "object" &&
  typeof (value as { vi?: unknown }).vi === "string" &&
  typeof (value as { en?: unknown }).en === "string"

const isOutcome = (value: unknown): value is RuleOutcome => {
  if (value === null || typeof value !== "object") return false
  const outcome = value as { kind?: unknown; rule?: unknown; message?: unknown; level?: unknown }
  if (typeof outcome.rule !== "string" || !isText(outcome.message)) return false
  if (outcome.kind === "block" || outcome.kind === "warn") return true
  return (
    outcome.kind === "require_approval" &&
    (outcome.level === "higher_committee" || outcome.level === "standing_committee")
  )
}

const invalidAnswer = (host: PluginHostService, plugin: EnabledPlugin, hook: string, what: string) => {
  host.recordIncident(plugin.target.tenantId, {
    pluginId: plugin.manifest.id,
    pluginVersion: plugin.manifest.version,
    hook,
    kind: "invalid",
    message: what,
  })
  return new PluginFailed({
    pluginId: plugin.manifest.id,
    hook,
    kind: "invalid",
    retryable: false,
    message: {
      vi: `Phần mở rộng "${plugin.manifest.id}" trả lời không đúng định dạng (${hook}); yêu cầu chưa được thực hiện.`,
      en: `The plugin "${plugin.manifest.id}" answered something the platform cannot use (${hook}); the request was not carried out.`,
    },
  })
}

/**
 * Runs a rule hook (`trip.validate`, `trip.route`, `member.validate`) of every enabled plugin that
 * has it, one after the other, and gathers their outcomes. `inputFor` builds each plugin's input
 * (its own fields only).
 */
export const runRuleHook = (
  hook: "trip.validate" | "trip.route" | "member.validate",
  inputFor: (pluginId: string) => Json,
): Effect.Effect<ReadonlyArray<PluginOutcome>, PluginFailed | DatabaseError, TenantTx> =>
  Effect.gen(function* () {
    const host = yield* PluginHost
    const outcomes: Array<PluginOutcome> = []
    for (const plugin of yield* enabledPlugins) {
      if (!plugin.manifest.rules.includes(hook)) continue
      const run = yield* inRequest(host, hook, { kind: "rule", hook, input: inputFor(plugin.manifest.id) })
      const answer = yield* host.run(plugin.target, run)
      if (answer === undefined || answer === null) continue
      if (!Array.isArray(answer) || !answer.every(isOutcome)) {
        return yield* invalidAnswer(
          host,
          plugin,
          hook,
          "the hook must answer a list of outcomes (block, warn, require_approval)",
        )
      }
      for (const outcome of answer) outcomes.push({ ...outcome, pluginId: plugin.manifest.id })
    }
    return outcomes
  })

/** `trip.deadlines` of every enabled plugin that has it: the stricter deadlines they ask for. */
export const runDeadlineHooks = (
  inputFor: (pluginId: string) => Json,
): Effect.Effect<
  ReadonlyArray<{ readonly pluginId: string; readonly kind: "working_days" | "calendar_days"; readonly days: number }>,
  PluginFailed | DatabaseError,
  TenantTx
> =>
  Effect.gen(function* () {
    const host = yield* PluginHost
    const asked: Array<{ pluginId: string; kind: "working_days" | "calendar_days"; days: number }> = []
    for (const plugin of yield* enabledPlugins) {
      if (!plugin.manifest.rules.includes("trip.deadlines")) continue
      const run = yield* inRequest(host, "trip.deadlines", {
        kind: "rule",
        hook: "trip.deadlines",
        input: inputFor(plugin.manifest.id),
      })
      const answer = (yield* host.run(plugin.target, run)) as
        | { reportDeadline?: { kind?: unknown; days?: unknown } }
        | undefined
      if (answer === undefined || answer === null) continue
      const deadline = answer.reportDeadline
      if (
        deadline === undefined ||
        (deadline.kind !== "working_days" && deadline.kind !== "calendar_days") ||
        typeof deadline.days !== "number" ||
        !Number.isInteger(deadline.days) ||
        deadline.days < 1
      ) {
        return yield* invalidAnswer(
          host,
          plugin,
          "trip.deadlines",
          "the hook must answer { reportDeadline: { kind, days } } or nothing",
        )
      }
      asked.push({ pluginId: plugin.manifest.id, kind: deadline.kind, days: deadline.days })
    }
    return asked
  })

/** Plugin member view for rule inputs. */
export type { PluginMember }

/** The dispatch contract (dispatch.ts) served by the host: events and jobs, each in the tenant's own transactions. */
export const pluginDispatchLayer: Layer.Layer<PluginDispatch, never, Database> = Layer.effect(
  PluginDispatch,
  Effect.gen(function* () {
    const database = yield* Database
    const host = yield* PluginHost
    const targetIn = (tenantId: string, pluginId: string, hook: string) =>
      database.withTenant(tenantId, enabledTarget(pluginId)).pipe(
        Effect.mapError(
          (error) =>
            new PluginFailed({
              pluginId,
              hook,
              kind: "crash",
              retryable: true,
              message: {
                vi: `Không đọc được cài đặt của phần mở rộng "${pluginId}": ${error.message}`,
                en: `Could not read the installation of the plugin "${pluginId}": ${error.message}`,
              },
            }),
        ),
        Effect.flatMap((found) =>
          found === undefined
            ? Effect.fail(
                new PluginFailed({
                  pluginId,
                  hook,
                  kind: "not_enabled",
                  retryable: false,
                  message: {
                    vi: `Phần mở rộng "${pluginId}" chưa được bật trong đơn vị này.`,
                    en: `The plugin "${pluginId}" is not enabled in this tenant.`,
                  },
                }),
              )
            : Effect.succeed(found),
        ),
      )
    return PluginDispatch.of({
      deliverEvent: ({ tenantId, pluginId, event }) =>
        Effect.gen(function* () {
          const hook = `event:${event.type}`
          const plugin = yield* targetIn(tenantId, pluginId, hook)
          if (!plugin.manifest.events.includes(event.type) && !plugin.manifest.events.includes("*")) return
          yield* host.run(plugin.target, {
            hook,
            call: { kind: "event", event: event as unknown as Json },
            budgetMs: host.budgets.event,
            scope: { kind: "own" },
          })
        }),
      runJob: ({ tenantId, pluginId, jobId }) =>
        Effect.gen(function* () {
          const hook = `job:${jobId}`
          const plugin = yield* targetIn(tenantId, pluginId, hook)
          if (!plugin.manifest.jobs.some((job) => job.id === jobId)) {
            return yield* new PluginFailed({
              pluginId,
              hook,
              kind: "not_enabled",
              retryable: false,
              message: { vi: `Không có công việc "${jobId}".`, en: `There is no job "${jobId}".` },
            })
          }
          yield* host.run(plugin.target, {
            hook,
            call: { kind: "job", jobId },
            budgetMs: host.budgets.job,
            scope: { kind: "own" },
          })
        }),
      subscriptions: (pluginId) => host.manifest(pluginId)?.events ?? [],
      jobs: (pluginId) => host.manifest(pluginId)?.jobs ?? [],
      pluginIds: () => host.catalogue.map((manifest) => manifest.id),
    })
  }),
)
