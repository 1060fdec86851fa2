import type { BilingualText } from "./text.ts"

/**
 * What a plugin may ask for in `capabilities`. The host hands a hook only the parts of the context
 * its plugin declared, and a tenant administrator sees the list before installing.
 */
export type PluginCapability =
  /** Read members of the tenant (name, unit, citizen ID, status; the plugin's own member fields). */
  | "members.read"
  /** Read trips of the tenant. */
  | "trips.read"
  /** Record an actual departure or return on an approved trip, as a data feed (border or immigration records). */
  | "trips.record_travel"
  /** Open a violation case proposed to an officer (source `integration` or `rule`), never a decided one. */
  | "violations.propose"
  /** Outbound HTTP, only to the hosts the plugin's config allows (`allowedHosts`). */
  | "http.outbound"
  /** Send e-mail over SMTP, only to a server whose host the config's `allowedHosts` lists. */
  | "mail.send"
  /** Keep the plugin's own small records in the tenant (delivery statuses, import cursors). */
  | "store"

/** Where the member stands in the tenant, as a plugin sees it. */
export interface PluginMember {
  readonly id: string
  readonly fullName: string
  readonly citizenId: string | null
  readonly partyCardNumber: string | null
  readonly birthDate: string
  readonly orgUnitId: string
  readonly status: string
  /** This plugin's own member fields (`fields.member`), if any. */
  readonly fields: Readonly<Record<string, unknown>>
}

export type PluginTripStatus =
  | "draft"
  | "submitted"
  | "cell_reviewed"
  | "approved"
  | "rejected"
  | "withdrawn"
  | "departed"
  | "returned"
  | "reported"
  | "closed"

export interface PluginTrip {
  readonly id: string
  readonly memberId: string
  readonly status: PluginTripStatus
  readonly purpose: string
  readonly countries: ReadonlyArray<string>
  /** `yyyy-mm-dd` */
  readonly plannedDeparture: string
  readonly plannedReturn: string
  readonly actualDeparture: string | null
  readonly actualReturn: string | null
  readonly overdueReturn: boolean
  readonly reportOverdue: boolean
  /** This plugin's own trip-request fields (`fields.tripRequest`), if any. */
  readonly fields: Readonly<Record<string, unknown>>
}

export interface ViolationProposal {
  readonly memberId: string
  readonly tripId?: string
  readonly kind: "unreported_travel" | "unapproved_travel" | "overdue_return" | "other"
  readonly description: string
  /** What the plugin saw: a record's id, gate and time… Kept with the case as evidence. */
  readonly evidence: ReadonlyArray<Readonly<Record<string, unknown>>>
}

/**
 * The tenant's data, through the tenant's own row-level-security transaction: a plugin never sees
 * another tenant and never touches the database itself. Each method needs its capability; calling
 * one the plugin did not declare fails with `PluginCapabilityMissing`.
 */
export interface TenantData {
  readonly members: {
    readonly get: (id: string) => Promise<PluginMember | undefined>
    readonly findByCitizenId: (citizenId: string) => Promise<PluginMember | undefined>
  }
  readonly trips: {
    readonly get: (id: string) => Promise<PluginTrip | undefined>
    /** The member's trips, newest first (at most 200). */
    readonly ofMember: (memberId: string) => Promise<ReadonlyArray<PluginTrip>>
    /** Records the actual departure of an approved trip; refused (with the reason) in any other state. */
    readonly recordDeparture: (tripId: string, on: string) => Promise<PluginTrip>
    /** Records the actual return of a departed trip. */
    readonly recordReturn: (tripId: string, on: string) => Promise<PluginTrip>
  }
  readonly violations: {
    /** Opens a case for an officer to confirm; answers its id. */
    readonly propose: (proposal: ViolationProposal) => Promise<{ readonly id: string }>
  }
}

/** The plugin's own records in this tenant: JSON values by key, nothing shared with other plugins or tenants. */
export interface PluginStore {
  readonly get: <T = unknown>(key: string) => Promise<T | undefined>
  readonly put: (key: string, value: unknown) => Promise<void>
  readonly delete: (key: string) => Promise<void>
  /** Keys starting with `prefix`, in key order (at most `limit`, default 100). */
  readonly list: <T = unknown>(
    prefix: string,
    limit?: number,
  ) => Promise<ReadonlyArray<{ readonly key: string; readonly value: T }>>
}

export interface PluginLogger {
  readonly info: (message: string, data?: Readonly<Record<string, unknown>>) => void
  readonly warn: (message: string, data?: Readonly<Record<string, unknown>>) => void
  readonly error: (message: string, data?: Readonly<Record<string, unknown>>) => void
}

export interface PluginClock {
  readonly now: () => Date
  /** Today in Vietnam (UTC+7), `yyyy-mm-dd`. */
  readonly today: () => string
  /** `from` plus `days` working days (weekends and Vietnamese public holidays skipped). */
  readonly addWorkingDays: (from: string, days: number) => string
}

/**
 * Everything a hook receives besides its input: one tenant, one plugin, the plugin's validated
 * config, and only the capabilities it declared. No raw database, no other tenant, no process
 * environment.
 */
export interface PluginContext<Config> {
  readonly tenant: { readonly code: string; readonly name: string }
  readonly plugin: { readonly id: string; readonly version: string }
  readonly config: Config
  readonly data: TenantData
  readonly store: PluginStore
  readonly log: PluginLogger
  readonly clock: PluginClock
  /** `fetch`, limited to the hosts the config's `allowedHosts` lists; any other host is refused. */
  readonly http: { readonly fetch: (url: string, init?: RequestInit) => Promise<Response> }
  /** Sends one e-mail through `transport`, whose host must be in the config's `allowedHosts`. */
  readonly mail: {
    readonly send: (transport: MailTransport, message: MailMessage) => Promise<{ readonly messageId: string }>
  }
}

/** An SMTP server to send through. */
export interface MailTransport {
  readonly host: string
  readonly port: number
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure?: boolean
  readonly auth?: { readonly user: string; readonly pass: string }
}

export interface MailMessage {
  readonly from: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string
}

/** A hook's failure that the plugin means the user to read. */
export class PluginError extends Error {
  readonly code: string
  readonly text: BilingualText
  constructor(code: string, text: BilingualText) {
    super(`${text.vi} — ${text.en}`)
    this.name = "PluginError"
    this.code = code
    this.text = text
  }
}

/** A hook used a part of the context its plugin did not declare in `capabilities`: a wiring bug, never retried. */
export class PluginCapabilityMissing extends Error {
  readonly code = "plugin.capability_missing"
  readonly capability: PluginCapability
  readonly text: BilingualText
  constructor(pluginId: string, capability: PluginCapability) {
    const text = {
      vi: `Phần mở rộng "${pluginId}" không khai báo quyền "${capability}" nên không được dùng chức năng này.`,
      en: `Plugin "${pluginId}" did not declare the capability "${capability}" and may not use this.`,
    }
    super(`${text.vi} — ${text.en}`)
    this.name = "PluginCapabilityMissing"
    this.capability = capability
    this.text = text
  }
}
