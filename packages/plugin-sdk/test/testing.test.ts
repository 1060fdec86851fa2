import { describe, expect, it } from "vitest"
import { definePlugin, PluginCapabilityMissing, PluginError, Schema } from "../src/index.ts"
import { HostNotAllowed } from "../src/outbound/index.ts"
import {
  PluginInputInvalid,
  type TestTenantOptions,
  testTenant,
  VIETNAM_HOLIDAYS_2024_2027,
} from "../src/testing/index.ts"

/** A small plugin that uses every extension point, for the kit to run. */
const sample = definePlugin({
  id: "sample",
  version: "1.0.0",
  name: { vi: "Mẫu", en: "Sample" },
  description: { vi: "Phần mở rộng mẫu", en: "A sample plugin" },
  configSchema: Schema.Struct({
    maxDays: Schema.Int.check(Schema.isGreaterThan(0)),
    allowedHosts: Schema.Array(Schema.String),
  }),
  capabilities: ["members.read", "trips.read", "trips.record_travel", "store"],
  setup(register) {
    register.fields({
      tripRequest: [
        {
          name: "hostName",
          label: { vi: "Người đón", en: "Host" },
          schema: Schema.String.check(Schema.isMinLength(2)),
          required: true,
          widget: "text",
        },
        {
          name: "clinic",
          label: { vi: "Cơ sở khám chữa bệnh", en: "Clinic" },
          schema: Schema.String,
          required: true,
          widget: "text",
          purposes: ["private_medical_treatment"],
        },
      ],
    })
    register.rules({
      "trip.validate": ({ trip }, ctx) => {
        const days = (Date.parse(trip.plannedReturn) - Date.parse(trip.plannedDeparture)) / 86_400_000
        return days > ctx.config.maxDays
          ? [{ kind: "block", rule: "sample.too_long", message: { vi: "Quá dài", en: "Too long" } }]
          : []
      },
      "trip.route": ({ member }) =>
        member.status === "probationary"
          ? [
              {
                kind: "require_approval",
                rule: "sample.probationary",
                level: "standing_committee",
                message: { vi: "Dự bị", en: "Probationary" },
              },
            ]
          : [],
      "trip.deadlines": () => ({ reportDeadline: { kind: "working_days", days: 7 } }),
    })
    register.events({
      "trip.approved": async (event, ctx) => {
        await ctx.store.put(`seen:${event.id}`, { type: event.type, at: ctx.clock.today() })
      },
    })
    register.routes([
      {
        method: "get",
        path: "/seen",
        access: "session",
        summary: "What the plugin saw",
        handler: async (_request, ctx) => ({ status: 200, body: await ctx.store.list("seen:") }),
      },
    ])
    register.jobs([
      {
        id: "depart",
        schedule: { everyMinutes: 60 },
        run: async (ctx) => {
          await ctx.data.trips.recordDeparture("t1", ctx.clock.today())
        },
      },
      {
        id: "propose",
        schedule: { dailyAt: "02:00" },
        run: async (ctx) => {
          await ctx.data.violations.propose({ memberId: "m1", kind: "other", description: "x", evidence: [] })
        },
      },
      {
        id: "call-out",
        schedule: { dailyAt: "03:00" },
        run: async (ctx) => {
          await ctx.http.fetch("https://example.com/")
        },
      },
    ])
    register.reports([
      {
        id: "members",
        title: { vi: "Đảng viên", en: "Members" },
        columns: [{ key: "name", label: { vi: "Tên", en: "Name" } }],
        run: async (params, ctx) => {
          const member = await ctx.data.members.get(params.id ?? "")
          return member ? [{ name: member.fullName }] : []
        },
      },
    ])
  },
})

type SampleConfig = typeof sample.configSchema.Type

const tenantWith = (overrides: Partial<TestTenantOptions<SampleConfig>> = {}) =>
  testTenant({
    plugin: sample,
    config: { maxDays: 30, allowedHosts: [] },
    members: [
      { id: "m1", fullName: "Nguyễn Văn An" },
      { id: "m2", fullName: "Trần Thị Bình", status: "probationary" },
    ],
    trips: [{ id: "t1", memberId: "m1", status: "approved" }],
    now: "2025-07-01T01:00:00Z",
    ...overrides,
  })

describe("testTenant: config", () => {
  it("refuses a config that fails the plugin's schema, naming the path of each wrong field", () => {
    expect(() => tenantWith({ config: { maxDays: 0, allowedHosts: "x" } })).toThrow(PluginInputInvalid)
    try {
      tenantWith({ config: { maxDays: 0, allowedHosts: "x" } })
    } catch (error) {
      const paths = (error as PluginInputInvalid).issues.map((issue) => issue.path.join("."))
      expect(paths.sort()).toEqual(["config.allowedHosts", "config.maxDays"])
    }
  })

  it("hands hooks the decoded config", () => {
    expect(tenantWith().config).toEqual({ maxDays: 30, allowedHosts: [] })
  })
})

describe("testTenant: rules and fields", () => {
  it("decodes fields with a path per issue: missing, wrong, unknown, and purpose-bound fields", () => {
    const tenant = tenantWith()
    const result = tenant.decodeFields("tripRequest", { hostName: "A", colour: "red" }, "private_medical_treatment")
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((issue) => issue.path.join(".")).sort()).toEqual([
      "extra.sample.clinic",
      "extra.sample.colour",
      "extra.sample.hostName",
    ])
    // The clinic is asked only of medical trips, and refused on another.
    const notMedical = tenant.decodeFields("tripRequest", { hostName: "Lan", clinic: "Chợ Rẫy" }, "private_tourism")
    expect(notMedical.ok ? [] : notMedical.issues.map((issue) => issue.path.join("."))).toEqual(["extra.sample.clinic"])
    expect(tenant.decodeFields("tripRequest", { hostName: "Lan" }, "private_tourism")).toEqual({
      ok: true,
      value: { hostName: "Lan" },
    })
  })

  it("runs trip.validate and trip.route on a request, refusing undecodable fields first", async () => {
    const tenant = tenantWith()
    const fine = await tenant.validateTrip({ memberId: "m1", fields: { hostName: "Lan" } })
    expect(fine.outcomes).toEqual([])
    const long = await tenant.validateTrip({
      memberId: "m2",
      plannedDeparture: "2025-07-01",
      plannedReturn: "2025-09-01",
      fields: { hostName: "Lan" },
    })
    expect(long.validate.map((outcome) => outcome.rule)).toEqual(["sample.too_long"])
    expect(long.route).toMatchObject([{ kind: "require_approval", level: "standing_committee" }])
    await expect(tenant.validateTrip({ memberId: "m1", fields: {} })).rejects.toBeInstanceOf(PluginInputInvalid)
  })

  it("counts the report deadline in working days over Tết and keeps the earlier of two deadlines", async () => {
    const tenant = tenantWith({ trips: [{ id: "t1", memberId: "m1", status: "returned" }] })
    // Back on Friday 24 January 2025: Tết runs 27–31 January, so the seventh working day is 11 February.
    expect(await tenant.deadlines({ tripId: "t1", returnedOn: "2025-01-24", reportDueOn: "2025-02-28" })).toEqual({
      outcome: { reportDeadline: { kind: "working_days", days: 7 } },
      reportDueOn: "2025-02-11",
    })
    expect(
      (await tenant.deadlines({ tripId: "t1", returnedOn: "2025-01-24", reportDueOn: "2025-02-05" })).reportDueOn,
    ).toBe("2025-02-05")
  })

  it("moves a deadline in calendar days that ends on a day off to the next working day", async () => {
    const plugin = {
      ...sample,
      setup: (register: Parameters<typeof sample.setup>[0]) =>
        register.rules({ "trip.deadlines": () => ({ reportDeadline: { kind: "calendar_days", days: 15 } }) }),
    }
    const tenant = testTenant({
      plugin,
      config: { maxDays: 1, allowedHosts: [] },
      members: [{ id: "m1", fullName: "A" }],
      trips: [{ id: "t1", memberId: "m1" }],
    })
    // Back on 15 April 2025: the fifteenth day is 30 April, the break runs to Sunday 4 May.
    expect(
      (await tenant.deadlines({ tripId: "t1", returnedOn: "2025-04-15", reportDueOn: "2025-06-01" })).reportDueOn,
    ).toBe("2025-05-05")
  })

  it("counts a Saturday worked in exchange as a working day, and refuses a year it does not know", () => {
    const { clock } = tenantWith().context
    expect(clock.addWorkingDays("2025-04-25", 1)).toBe("2025-04-26")
    expect(clock.addWorkingDays("2025-04-29", 1)).toBe("2025-05-05")
    expect(() => clock.addWorkingDays("2028-12-29", 3)).toThrow(RangeError)
    const custom = tenantWith({
      holidays: { ...VIETNAM_HOLIDAYS_2024_2027, years: { from: 2024, to: 2030 }, daysOff: ["2028-01-03"] },
    })
    expect(custom.context.clock.addWorkingDays("2027-12-31", 1)).toBe("2028-01-04")
  })

  it("tells today in Vietnam, seven hours ahead of UTC", () => {
    const tenant = tenantWith({ now: "2025-07-01T18:30:00Z" })
    expect(tenant.context.clock.today()).toBe("2025-07-02")
    tenant.clock.advance(-12 * 3_600_000)
    expect(tenant.context.clock.today()).toBe("2025-07-01")
  })
})

describe("testTenant: capabilities and data", () => {
  it("fails a part of the context the plugin did not declare, as the host does", async () => {
    const tenant = tenantWith()
    await expect(tenant.runJob("propose")).rejects.toBeInstanceOf(PluginCapabilityMissing)
    await expect(tenant.runJob("call-out")).rejects.toMatchObject({ capability: "http.outbound" })
    expect(tenant.proposals).toEqual([])
  })

  it("records a departure on an approved trip, and refuses one in another state with the reason", async () => {
    const tenant = tenantWith()
    await tenant.runJob("depart")
    expect(tenant.departures).toEqual([{ tripId: "t1", on: "2025-07-01" }])
    expect(tenant.trip("t1")).toMatchObject({ status: "departed", actualDeparture: "2025-07-01" })
    await expect(tenant.runJob("depart")).rejects.toBeInstanceOf(PluginError)
    await expect(tenant.runJob("depart")).rejects.toMatchObject({ code: "trip.transition_refused" })
  })

  it("refuses outbound HTTP to a host the config does not list", async () => {
    const tenant = testTenant({
      plugin: { ...sample, capabilities: [...sample.capabilities, "http.outbound"] },
      config: { maxDays: 30, allowedHosts: ["api.example.vn"] },
    })
    await expect(tenant.runJob("call-out")).rejects.toBeInstanceOf(HostNotAllowed)
  })

  it("holds the store to the host's limits", async () => {
    const { store } = tenantWith().context
    await expect(store.put("", 1)).rejects.toMatchObject({ code: "plugin.bad_argument" })
    await expect(store.put("big", "x".repeat(300 * 1024))).rejects.toMatchObject({ code: "plugin.bad_argument" })
    for (const n of [3, 1, 2]) await store.put(`k:${n}`, { n })
    expect(await store.list("k:", 2)).toEqual([
      { key: "k:1", value: { n: 1 } },
      { key: "k:2", value: { n: 2 } },
    ])
  })

  it("gives a plugin copies: changing what it read changes nothing in the tenant", async () => {
    const tenant = tenantWith()
    const member = await tenant.context.data.members.get("m1")
    ;(member as { fullName: string }).fullName = "changed"
    expect((await tenant.context.data.members.get("m1"))?.fullName).toBe("Nguyễn Văn An")
  })
})

describe("testTenant: events, routes, reports", () => {
  it("delivers an event to its handler and shows what it stored through a session route", async () => {
    const tenant = tenantWith()
    const event = await tenant.deliver({ type: "trip.approved", entityId: "t1" })
    expect(tenant.storeContents()).toEqual({ [`seen:${event.id}`]: { type: "trip.approved", at: "2025-07-01" } })
    const answer = await tenant.request("GET", "/seen")
    expect(answer).toEqual({
      status: 200,
      body: [{ key: `seen:${event.id}`, value: { type: "trip.approved", at: "2025-07-01" } }],
    })
    expect((await tenant.request("GET", "/seen", { user: null })).status).toBe(401)
    expect((await tenant.request("GET", "/nowhere")).status).toBe(404)
  })

  it("runs a report with its parameters", async () => {
    expect(await tenantWith().runReport("members", { id: "m2" })).toEqual([{ name: "Trần Thị Bình" }])
  })
})
