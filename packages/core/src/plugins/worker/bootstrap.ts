/**
 * The first module of every plugin worker. It loads what the host trusts (Effect, the SDK, the
 * calendar), then locks the thread down before the plugin's code is imported:
 * - imports: only a short list of harmless builtins (no fs, net, http, child_process, vm,
 *   worker_threads, module, …), and only files of the plugin's own folder, the dependency store
 *   and the SDK — never the core, the database or another plugin;
 * - no process environment (the worker is started with `env: {}`), no `fetch` or sockets of its
 *   own, no way to signal or abort the process;
 * so the only way out is the context the host hands each hook: the tenant's data through the
 * host, the allowed hosts, the log and the clock.
 */
import { registerHooks } from "node:module"
import { fileURLToPath } from "node:url"
import { parentPort, workerData } from "node:worker_threads"
import { collectRegistrations, type PluginContext, type PluginDefinition, PluginError } from "@abroad/plugin-sdk"
import { Schema, SchemaIssue } from "effect"
import { dayInVietnam } from "../../calendar/calendar-day.ts"
import { addWorkingDays } from "../../calendar/working-days.ts"
import type { FieldManifest, Json, PluginForm, PluginManifest } from "../manifest.ts"
import type { HookCall, HookError, HostToWorker, WorkerBoot, WorkerToHost } from "./protocol.ts"

const boot = workerData as WorkerBoot
const port = parentPort
if (port === null) throw new Error("the plugin bootstrap runs only in a worker thread")
const post = (message: WorkerToHost) => port.postMessage(message)

// ---------------------------------------------------------------------------------------------
// Lockdown

const ALLOWED_BUILTINS = new Set([
  "assert",
  "assert/strict",
  "buffer",
  "crypto",
  "events",
  "path",
  "path/posix",
  "punycode",
  "querystring",
  "stream",
  "stream/promises",
  "stream/web",
  "string_decoder",
  "timers",
  "timers/promises",
  "url",
  "util",
  "util/types",
  "zlib",
])

const REFUSED = "plugin.import_refused"

const builtinName = (specifierOrUrl: string) => specifierOrUrl.replace(/^node:/, "")

const refuse = (what: string): never => {
  throw new Error(
    `${REFUSED}: phần mở rộng không được dùng "${what}" / a plugin may not use "${what}" — use the context (ctx.data, ctx.http, ctx.mail, ctx.store)`,
  )
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith("node:") && !ALLOWED_BUILTINS.has(builtinName(specifier))) refuse(specifier)
    const resolved = nextResolve(specifier, context)
    if (resolved.url.startsWith("node:")) {
      if (!ALLOWED_BUILTINS.has(builtinName(resolved.url))) refuse(resolved.url)
      return resolved
    }
    if (!resolved.url.startsWith("file:")) refuse(resolved.url)
    const path = fileURLToPath(resolved.url)
    if (!boot.importable.some((folder) => path.startsWith(folder))) refuse(specifier)
    return resolved
  },
})

const refusedFunction = (name: string) => () => refuse(`process.${name}`)
for (const name of [
  "binding",
  "_linkedBinding",
  "dlopen",
  "kill",
  "_kill",
  "abort",
  "chdir",
  "umask",
  "setuid",
  "setgid",
  "seteuid",
  "setegid",
  "setgroups",
  "initgroups",
  "reallyExit",
  "loadEnvFile",
  "setSourceMapsEnabled",
]) {
  try {
    Object.defineProperty(process, name, { value: refusedFunction(name), writable: false, configurable: false })
  } catch {
    // Some are not configurable in a worker; those do nothing there anyway.
  }
}
const getBuiltinModule = process.getBuiltinModule.bind(process)
Object.defineProperty(process, "getBuiltinModule", {
  value: (id: string) => (ALLOWED_BUILTINS.has(builtinName(id)) ? getBuiltinModule(id) : refuse(id)),
  writable: false,
  configurable: false,
})
// Already empty (the worker starts with `env: {}`); a plain frozen object keeps it so.
try {
  Object.defineProperty(process, "env", { value: Object.freeze({}), writable: false, configurable: false })
} catch {
  // Where it cannot be replaced, it is still the empty environment the worker was started with.
}
// The network only through ctx.http (allowed hosts); no channel to another worker of the same plugin
// (which may run for another tenant).
for (const name of ["fetch", "WebSocket", "EventSource", "BroadcastChannel", "navigator"]) {
  try {
    Reflect.deleteProperty(globalThis, name)
    Object.defineProperty(globalThis, name, { get: () => refuse(name), configurable: false })
  } catch {
    // Not present in this Node: nothing to take away.
  }
}

// ---------------------------------------------------------------------------------------------
// Errors as the host reads them

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

interface Issue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

const issuesOf = (error: unknown): ReadonlyArray<Issue> =>
  Schema.isSchemaError(error)
    ? formatIssues(error.issue).issues.map((issue) => ({
        path: (issue.path ?? []).map((key) => (typeof key === "number" ? key : String(key))),
        message: issue.message,
      }))
    : [{ path: [], message: error instanceof Error ? error.message : String(error) }]

const hookError = (error: unknown): HookError => {
  if (error instanceof PluginError || (error instanceof Error && "text" in error && "code" in error)) {
    const known = error as PluginError
    const capability = known.code === "plugin.capability_missing" || known.code === "plugin.host_not_allowed"
    return { kind: capability ? "capability" : "throw", message: known.message, text: known.text, code: known.code }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { kind: message.startsWith(REFUSED) ? "capability" : "throw", message }
}

// ---------------------------------------------------------------------------------------------
// The plugin

// biome-ignore lint/suspicious/noExplicitAny: the plugin's config type is its own
type AnyPlugin = PluginDefinition<any>

const loadPlugin = async (): Promise<AnyPlugin> => {
  const module = (await import(boot.entry)) as { default?: AnyPlugin }
  const plugin = module.default
  if (plugin === undefined || typeof plugin !== "object" || typeof plugin.setup !== "function") {
    throw new Error(`${boot.entry} does not default-export definePlugin({ … })`)
  }
  return plugin
}

let plugin: AnyPlugin
let registrations: ReturnType<typeof collectRegistrations>
try {
  plugin = await loadPlugin()
  registrations = collectRegistrations(plugin)
} catch (error) {
  post({ type: "load-failed", error: hookError(error) })
  // Nothing can run; the host ends this worker when it reads the message.
  await new Promise(() => undefined)
  throw error
}

/** `#/$defs/X` references replaced by their definitions, so one field's schema stands alone. */
const inline = (value: unknown, definitions: Record<string, unknown>, depth = 0): Json => {
  if (Array.isArray(value)) return value.map((item) => inline(item, definitions, depth))
  if (value !== null && typeof value === "object") {
    const ref = (value as { $ref?: unknown }).$ref
    if (typeof ref === "string" && ref.startsWith("#/$defs/") && depth < 8) {
      const { $ref: _ref, ...rest } = value as Record<string, unknown>
      return inline({ ...(definitions[ref.slice(8)] as object), ...rest }, definitions, depth + 1)
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, inline(inner, definitions, depth)]))
  }
  return value as Json
}

// biome-ignore lint/suspicious/noExplicitAny: any Schema a plugin declares
const jsonSchemaOf = (schema: Schema.Codec<any, any, never, never>): { readonly [key: string]: Json } => {
  const document = Schema.toJsonSchemaDocument(schema)
  return inline(document.schema, document.definitions as Record<string, unknown>) as { readonly [key: string]: Json }
}

const describe = (): PluginManifest => {
  const fields = (form: PluginForm): ReadonlyArray<FieldManifest> =>
    registrations.fields[form].map((field) => ({
      name: field.name,
      label: field.label,
      ...(field.help === undefined ? {} : { help: field.help }),
      required: field.required,
      widget: field.widget,
      ...(field.options === undefined ? {} : { options: field.options }),
      ...(field.purposes === undefined ? {} : { purposes: field.purposes }),
      jsonSchema: jsonSchemaOf(field.schema),
    }))
  return {
    id: plugin.id,
    version: plugin.version,
    name: plugin.name,
    description: plugin.description,
    capabilities: [...plugin.capabilities],
    configSchema: jsonSchemaOf(plugin.configSchema),
    rules: Object.keys(registrations.rules),
    fields: { tripRequest: fields("tripRequest"), tripReport: fields("tripReport"), member: fields("member") },
    events: Object.keys(registrations.events),
    routes: registrations.routes.map(({ method, path, access, summary }) => ({ method, path, access, summary })),
    jobs: registrations.jobs.map(({ id, schedule }) => ({ id, schedule })),
    reports: registrations.reports.map(({ id, title, columns }) => ({ id, title, columns })),
  }
}

const decodeConfig = (config: unknown) => {
  try {
    return { ok: true as const, value: Schema.decodeUnknownSync(plugin.configSchema)(config, { errors: "all" }) }
  } catch (error) {
    return { ok: false as const, issues: issuesOf(error) }
  }
}

const tenantConfig = boot.config === undefined ? undefined : decodeConfig(boot.config)

/** The fields of `form` that apply to a trip of `purpose` (all of them when there is no purpose). */
const fieldsFor = (form: PluginForm, purpose: string | undefined) =>
  registrations.fields[form].filter(
    (field) => field.purposes === undefined || purpose === undefined || field.purposes.includes(purpose),
  )

const decodeFields = (call: Extract<HookCall, { kind: "decodeFields" }>) => {
  const issues: Array<Issue> = []
  const values = call.values
  if (values === null || typeof values !== "object" || Array.isArray(values)) {
    return { ok: false, issues: [{ path: [], message: "Expected an object of this plugin's fields" }] }
  }
  const declared = registrations.fields[call.form]
  const applicable = fieldsFor(call.form, call.purpose)
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(values)) {
    if (!declared.some((field) => field.name === name)) {
      issues.push({ path: [name], message: "Unknown field: the plugin declares no such field on this form" })
    } else if (!applicable.some((field) => field.name === name)) {
      issues.push({ path: [name], message: `This field does not apply to the purpose ${call.purpose}` })
    }
  }
  for (const field of applicable) {
    const value = (values as Record<string, unknown>)[field.name]
    if (value === undefined) {
      if (field.required && call.partial !== true) issues.push({ path: [field.name], message: "Required" })
      continue
    }
    try {
      const decoded = Schema.decodeUnknownSync(field.schema)(value, { errors: "all" })
      // Kept as the Schema encodes it (NFC text, ISO dates): JSON the database can hold.
      out[field.name] = Schema.encodeSync(field.schema)(decoded)
    } catch (error) {
      for (const issue of issuesOf(error)) issues.push({ path: [field.name, ...issue.path], message: issue.message })
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: out }
}

/** The stored (encoded) values of the plugin's fields, decoded for its hooks; what does not decode is passed as stored. */
const decodedFields = (form: PluginForm, stored: unknown): Record<string, unknown> => {
  if (stored === null || typeof stored !== "object") return {}
  const out: Record<string, unknown> = { ...(stored as Record<string, unknown>) }
  for (const field of registrations.fields[form]) {
    if (out[field.name] === undefined) continue
    try {
      out[field.name] = Schema.decodeUnknownSync(field.schema)(out[field.name])
    } catch {
      // Stored under an older version of the field: the hook sees it as it was kept.
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// The context, proxied to the host

let nextRequestId = 1
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>()

const ask = (callId: number, op: string, args: ReadonlyArray<unknown>): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const requestId = nextRequestId++
    pending.set(requestId, { resolve, reject })
    post({ type: "context", callId, requestId, op, args })
  })

const headerPairs = (headers: ConstructorParameters<typeof Headers>[0]): Array<[string, string]> => [
  ...new Headers(headers).entries(),
]

const contextFor = (callId: number, nowMs: number): PluginContext<unknown> => {
  if (tenantConfig === undefined || boot.tenant === undefined) {
    throw new Error("this worker has no tenant: it only describes the plugin")
  }
  if (!tenantConfig.ok) {
    throw new PluginError("plugin.config_invalid", {
      vi: `Cấu hình của phần mở rộng không còn hợp lệ với phiên bản ${plugin.version}: ${tenantConfig.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}. Quản trị viên cần cấu hình lại.`,
      en: `The plugin's configuration is no longer valid for version ${plugin.version}: ${tenantConfig.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}. An administrator must configure it again.`,
    })
  }
  const call =
    (op: string) =>
    (...args: ReadonlyArray<unknown>) =>
      ask(callId, op, args)
  const now = new Date(nowMs)
  return {
    tenant: boot.tenant,
    plugin: { id: plugin.id, version: plugin.version },
    config: tenantConfig.value,
    data: {
      members: {
        get: call("members.get") as never,
        findByCitizenId: call("members.findByCitizenId") as never,
      },
      trips: {
        get: call("trips.get") as never,
        ofMember: call("trips.ofMember") as never,
        recordDeparture: call("trips.recordDeparture") as never,
        recordReturn: call("trips.recordReturn") as never,
      },
      violations: { propose: call("violations.propose") as never },
    },
    store: {
      get: call("store.get") as never,
      put: call("store.put") as never,
      delete: call("store.delete") as never,
      list: call("store.list") as never,
    },
    log: {
      info: (message, data) => post({ type: "log", level: "info", message: String(message), data }),
      warn: (message, data) => post({ type: "log", level: "warn", message: String(message), data }),
      error: (message, data) => post({ type: "log", level: "error", message: String(message), data }),
    },
    clock: {
      now: () => new Date(now),
      today: () => dayInVietnam(now),
      addWorkingDays: (from, days) => {
        const result = addWorkingDays(from as never, days)
        if (result._tag === "Failure") throw new Error(`${from} + ${days} working days is outside the calendar`)
        return result.success
      },
    },
    http: {
      fetch: async (url, init) => {
        const body =
          init?.body === undefined || init.body === null
            ? undefined
            : typeof init.body === "string"
              ? init.body
              : new Uint8Array(await new Response(init.body).arrayBuffer())
        const answer = (await ask(callId, "http.fetch", [
          String(url),
          { method: init?.method ?? "GET", headers: headerPairs(init?.headers), body },
        ])) as { status: number; statusText: string; headers: Array<[string, string]>; body: Uint8Array | null }
        return new Response(answer.body as ConstructorParameters<typeof Response>[0], {
          status: answer.status,
          statusText: answer.statusText,
          headers: answer.headers,
        })
      },
    },
    mail: { send: call("mail.send") as never },
  }
}

// ---------------------------------------------------------------------------------------------
// Calls

const hookOf = (call: HookCall, nowMs: number, callId: number): Promise<unknown> | unknown => {
  switch (call.kind) {
    case "describe":
      return describe()
    case "validateConfig": {
      const result = decodeConfig(call.config)
      return result.ok ? { ok: true } : { ok: false, issues: result.issues }
    }
    case "decodeFields":
      return decodeFields(call)
    case "rule": {
      const hook = (registrations.rules as Record<string, (input: unknown, ctx: unknown) => unknown>)[call.hook]
      if (hook === undefined) return undefined
      const input = call.input as Record<string, Record<string, unknown>>
      const decoded = {
        ...input,
        ...(input.trip === undefined
          ? {}
          : { trip: { ...input.trip, fields: decodedFields("tripRequest", input.trip.fields) } }),
        ...(input.member === undefined
          ? {}
          : { member: { ...input.member, fields: decodedFields("member", input.member.fields) } }),
      }
      return hook(decoded, contextFor(callId, nowMs))
    }
    case "event": {
      const event = call.event as { type: string }
      const handler = registrations.events[event.type] ?? registrations.events["*"]
      return handler === undefined ? undefined : handler(event as never, contextFor(callId, nowMs))
    }
    case "job": {
      const job = registrations.jobs.find((known) => known.id === call.jobId)
      if (job === undefined) throw new Error(`no job "${call.jobId}"`)
      return job.run(contextFor(callId, nowMs))
    }
    case "route": {
      const route = registrations.routes.find((known) => known.method === call.method && known.path === call.path)
      if (route === undefined) throw new Error(`no route ${call.method} ${call.path}`)
      return route.handler(call.request as never, contextFor(callId, nowMs))
    }
    case "report": {
      const report = registrations.reports.find((known) => known.id === call.reportId)
      if (report === undefined) throw new Error(`no report "${call.reportId}"`)
      return report.run(call.params as never, contextFor(callId, nowMs))
    }
  }
}

port.on("message", (message: HostToWorker) => {
  if (message.type === "context-answer") {
    const waiting = pending.get(message.requestId)
    if (waiting === undefined) return
    pending.delete(message.requestId)
    if (message.ok) waiting.resolve(message.value)
    else
      waiting.reject(
        new PluginError(
          message.error?.code ?? "plugin.context_failed",
          message.error?.text ?? { vi: "Lỗi", en: "Error" },
        ),
      )
    return
  }
  const { callId, call, nowMs } = message
  Promise.resolve()
    .then(() => hookOf(call, nowMs, callId))
    .then(
      (value) => {
        try {
          post({ type: "result", callId, ok: true, value })
        } catch (error) {
          post({
            type: "result",
            callId,
            ok: false,
            error: { kind: "invalid", message: `the hook answered something that is not plain data: ${String(error)}` },
          })
        }
      },
      (error: unknown) => post({ type: "result", callId, ok: false, error: hookError(error) }),
    )
})

post({ type: "ready" })
