import { type DatabaseError, type TenantTx, tenantQuery } from "@abroad/db"
import type { PluginCapability, PluginMember, PluginTrip } from "@abroad/plugin-sdk"
import { allowedFetch, allowedMail, HostNotAllowed } from "@abroad/plugin-sdk/outbound"
import { Effect } from "effect"
import { sql } from "kysely"
import { todayInVietnam } from "../calendar/calendar-day.ts"
import type { TripAudit } from "../trips/audit.ts"
import { TripNotFound } from "../trips/errors.ts"
import { TripTransitionRefused } from "../trips/refusal.ts"
import { findTrip } from "../trips/stored.ts"
import { changeTrip } from "../trips/workflow.ts"
import { openViolation } from "../violations/case.ts"
import { ContextRefused } from "./sandbox.ts"

/**
 * The host's side of a plugin's context: each call the worker proxies (`members.get`, `store.put`,
 * `http.fetch`, …) is checked against the capabilities the plugin declared, then carried out as an
 * Effect program in the calling tenant's row-level-security transaction — never another tenant's,
 * never the raw database. A refusal answers the plugin with a `PluginError` it may read.
 */

/** A data call of one plugin in one tenant: runs in that tenant's transaction. */
export type DataProgram = Effect.Effect<unknown, DatabaseError | ContextRefused, TenantTx | TripAudit>

export interface BridgeTarget {
  readonly pluginId: string
  readonly capabilities: ReadonlyArray<PluginCapability>
  /** The tenant's stored config: `allowedHosts` is read from it. */
  readonly config: unknown
}

export interface BridgeOptions {
  /** Runs a data program in the tenant's transaction (the request's own, or one opened for it). */
  readonly runData: (program: DataProgram) => Promise<unknown>
  /** Called once when the plugin reaches for a capability it did not declare. */
  readonly onCapabilityMissing: (capability: PluginCapability, op: string) => void
  readonly httpTimeoutMs: number
}

const CAPABILITY_OF: Readonly<Record<string, PluginCapability>> = {
  "members.get": "members.read",
  "members.findByCitizenId": "members.read",
  "trips.get": "trips.read",
  "trips.ofMember": "trips.read",
  "trips.recordDeparture": "trips.record_travel",
  "trips.recordReturn": "trips.record_travel",
  "violations.propose": "violations.propose",
  "store.get": "store",
  "store.put": "store",
  "store.delete": "store",
  "store.list": "store",
  "http.fetch": "http.outbound",
  "mail.send": "mail.send",
}

export const capabilityMissing = (pluginId: string, capability: PluginCapability) =>
  new ContextRefused("plugin.capability_missing", {
    vi: `Phần mở rộng "${pluginId}" chưa khai báo quyền "${capability}" nên không được dùng chức năng này.`,
    en: `The plugin "${pluginId}" did not declare the capability "${capability}", so it may not use this.`,
  })

const badArgument = (op: string, what: string) =>
  new ContextRefused("plugin.bad_argument", {
    vi: `Tham số không hợp lệ cho ${op}: ${what}.`,
    en: `Invalid argument to ${op}: ${what}.`,
  })

const text = (value: unknown, op: string, what: string, max = 500): string => {
  if (typeof value !== "string" || value.length === 0 || value.length > max) throw badArgument(op, what)
  return value
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DAY = /^\d{4}-\d{2}-\d{2}$/

const ownFields = (extra: unknown, pluginId: string): Readonly<Record<string, unknown>> => {
  const value = (extra as Record<string, unknown> | null)?.[pluginId]
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {}
}

const day = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value))

const memberColumns = [
  "id",
  "full_name",
  "citizen_id",
  "party_card_no",
  "birth_date",
  "org_unit_id",
  "status",
  "extra",
] as const

export const pluginMemberOf = (
  row: {
    id: string
    full_name: string
    citizen_id: string | null
    party_card_no: string | null
    birth_date: unknown
    org_unit_id: string
    status: string
    extra: unknown
  },
  pluginId: string,
): PluginMember => ({
  id: row.id,
  fullName: row.full_name,
  citizenId: row.citizen_id,
  partyCardNumber: row.party_card_no,
  birthDate: day(row.birth_date),
  orgUnitId: row.org_unit_id,
  status: row.status,
  fields: ownFields(row.extra, pluginId),
})

export const pluginTripOf = (
  trip: {
    id: string
    memberId: string
    status: string
    purpose: string
    countries: ReadonlyArray<string>
    plannedDeparture: string
    plannedReturn: string
    actualDeparture: string | null
    actualReturn: string | null
    overdueReturnSince: string | null
    reportOverdueSince: string | null
    extra?: unknown
  },
  pluginId: string,
): PluginTrip => ({
  id: trip.id,
  memberId: trip.memberId,
  status: trip.status as PluginTrip["status"],
  purpose: trip.purpose,
  countries: [...trip.countries],
  plannedDeparture: trip.plannedDeparture,
  plannedReturn: trip.plannedReturn,
  actualDeparture: trip.actualDeparture,
  actualReturn: trip.actualReturn,
  overdueReturn: trip.overdueReturnSince !== null,
  reportOverdue: trip.reportOverdueSince !== null,
  fields: ownFields(trip.extra, pluginId),
})

const ALL: { readonly kind: "tenant" } = { kind: "tenant" }

const memberBy = (column: "id" | "citizen_id", value: string, pluginId: string) =>
  tenantQuery((db) => db.selectFrom("member").select(memberColumns).where(column, "=", value).executeTakeFirst()).pipe(
    Effect.map((row) => (row === undefined ? undefined : pluginMemberOf(row, pluginId))),
  )

const tripById = (tripId: string, pluginId: string) =>
  findTrip(tripId, ALL).pipe(
    Effect.map((trip) => pluginTripOf(trip, pluginId)),
    Effect.catchIf(
      (error): error is TripNotFound => error instanceof TripNotFound,
      () => Effect.succeed(undefined),
    ),
  )

const recordTravel = (pluginId: string, tripId: string, on: string, type: "recordDeparture" | "recordReturn") =>
  Effect.flatMap(todayInVietnam, (today) =>
    changeTrip({
      tripId,
      visibility: ALL,
      request: { type, on: on as never },
      actor: () => ({ kind: "integration", source: pluginId }),
      today,
      userId: null,
    }),
  ).pipe(
    Effect.map((trip) => pluginTripOf(trip, pluginId)),
    Effect.mapError((error) =>
      error instanceof TripNotFound
        ? new ContextRefused("trip.not_found", error.message)
        : error instanceof TripTransitionRefused
          ? new ContextRefused(error.rule, error.message)
          : "message" in error && typeof error.message === "object"
            ? new ContextRefused("trip.refused", error.message as { vi: string; en: string })
            : (error as DatabaseError),
    ),
  )

/** The data side of a context call, in the tenant's transaction. */
const dataProgram = (pluginId: string, op: string, args: ReadonlyArray<unknown>): DataProgram => {
  switch (op) {
    case "members.get": {
      const id = text(args[0], op, "member id")
      return UUID.test(id) ? memberBy("id", id, pluginId) : Effect.succeed(undefined)
    }
    case "members.findByCitizenId":
      return memberBy("citizen_id", text(args[0], op, "citizen id", 20), pluginId)
    case "trips.get": {
      const id = text(args[0], op, "trip id")
      return UUID.test(id) ? tripById(id, pluginId) : Effect.succeed(undefined)
    }
    case "trips.ofMember": {
      const memberId = text(args[0], op, "member id")
      if (!UUID.test(memberId)) return Effect.succeed([])
      return tenantQuery((db) =>
        db
          .selectFrom("trip")
          .select(["record", "extra"])
          .where("member_id", "=", memberId)
          .orderBy("planned_departure", "desc")
          .limit(200)
          .execute(),
      ).pipe(
        Effect.map((rows) =>
          rows.map((row) => pluginTripOf({ ...(row.record as PluginTripRecord), extra: row.extra }, pluginId)),
        ),
      )
    }
    case "trips.recordDeparture":
    case "trips.recordReturn": {
      const tripId = text(args[0], op, "trip id")
      const on = text(args[1], op, "date (yyyy-mm-dd)", 10)
      if (!UUID.test(tripId)) return Effect.fail(new ContextRefused("trip.not_found", TripNotFound.instance().message))
      if (!DAY.test(on)) return Effect.fail(badArgument(op, "date (yyyy-mm-dd)"))
      return recordTravel(pluginId, tripId, on, op === "trips.recordDeparture" ? "recordDeparture" : "recordReturn")
    }
    case "violations.propose": {
      const proposal = args[0] as {
        memberId?: unknown
        tripId?: unknown
        kind?: unknown
        description?: unknown
        evidence?: unknown
      }
      const memberId = text(proposal?.memberId, op, "memberId")
      if (!UUID.test(memberId)) return Effect.fail(badArgument(op, "memberId"))
      const kinds = ["unreported_travel", "unapproved_travel", "overdue_return", "other"]
      if (typeof proposal.kind !== "string" || !kinds.includes(proposal.kind))
        return Effect.fail(badArgument(op, "kind"))
      const evidence = Array.isArray(proposal.evidence) ? proposal.evidence.slice(0, 50) : []
      return openViolation(
        {
          memberId,
          ...(typeof proposal.tripId === "string" && UUID.test(proposal.tripId) ? { tripId: proposal.tripId } : {}),
          kind: proposal.kind as "other",
          description: text(proposal.description, op, "description", 4000),
          evidence: evidence.map((item) => ({
            description: JSON.stringify(item).slice(0, 2000),
            reference:
              item !== null && typeof item === "object" && "id" in item ? String((item as { id: unknown }).id) : null,
          })),
          source: "integration",
        },
        ALL,
        null,
      ).pipe(
        Effect.map((opened) => ({ id: opened.id })),
        Effect.mapError((error) =>
          "_tag" in error && error._tag === "DatabaseError"
            ? (error as DatabaseError)
            : new ContextRefused("violation.refused", (error as { message: { vi: string; en: string } }).message),
        ),
      )
    }
    case "store.get": {
      const key = text(args[0], op, "key")
      return tenantQuery((db) =>
        db
          .selectFrom("plugin_record")
          .select("value")
          .where("plugin_id", "=", pluginId)
          .where("key", "=", key)
          .executeTakeFirst(),
      ).pipe(Effect.map((row) => row?.value))
    }
    case "store.put": {
      const key = text(args[0], op, "key")
      const json = JSON.stringify(args[1] ?? null)
      if (json.length > 256 * 1024) return Effect.fail(badArgument(op, "a value of at most 256 KiB"))
      return tenantQuery((db, tenantId) =>
        db
          .insertInto("plugin_record")
          .values({ tenant_id: tenantId, plugin_id: pluginId, key, value: sql`${json}::text::jsonb` })
          .onConflict((conflict) =>
            conflict
              .columns(["tenant_id", "plugin_id", "key"])
              .doUpdateSet({ value: sql`${json}::text::jsonb`, updated_at: new Date() }),
          )
          .execute(),
      ).pipe(Effect.as(undefined))
    }
    case "store.delete": {
      const key = text(args[0], op, "key")
      return tenantQuery((db) =>
        db.deleteFrom("plugin_record").where("plugin_id", "=", pluginId).where("key", "=", key).execute(),
      ).pipe(Effect.as(undefined))
    }
    case "store.list": {
      const prefix = typeof args[0] === "string" ? args[0] : ""
      const limit = typeof args[1] === "number" ? Math.max(1, Math.min(1000, Math.floor(args[1]))) : 100
      return tenantQuery((db) =>
        db
          .selectFrom("plugin_record")
          .select(["key", "value"])
          .where("plugin_id", "=", pluginId)
          .where(sql<boolean>`starts_with(key, ${prefix})`)
          .orderBy("key")
          .limit(limit)
          .execute(),
      )
    }
    default:
      return Effect.fail(badArgument(op, "no such operation"))
  }
}

interface PluginTripRecord {
  id: string
  memberId: string
  status: string
  purpose: string
  countries: ReadonlyArray<string>
  plannedDeparture: string
  plannedReturn: string
  actualDeparture: string | null
  actualReturn: string | null
  overdueReturnSince: string | null
  reportOverdueSince: string | null
}

const allowedHostsOf = (config: unknown): ReadonlyArray<string> => {
  const hosts = (config as { allowedHosts?: unknown } | null)?.allowedHosts
  return Array.isArray(hosts) ? hosts.filter((host): host is string => typeof host === "string") : []
}

const asRefusal = (error: unknown): never => {
  if (error instanceof HostNotAllowed) throw new ContextRefused(error.code, error.text)
  throw error
}

/** Answers one context call of `target`'s hook. */
export const answerContext = async (
  target: BridgeTarget,
  options: BridgeOptions,
  op: string,
  args: ReadonlyArray<unknown>,
): Promise<unknown> => {
  const capability = CAPABILITY_OF[op]
  if (capability === undefined) throw badArgument(op, "no such operation")
  if (!target.capabilities.includes(capability)) {
    options.onCapabilityMissing(capability, op)
    throw capabilityMissing(target.pluginId, capability)
  }
  if (op === "http.fetch") {
    const [url, init] = args as [
      string,
      { method: string; headers: Array<[string, string]>; body?: string | Uint8Array },
    ]
    const fetch = allowedFetch({ allowedHosts: allowedHostsOf(target.config), timeoutMs: options.httpTimeoutMs })
    const response = await fetch(text(url, op, "url", 4000), {
      method: init?.method ?? "GET",
      headers: init?.headers ?? [],
      ...(init?.body === undefined ? {} : { body: init.body as never }),
    }).catch(asRefusal)
    const body = new Uint8Array(await response.arrayBuffer())
    return {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers.entries()],
      body: [101, 204, 205, 304].includes(response.status) ? null : body,
    }
  }
  if (op === "mail.send") {
    const send = allowedMail({ allowedHosts: allowedHostsOf(target.config), timeoutMs: options.httpTimeoutMs })
    return send(args[0] as never, args[1] as never).catch(asRefusal)
  }
  return options.runData(dataProgram(target.pluginId, op, args))
}
