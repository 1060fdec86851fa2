import {
  type PluginCapability,
  PluginCapabilityMissing,
  type PluginContext,
  PluginError,
  type PluginMember,
  type PluginStore,
  type PluginTrip,
  type TenantData,
  type ViolationProposal,
} from "../context.ts"
import { collectRegistrations, type PluginDefinition, type PluginRegistrations } from "../define.ts"
import type { PluginEvent } from "../events.ts"
import type { FieldSets } from "../fields.ts"
import { allowedFetch } from "../outbound/http.ts"
import { allowedMail } from "../outbound/mail.ts"
import type { PluginResponse } from "../routes.ts"
import type { DeadlinesOutcome, RuleOutcome, TripRequestView } from "../rules.ts"
import { testClock } from "./clock.ts"
import { type HolidayCalendar, VIETNAM_HOLIDAYS_2024_2027 } from "./holidays.ts"
import { type Decoded, decodeWithIssues, type FieldIssue, PluginInputInvalid } from "./issues.ts"

/** A member of the test tenant: only the id and the name are needed, the rest has plain defaults. */
export type TestMember = Partial<PluginMember> & { readonly id: string; readonly fullName: string }

/** A trip of the test tenant: the id and the member are needed, the rest has plain defaults. */
export type TestTrip = Partial<PluginTrip> & { readonly id: string; readonly memberId: string }

export interface TestTenantOptions<Config> {
  readonly plugin: PluginDefinition<Config>
  /** The tenant's config as JSON, decoded by the plugin's `configSchema` like the host does. */
  readonly config: unknown
  readonly tenant?: { readonly code: string; readonly name: string }
  readonly members?: ReadonlyArray<TestMember>
  readonly trips?: ReadonlyArray<TestTrip>
  /** The clock's start; default 2025-06-02T02:00:00Z (a Monday, 9:00 in Vietnam). */
  readonly now?: Date | string
  /** Days off; default Vietnam's for 2024–2027. */
  readonly holidays?: HolidayCalendar
  /** Replaces the config's `allowedHosts` (the host reads only the config's). */
  readonly allowedHosts?: ReadonlyArray<string>
  /** Outbound timeouts; default 5 s. */
  readonly timeoutMs?: number
}

export interface LogEntry {
  readonly level: "info" | "warn" | "error"
  readonly message: string
  readonly data?: Readonly<Record<string, unknown>>
}

export interface TripValidation {
  /** `trip.validate`'s outcomes. */
  readonly validate: ReadonlyArray<RuleOutcome>
  /** `trip.route`'s outcomes. */
  readonly route: ReadonlyArray<RuleOutcome>
  /** Both, in that order. */
  readonly outcomes: ReadonlyArray<RuleOutcome>
}

/** A trip request as a test writes it: the plugin's fields as submitted JSON, decoded before the hooks see them. */
export type TestTripRequest = Partial<Omit<TripRequestView, "fields">> & {
  readonly memberId: string
  readonly fields?: Readonly<Record<string, unknown>>
}

export interface TestRequestInit {
  readonly headers?: Readonly<Record<string, string>>
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown
  readonly query?: Readonly<Record<string, string>>
  /** The signed-in account on a `session` route; `null` for none. Default `{ id: "user-1", username: "officer" }`. */
  readonly user?: { readonly id: string; readonly username: string } | null
}

export interface TestTenant<Config> {
  readonly config: Config
  readonly registrations: PluginRegistrations<Config>
  /** The context hooks receive (capabilities enforced): for calling a plugin's helper directly. */
  readonly context: PluginContext<Config>
  readonly clock: { readonly set: (now: Date | string) => void; readonly advance: (ms: number) => void }

  /** Decodes a form's plugin fields like the API: paths `extra.<pluginId>.<name>`, required fields, purposes. */
  readonly decodeFields: (
    form: keyof FieldSets,
    values: Readonly<Record<string, unknown>>,
    purpose?: string,
  ) => Decoded<Record<string, unknown>>
  /** Runs `trip.validate` and `trip.route` on a request; fields that fail decoding throw `PluginInputInvalid`. */
  readonly validateTrip: (request: TestTripRequest, member?: TestMember) => Promise<TripValidation>
  /** Runs `trip.deadlines`; `reportDueOn` is the earlier of the regulation's and the plugin's. */
  readonly deadlines: (input: {
    readonly tripId: string
    readonly returnedOn: string
    readonly reportDueOn: string
  }) => Promise<{ readonly outcome: DeadlinesOutcome; readonly reportDueOn: string }>
  readonly validateMember: (memberId: string) => Promise<ReadonlyArray<RuleOutcome>>
  /** Delivers one event to its handler (else `*`); a handler's throw comes back, as the host would retry it. */
  readonly deliver: (event: Partial<PluginEvent> & { readonly type: string }) => Promise<PluginEvent>
  readonly request: (method: string, path: string, init?: TestRequestInit) => Promise<PluginResponse>
  readonly runJob: (id: string) => Promise<void>
  readonly runReport: (
    id: string,
    params?: Readonly<Record<string, string>>,
  ) => Promise<ReadonlyArray<Readonly<Record<string, string | number | boolean | null>>>>

  /** What the plugin did. */
  readonly trip: (id: string) => PluginTrip | undefined
  readonly departures: ReadonlyArray<{ readonly tripId: string; readonly on: string }>
  readonly returns: ReadonlyArray<{ readonly tripId: string; readonly on: string }>
  readonly proposals: ReadonlyArray<ViolationProposal & { readonly id: string }>
  readonly logs: ReadonlyArray<LogEntry>
  readonly storeContents: () => Readonly<Record<string, unknown>>
}

const DEFAULT_NOW = "2025-06-02T02:00:00Z"

const memberOf = (member: TestMember): PluginMember => ({
  citizenId: null,
  partyCardNumber: null,
  birthDate: "1980-01-01",
  orgUnitId: "unit-1",
  status: "active",
  fields: {},
  ...member,
})

const tripOf = (trip: TestTrip): PluginTrip => ({
  status: "approved",
  purpose: "private_tourism",
  countries: ["JP"],
  plannedDeparture: "2025-07-01",
  plannedReturn: "2025-07-10",
  actualDeparture: null,
  actualReturn: null,
  overdueReturn: false,
  reportOverdue: false,
  fields: {},
  ...trip,
})

/**
 * An in-memory tenant with one plugin installed and enabled: the config is decoded by the plugin's
 * schema (a failure throws `PluginInputInvalid` with the path of each wrong field), each part of
 * the context checks the plugin's capabilities, and everything the plugin did is kept to inspect.
 */
export const testTenant = <Config>(options: TestTenantOptions<Config>): TestTenant<Config> => {
  const { plugin } = options
  const registrations = collectRegistrations(plugin)
  const decoded = decodeWithIssues(plugin.configSchema, options.config, ["config"])
  if (!decoded.ok) {
    throw new PluginInputInvalid(
      "plugin.config_invalid",
      {
        vi: `Cấu hình của phần mở rộng "${plugin.id}" không hợp lệ. Xem chi tiết từng trường.`,
        en: `The configuration of plugin "${plugin.id}" is not valid. See the issue for each field.`,
      },
      decoded.issues,
    )
  }
  const config = decoded.value
  const configHosts = (config as { allowedHosts?: unknown } | null)?.allowedHosts
  const allowedHosts =
    options.allowedHosts ??
    (Array.isArray(configHosts) ? configHosts.filter((host): host is string => typeof host === "string") : [])

  const members = new Map((options.members ?? []).map((member) => [member.id, memberOf(member)]))
  const trips = new Map((options.trips ?? []).map((trip) => [trip.id, tripOf(trip)]))
  const store = new Map<string, string>()
  const departures: Array<{ tripId: string; on: string }> = []
  const returns: Array<{ tripId: string; on: string }> = []
  const proposals: Array<ViolationProposal & { id: string }> = []
  const logs: Array<LogEntry> = []
  const clock = testClock(new Date(options.now ?? DEFAULT_NOW), options.holidays ?? VIETNAM_HOLIDAYS_2024_2027)

  const declared = new Set<PluginCapability>(plugin.capabilities)
  const need = (capability: PluginCapability): void => {
    if (!declared.has(capability)) throw new PluginCapabilityMissing(plugin.id, capability)
  }
  // Every call goes through `need` before it touches anything, and answers a copy: a plugin
  // cannot change the tenant's records by mutating what it was given.
  const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value))

  const refuse = (tripId: string, wanted: string, trip: PluginTrip | undefined): never => {
    if (trip === undefined) {
      throw new PluginError("trip.not_found", {
        vi: `Không tìm thấy chuyến đi ${tripId}.`,
        en: `Trip ${tripId} was not found.`,
      })
    }
    throw new PluginError("trip.transition_refused", {
      vi: `Chuyến đi ${tripId} đang ở trạng thái "${trip.status}", cần "${wanted}".`,
      en: `Trip ${tripId} is "${trip.status}", not "${wanted}".`,
    })
  }

  const data: TenantData = {
    members: {
      get: async (id) => {
        need("members.read")
        return copy(members.get(id))
      },
      findByCitizenId: async (citizenId) => {
        need("members.read")
        return copy([...members.values()].find((member) => member.citizenId === citizenId))
      },
    },
    trips: {
      get: async (id) => {
        need("trips.read")
        return copy(trips.get(id))
      },
      ofMember: async (memberId) => {
        need("trips.read")
        return copy(
          [...trips.values()]
            .filter((trip) => trip.memberId === memberId)
            .sort((a, b) => b.plannedDeparture.localeCompare(a.plannedDeparture))
            .slice(0, 200),
        )
      },
      recordDeparture: async (tripId, on) => {
        need("trips.record_travel")
        const trip = trips.get(tripId)
        if (trip?.status !== "approved") return refuse(tripId, "approved", trip)
        const departed: PluginTrip = { ...trip, status: "departed", actualDeparture: on }
        trips.set(tripId, departed)
        departures.push({ tripId, on })
        return copy(departed)
      },
      recordReturn: async (tripId, on) => {
        need("trips.record_travel")
        const trip = trips.get(tripId)
        if (trip?.status !== "departed") return refuse(tripId, "departed", trip)
        if (trip.actualDeparture !== null && on < trip.actualDeparture) {
          throw new PluginError("trip.return_before_departure", {
            vi: `Ngày về ${on} trước ngày đi ${trip.actualDeparture}.`,
            en: `The return on ${on} is before the departure on ${trip.actualDeparture}.`,
          })
        }
        const returned: PluginTrip = { ...trip, status: "returned", actualReturn: on, overdueReturn: false }
        trips.set(tripId, returned)
        returns.push({ tripId, on })
        return copy(returned)
      },
    },
    violations: {
      propose: async (proposal) => {
        need("violations.propose")
        if (!members.has(proposal.memberId)) {
          throw new PluginError("member.not_found", {
            vi: `Không tìm thấy đảng viên ${proposal.memberId}.`,
            en: `Member ${proposal.memberId} was not found.`,
          })
        }
        const id = `violation-${proposals.length + 1}`
        proposals.push({ ...copy(proposal), id })
        return { id }
      },
    },
  }

  // The host's limits: a key of 1–500 characters, a value of at most 256 KiB of JSON, at most 1000 keys listed.
  const storeKey = (key: string): string => {
    if (typeof key !== "string" || key.length === 0 || key.length > 500) {
      throw new PluginError("plugin.bad_argument", {
        vi: "Khóa lưu trữ phải dài 1–500 ký tự.",
        en: "A store key must be 1 to 500 characters.",
      })
    }
    return key
  }
  const pluginStore: PluginStore = {
    get: async <T>(key: string) => {
      need("store")
      const text = store.get(storeKey(key))
      return text === undefined ? undefined : (JSON.parse(text) as T)
    },
    put: async (key, value) => {
      need("store")
      // Kept as JSON text, as the host keeps it in a jsonb column: what does not survive JSON is lost there too.
      const json = JSON.stringify(value ?? null)
      if (json.length > 256 * 1024) {
        throw new PluginError("plugin.bad_argument", {
          vi: "Giá trị lưu trữ vượt quá 256 KiB.",
          en: "A stored value may be at most 256 KiB.",
        })
      }
      store.set(storeKey(key), json)
    },
    delete: async (key) => {
      need("store")
      store.delete(storeKey(key))
    },
    list: async <T>(prefix: string, limit = 100) => {
      need("store")
      return [...store.keys()]
        .filter((key) => key.startsWith(prefix))
        .sort()
        .slice(0, Math.max(1, Math.min(1000, Math.floor(limit))))
        .map((key) => ({ key, value: JSON.parse(store.get(key) as string) as T }))
    },
  }

  const fetchAllowed = allowedFetch({ allowedHosts, timeoutMs: options.timeoutMs ?? 5_000 })
  const mailAllowed = allowedMail({ allowedHosts, timeoutMs: options.timeoutMs ?? 5_000 })

  const context: PluginContext<Config> = {
    tenant: options.tenant ?? { code: "test", name: "Tenant of the test kit" },
    plugin: { id: plugin.id, version: plugin.version },
    config,
    data,
    store: pluginStore,
    log: {
      info: (message, logData) => logs.push({ level: "info", message, ...(logData ? { data: logData } : {}) }),
      warn: (message, logData) => logs.push({ level: "warn", message, ...(logData ? { data: logData } : {}) }),
      error: (message, logData) => logs.push({ level: "error", message, ...(logData ? { data: logData } : {}) }),
    },
    clock,
    http: {
      fetch: async (url, init) => {
        need("http.outbound")
        return fetchAllowed(url, init)
      },
    },
    mail: {
      send: async (transport, message) => {
        need("mail.send")
        return mailAllowed(transport, message)
      },
    },
  }

  const decodeFields = (
    form: keyof FieldSets,
    values: Readonly<Record<string, unknown>>,
    purpose?: string,
  ): Decoded<Record<string, unknown>> => {
    const fields = registrations.fields[form]
    const issues: Array<FieldIssue> = []
    const out: Record<string, unknown> = {}
    const applies = (field: (typeof fields)[number]) =>
      field.purposes === undefined || purpose === undefined || field.purposes.includes(purpose)
    for (const name of Object.keys(values)) {
      const field = fields.find((known) => known.name === name)
      if (field === undefined) {
        issues.push({
          path: ["extra", plugin.id, name],
          message: "Unknown field: the plugin declares no such field on this form",
        })
      } else if (!applies(field)) {
        issues.push({
          path: ["extra", plugin.id, name],
          message: `This field does not apply to the purpose ${purpose}`,
        })
      }
    }
    for (const field of fields.filter(applies)) {
      const path = ["extra", plugin.id, field.name]
      const value = values[field.name]
      // Like the host: only an absent value is missing; null or "" goes to the field's schema.
      if (value === undefined) {
        if (field.required) issues.push({ path, message: "Required" })
        continue
      }
      const result = decodeWithIssues(field.schema, value, path)
      if (result.ok) out[field.name] = result.value
      else issues.push(...result.issues)
    }
    return issues.length === 0 ? { ok: true, value: out } : { ok: false, issues }
  }

  const memberFor = (id: string): PluginMember => {
    const member = members.get(id)
    if (member === undefined) throw new Error(`testTenant: no member "${id}"; pass it in members`)
    return member
  }

  const tripFor = (id: string): PluginTrip => {
    const trip = trips.get(id)
    if (trip === undefined) throw new Error(`testTenant: no trip "${id}"; pass it in trips`)
    return trip
  }

  return {
    config,
    registrations,
    context,
    clock: {
      set: (now) => clock.set(new Date(now)),
      advance: (ms) => clock.advance(ms),
    },
    decodeFields,
    validateTrip: async (request, member) => {
      const view: TripRequestView = {
        purpose: "private_tourism",
        funding: "self",
        countries: ["JP"],
        plannedDeparture: "2025-07-01",
        plannedReturn: "2025-07-10",
        companionsWhoAreMembers: 0,
        ...request,
        fields: {},
      }
      const fields = decodeFields("tripRequest", request.fields ?? {}, view.purpose)
      if (!fields.ok) {
        throw new PluginInputInvalid(
          "trip.fields_invalid",
          {
            vi: "Các trường bổ sung của đơn không hợp lệ.",
            en: "The request's extra fields are not valid.",
          },
          fields.issues,
        )
      }
      const input = {
        trip: { ...view, fields: fields.value },
        member: member === undefined ? memberFor(request.memberId) : memberOf(member),
      }
      const validate = (await registrations.rules["trip.validate"]?.(input, context)) ?? []
      const route = (await registrations.rules["trip.route"]?.(input, context)) ?? []
      return { validate, route, outcomes: [...validate, ...route] }
    },
    deadlines: async ({ tripId, returnedOn, reportDueOn }) => {
      const outcome = await registrations.rules["trip.deadlines"]?.(
        { trip: tripFor(tripId), returnedOn, reportDueOn },
        context,
      )
      if (outcome === undefined) return { outcome, reportDueOn }
      const { kind, days } = outcome.reportDeadline
      // As the platform counts: calendar days ending on a day off end on the next working day (Civil Code art. 148(5)).
      const last = new Date(Date.parse(`${returnedOn}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
      const own =
        kind === "working_days"
          ? clock.addWorkingDays(returnedOn, days)
          : clock.isWorkingDay(last)
            ? last
            : clock.addWorkingDays(last, 1)
      // Dates as yyyy-mm-dd sort as text.
      return { outcome, reportDueOn: [own, reportDueOn].sort()[0] as string }
    },
    validateMember: async (memberId) =>
      (await registrations.rules["member.validate"]?.({ member: memberFor(memberId) }, context)) ?? [],
    deliver: async (partial) => {
      const event: PluginEvent = {
        id: `event-${Math.random().toString(36).slice(2)}`,
        entityType: partial.type.split(".")[0] ?? "",
        entityId: "",
        payload: {},
        occurredAt: clock.now().toISOString(),
        attempt: 1,
        ...partial,
      }
      // Like the host: the type's own handler, else the `*` handler.
      const handler = registrations.events[event.type] ?? registrations.events["*"]
      if (handler) await handler(event, context)
      return event
    },
    request: async (method, path, init = {}) => {
      const route = registrations.routes.find((known) => known.method === method.toLowerCase() && known.path === path)
      if (route === undefined) {
        return {
          status: 404,
          body: {
            error: { code: "plugin.route_not_found", message: { vi: "Không có đường dẫn này.", en: "No such route." } },
          },
        }
      }
      const user = init.user === undefined ? { id: "user-1", username: "officer" } : init.user
      if (route.access === "session" && user === null) {
        return {
          status: 401,
          body: { error: { code: "auth.not_authenticated", message: { vi: "Chưa đăng nhập.", en: "Not signed in." } } },
        }
      }
      const body = init.body === undefined ? "" : typeof init.body === "string" ? init.body : JSON.stringify(init.body)
      const headers = Object.fromEntries(
        Object.entries(init.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      )
      return route.handler(
        {
          method: method.toUpperCase(),
          path,
          query: init.query ?? {},
          headers,
          body,
          ...(route.access === "session" && user !== null ? { user } : {}),
        },
        context,
      )
    },
    runJob: async (id) => {
      const job = registrations.jobs.find((known) => known.id === id)
      if (job === undefined) throw new Error(`plugin ${plugin.id} has no job "${id}"`)
      await job.run(context)
    },
    runReport: async (id, params = {}) => {
      const report = registrations.reports.find((known) => known.id === id)
      if (report === undefined) throw new Error(`plugin ${plugin.id} has no report "${id}"`)
      return report.run(params, context)
    },
    trip: (id) => copy(trips.get(id)),
    departures,
    returns,
    proposals,
    logs,
    storeContents: () =>
      Object.fromEntries([...store.entries()].sort().map(([key, text]) => [key, JSON.parse(text) as unknown])),
  }
}
