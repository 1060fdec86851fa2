import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { HostNotAllowed } from "@abroad/plugin-sdk/outbound"
import { configWordsMissing, type TestTrip, testTenant } from "@abroad/plugin-sdk/testing"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import plugin from "../src/index.ts"

const dayTripFields = { exitGate: "mong_cai", entryGate: "mong_cai", dayTrip: true, borderPassNumber: "GT123456" }

const province = (config: Record<string, unknown> = {}, trips: ReadonlyArray<TestTrip> = []) =>
  testTenant({
    plugin,
    config: { allowedHosts: ["127.0.0.1"], ...config },
    members: [
      { id: "m1", fullName: "Phạm Văn Hải", citizenId: "022080001111" },
      { id: "m2", fullName: "Vũ Thị Lan", citizenId: "022085002222" },
    ],
    trips,
    now: "2025-07-02T03:00:00Z",
  })

describe("quang-ninh: config", () => {
  it("gives every config field and choice words in Vietnamese and English for the administrators' form", () => {
    expect(configWordsMissing(plugin.configSchema)).toEqual([])
  })
})

describe("quang-ninh: gates and day trips", () => {
  it("asks for the gates of exit and entry from the province's list", () => {
    const decoded = province().decodeFields("tripRequest", { exitGate: "Noi Bai" })
    expect(decoded.ok ? [] : decoded.issues.map((issue) => issue.path.join("."))).toEqual([
      "extra.quang-ninh.exitGate",
      "extra.quang-ninh.entryGate",
    ])
  })

  it("lets a day trip to China through a land gate with a border pass go on, marked for the officers", async () => {
    const { outcomes } = await province().validateTrip({
      memberId: "m1",
      countries: ["CN"],
      plannedDeparture: "2025-07-05",
      plannedReturn: "2025-07-05",
      fields: dayTripFields,
    })
    expect(outcomes).toEqual([
      {
        kind: "warn",
        rule: "quang-ninh.day_trip",
        message: {
          vi: "Chuyến đi trong ngày sang Trung Quốc bằng giấy thông hành số GT123456: hồ sơ rút gọn, vẫn xét duyệt theo Quy định 86.",
          en: "Day trip to China with border pass GT123456: a shorter file, still decided under Regulation 86.",
        },
      },
    ])
  })

  it("refuses a day trip that is not one, pointing at each field to fix", async () => {
    const { outcomes } = await province().validateTrip({
      memberId: "m1",
      countries: ["CN", "LA"],
      plannedDeparture: "2025-07-05",
      plannedReturn: "2025-07-06",
      fields: { exitGate: "van_don_airport", entryGate: "hoanh_mo", dayTrip: true },
    })
    expect(outcomes.map((outcome) => [outcome.kind, outcome.rule, "field" in outcome ? outcome.field : null])).toEqual([
      ["block", "quang-ninh.day_trip_same_day", "plannedReturn"],
      ["block", "quang-ninh.day_trip_china_only", "countries"],
      ["block", "quang-ninh.day_trip_land_gate", "extra.quang-ninh.exitGate"],
      ["block", "quang-ninh.day_trip_border_pass", "extra.quang-ninh.borderPassNumber"],
    ])
  })

  it("never escalates: an ordinary trip out of Vân Đồn has no outcome from the plugin", async () => {
    const { outcomes } = await province().validateTrip({
      memberId: "m1",
      countries: ["KR"],
      fields: { exitGate: "van_don_airport", entryGate: "elsewhere" },
    })
    expect(outcomes).toEqual([])
  })

  it("warns when a land gate to China is chosen for a trip that does not go to China", async () => {
    const { outcomes } = await province().validateTrip({
      memberId: "m1",
      countries: ["TH"],
      fields: { exitGate: "bac_phong_sinh", entryGate: "elsewhere" },
    })
    expect(outcomes.map((outcome) => [outcome.kind, outcome.rule])).toEqual([
      ["warn", "quang-ninh.land_gate_without_china"],
    ])
  })

  it("reads a border pass number as printed", () => {
    const decoded = province().decodeFields("tripRequest", { ...dayTripFields, borderPassNumber: "gt-12" })
    expect(decoded.ok ? [] : decoded.issues.map((issue) => issue.path.join("."))).toEqual([
      "extra.quang-ninh.borderPassNumber",
    ])
  })
})

/** The border guard's feed: records by id, `after` honoured, two a page. */
interface Feed {
  records: Array<Record<string, string>>
  requests: Array<{ url: string; authorization: string | undefined }>
  failNext: boolean
  ignoreCursor: boolean
}

const feed: Feed = { records: [], requests: [], failNext: false, ignoreCursor: false }
let server: Server
let base = ""

const csvOf = (records: ReadonlyArray<Record<string, string>>): string =>
  [
    "id,citizen_id,direction,gate,crossed_at",
    ...records.map((r) => [r.id, r.citizenId, r.direction, `"${r.gate ?? ""}"`, r.crossedAt].join(",")),
  ].join("\r\n")

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1")
    feed.requests.push({ url: url.pathname + url.search, authorization: request.headers.authorization })
    if (feed.failNext) {
      feed.failNext = false
      response.writeHead(503).end("busy")
      return
    }
    const after = feed.ignoreCursor ? null : url.searchParams.get("after")
    const page = feed.records.filter((record) => after === null || (record.id as string) > after).slice(0, 2)
    if (url.pathname === "/crossings.csv") {
      response.writeHead(200, { "content-type": "text/csv" }).end(csvOf(page))
    } else {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ records: page }))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  feed.records = []
  feed.requests = []
  feed.failNext = false
  feed.ignoreCursor = false
})

const trips: ReadonlyArray<TestTrip> = [
  { id: "t1", memberId: "m1", status: "approved", plannedDeparture: "2025-07-01", plannedReturn: "2025-07-01" },
  { id: "t2", memberId: "m2", status: "approved", plannedDeparture: "2025-07-03", plannedReturn: "2025-07-10" },
  { id: "t0", memberId: "m2", status: "closed", plannedDeparture: "2025-03-01", plannedReturn: "2025-03-05" },
]

const crossings = [
  {
    id: "000001",
    citizenId: "022080001111",
    direction: "exit",
    gate: "mong_cai",
    crossedAt: "2025-07-01T07:10:00+07:00",
  },
  {
    id: "000002",
    citizenId: "022080001111",
    direction: "entry",
    gate: "mong_cai",
    crossedAt: "2025-07-01T16:45:00+07:00",
  },
  // 23:30 UTC on 1 July is 06:30 on 2 July in Vietnam: a day before t2's planned departure, within the window.
  { id: "000003", citizenId: "022085002222", direction: "exit", gate: "bac_luan_2", crossedAt: "2025-07-01T23:30:00Z" },
  { id: "000004", citizenId: "079099009999", direction: "exit", gate: "mong_cai", crossedAt: "2025-07-01" },
  { id: "000005", citizenId: "022085002222", direction: "exit", gate: "mong_cai", crossedAt: "2025-05-01" },
]

describe("quang-ninh: importing border crossings", () => {
  it("fills actual departures and returns from a JSON feed, page by page, keeping a cursor", async () => {
    feed.records = crossings
    const tenant = province({ crossingFeed: { url: `${base}/crossings.json`, format: "json", token: "s3cret" } }, trips)
    await tenant.runJob("import-border-crossings")

    expect(tenant.departures).toEqual([
      { tripId: "t1", on: "2025-07-01" },
      { tripId: "t2", on: "2025-07-02" },
    ])
    expect(tenant.returns).toEqual([{ tripId: "t1", on: "2025-07-01" }])
    expect(tenant.trip("t1")).toMatchObject({
      status: "returned",
      actualDeparture: "2025-07-01",
      actualReturn: "2025-07-01",
    })
    expect(feed.requests.map((request) => request.url)).toEqual([
      "/crossings.json",
      "/crossings.json?after=000002",
      "/crossings.json?after=000004",
      "/crossings.json?after=000005",
    ])
    expect(feed.requests.every((request) => request.authorization === "Bearer s3cret")).toBe(true)
    expect(tenant.storeContents().cursor).toBe("000005")

    const report = await tenant.runReport("border-crossings")
    expect(report.map((row) => [row.citizenId, row.result, row.tripId])).toEqual([
      ["022085002222", "no_matching_trip", null],
      ["022080001111", "departure_recorded", "t1"],
      ["022080001111", "return_recorded", "t1"],
      ["079099009999", "unknown_citizen", null],
      ["022085002222", "departure_recorded", "t2"],
    ])
    expect(report[1]?.gate).toBe("Cửa khẩu quốc tế Móng Cái")
  })

  it("asks only for what is new on the next run, and imports a record once even when sent again", async () => {
    feed.records = crossings.slice(0, 2)
    const tenant = province({ crossingFeed: { url: `${base}/crossings.json`, format: "json" } }, trips)
    await tenant.runJob("import-border-crossings")
    feed.records = crossings.slice(0, 3)
    feed.requests = []
    await tenant.runJob("import-border-crossings")
    expect(feed.requests[0]?.url).toBe("/crossings.json?after=000002")
    expect(tenant.departures.map((departure) => departure.tripId)).toEqual(["t1", "t2"])

    // A feed that ignores the cursor sends everything again: nothing is recorded twice.
    feed.ignoreCursor = true
    await tenant.runJob("import-border-crossings")
    expect(tenant.departures).toHaveLength(2)
    expect(tenant.returns).toHaveLength(1)
  })

  it("reads the same records as CSV", async () => {
    feed.records = crossings.slice(0, 3)
    const tenant = province({ crossingFeed: { url: `${base}/crossings.csv`, format: "csv" } }, trips)
    await tenant.runJob("import-border-crossings")
    expect(tenant.departures.map((departure) => departure.tripId)).toEqual(["t1", "t2"])
    expect(tenant.returns.map((ret) => ret.tripId)).toEqual(["t1"])
  })

  it("skips an unreadable record with a warning and goes on with the rest", async () => {
    feed.records = [
      { id: "000001", citizenId: "12", direction: "sideways", crossedAt: "yesterday" },
      crossings[0] as Record<string, string>,
    ]
    const tenant = province({ crossingFeed: { url: `${base}/crossings.json`, format: "json" } }, trips)
    await tenant.runJob("import-border-crossings")
    expect(tenant.departures).toEqual([{ tripId: "t1", on: "2025-07-01" }])
    expect(tenant.logs.some((log) => log.level === "warn" && log.message.includes("not readable"))).toBe(true)
  })

  it("fails the run when the feed is down, keeping the cursor so the next run asks again", async () => {
    feed.records = crossings.slice(0, 2)
    const tenant = province({ crossingFeed: { url: `${base}/crossings.json`, format: "json" } }, trips)
    feed.failNext = true
    await expect(tenant.runJob("import-border-crossings")).rejects.toThrow(/503/)
    expect(tenant.storeContents().cursor).toBeUndefined()
    await tenant.runJob("import-border-crossings")
    expect(tenant.departures).toHaveLength(1)
  })

  it("calls no host the config does not allow", async () => {
    const tenant = province({
      allowedHosts: ["border.quangninh.gov.vn"],
      crossingFeed: { url: `${base}/crossings.json`, format: "json" },
    })
    await expect(tenant.runJob("import-border-crossings")).rejects.toBeInstanceOf(HostNotAllowed)
  })

  it("does nothing without a feed configured", async () => {
    const tenant = province({}, trips)
    await tenant.runJob("import-border-crossings")
    expect(tenant.departures).toEqual([])
  })
})
