import { createHmac } from "node:crypto"
import { configWordsMissing, PluginInputInvalid, type TestTrip, testTenant } from "@abroad/plugin-sdk/testing"
import { describe, expect, it } from "vitest"
import plugin from "../src/index.ts"

const SECRET = "a-shared-secret-of-at-least-32-chars!"
const NOW = "2025-07-20T03:00:00Z"
const nowSeconds = Date.parse(NOW) / 1000

const trips: ReadonlyArray<TestTrip> = [
  { id: "t1", memberId: "m1", status: "approved", plannedDeparture: "2025-07-05", plannedReturn: "2025-07-12" },
  { id: "t2", memberId: "m2", status: "approved", plannedDeparture: "2025-07-08", plannedReturn: "2025-07-15" },
]

const service = (config: Record<string, unknown> = {}) =>
  testTenant({
    plugin,
    config: { secret: SECRET, ...config },
    members: [
      { id: "m1", fullName: "Đỗ Văn Minh", citizenId: "001080000001" },
      { id: "m2", fullName: "Hoàng Thị Thu", citizenId: "001085000002" },
      { id: "m3", fullName: "Ngô Văn Tùng", citizenId: "001090000003" },
    ],
    trips,
    now: NOW,
  })

/** Signs as the immigration service does: HMAC-SHA256 of `{timestamp}.{body}`, hex. */
const signed = (body: string, options: { secret?: string; at?: number; contentType?: string } = {}) => {
  const timestamp = String(options.at ?? nowSeconds)
  const signature = createHmac("sha256", options.secret ?? SECRET)
    .update(`${timestamp}.${body}`)
    .digest("hex")
  return {
    headers: {
      "Content-Type": options.contentType ?? "application/json",
      "X-Timestamp": timestamp,
      "X-Signature": signature,
    },
    body,
  }
}

const post = (tenant: ReturnType<typeof service>, records: ReadonlyArray<unknown>) =>
  tenant.request("POST", "/records", signed(JSON.stringify({ records })))

const exit = (recordId: string, citizenId: string, crossedAt: string) => ({
  recordId,
  citizenId,
  direction: "exit",
  crossedAt,
  gate: "Nội Bài",
})
const entry = (recordId: string, citizenId: string, crossedAt: string) => ({
  ...exit(recordId, citizenId, crossedAt),
  direction: "entry",
})

describe("immigration-sync: config", () => {
  it("gives every config field and choice words in Vietnamese and English for the administrators' form", () => {
    expect(configWordsMissing(plugin.configSchema)).toEqual([])
  })
  it("refuses a secret shorter than 32 characters, naming the field", () => {
    expect(() => service({ secret: "short" })).toThrow(PluginInputInvalid)
    try {
      service({ secret: "short" })
    } catch (error) {
      expect((error as PluginInputInvalid).issues.map((issue) => issue.path.join("."))).toEqual(["config.secret"])
    }
  })
})

describe("immigration-sync: the signature", () => {
  const body = JSON.stringify({ records: [exit("r1", "001080000001", "2025-07-05T08:00:00+07:00")] })

  it.each([
    ["no signature at all", { "content-type": "application/json" }],
    ["a signature with another secret", signed(body, { secret: `${SECRET}-other` }).headers],
    ["a timestamp outside the replay window", signed(body, { at: nowSeconds - 301 }).headers],
    ["a signature of another body", signed(body.replace("r1", "r2")).headers],
    ["a signature that is not hex", { ...signed(body).headers, "X-Signature": "not-hex" }],
  ])("refuses %s with 401 and a message in both languages, taking nothing", async (_case, headers) => {
    const tenant = service()
    const answer = await tenant.request("POST", "/records", { headers, body })
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({
      error: { code: "immigration.signature_invalid", message: { vi: expect.any(String), en: expect.any(String) } },
    })
    expect(tenant.departures).toEqual([])
    expect(tenant.storeContents()).toEqual({})
  })

  it("accepts a signature within the window, either side of the server's clock", async () => {
    const answer = await service().request("POST", "/records", signed(body, { at: nowSeconds + 299 }))
    expect(answer.status).toBe(200)
  })
})

describe("immigration-sync: matching records to trips", () => {
  it("records the departure and the return of approved trips and answers a summary", async () => {
    const tenant = service()
    const answer = await post(tenant, [
      entry("r2", "001080000001", "2025-07-11T21:00:00+07:00"),
      exit("r1", "001080000001", "2025-07-04T23:30:00Z"),
      exit("r3", "001099999999", "2025-07-06"),
    ])
    expect(answer).toEqual({
      status: 200,
      body: {
        received: 3,
        accepted: 3,
        duplicates: 0,
        matched: 2,
        unmatchedCitizenIds: ["001099999999"],
        proposals: [],
      },
    })
    // 23:30 UTC on 4 July is 5 July in Vietnam; the exit is taken before the entry though sent after it.
    expect(tenant.departures).toEqual([{ tripId: "t1", on: "2025-07-05" }])
    expect(tenant.returns).toEqual([{ tripId: "t1", on: "2025-07-11" }])
    expect(tenant.proposals).toEqual([])
  })

  it("takes each record once: the same batch sent again changes nothing", async () => {
    const tenant = service()
    const batch = [exit("r1", "001080000001", "2025-07-05"), entry("r2", "001080000001", "2025-07-12")]
    await post(tenant, batch)
    const again = await post(tenant, batch)
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 2, matched: 0 })
    expect(tenant.departures).toHaveLength(1)
    expect(tenant.returns).toHaveLength(1)
  })

  it("proposes unapproved travel for an exit with no approved trip, with the record as evidence", async () => {
    const tenant = service()
    const answer = await post(tenant, [exit("r9", "001090000003", "2025-07-06T10:00:00+07:00")])
    expect(answer.body).toMatchObject({ matched: 0, proposals: [{ recordId: "r9", kind: "unapproved_travel" }] })
    expect(tenant.proposals).toEqual([
      {
        id: "violation-1",
        memberId: "m3",
        kind: "unapproved_travel",
        description:
          "Xuất cảnh ngày 2025-07-06 không có chuyến đi được duyệt. — Exit on 2025-07-06 with no approved trip.",
        evidence: [
          {
            source: "immigration",
            recordId: "r9",
            direction: "exit",
            crossedAt: "2025-07-06T10:00:00+07:00",
            gate: "Nội Bài",
          },
        ],
      },
    ])
  })

  it("does not take an exit long before the approved departure as that trip's", async () => {
    const tenant = service()
    await post(tenant, [exit("r1", "001080000001", "2025-06-20")])
    expect(tenant.departures).toEqual([])
    expect(tenant.proposals.map((proposal) => proposal.kind)).toEqual(["unapproved_travel"])
  })

  it("records a late return and proposes an overstay for the trip", async () => {
    const tenant = service()
    await post(tenant, [exit("r1", "001085000002", "2025-07-08")])
    const answer = await post(tenant, [entry("r2", "001085000002", "2025-07-18")])
    expect(tenant.returns).toEqual([{ tripId: "t2", on: "2025-07-18" }])
    expect(answer.body).toMatchObject({ matched: 1, proposals: [{ recordId: "r2", kind: "overdue_return" }] })
    expect(tenant.proposals).toMatchObject([{ memberId: "m2", tripId: "t2", kind: "overdue_return" }])
  })

  it("allows the configured grace days before calling a return late", async () => {
    const tenant = service({ overstayGraceDays: 3 })
    await post(tenant, [exit("r1", "001085000002", "2025-07-08"), entry("r2", "001085000002", "2025-07-18")])
    expect(tenant.proposals).toEqual([])
  })

  it("proposes an overstay once when no entry comes by the approved return", async () => {
    const tenant = service()
    tenant.clock.set("2025-07-15T03:00:00Z")
    // Signed at the tenant's time, as the service would send it that day.
    const body = JSON.stringify({ records: [exit("r1", "001085000002", "2025-07-08")] })
    await tenant.request("POST", "/records", signed(body, { at: Date.parse("2025-07-15T03:00:00Z") / 1000 }))
    expect(tenant.departures).toEqual([{ tripId: "t2", on: "2025-07-08" }])

    await tenant.runJob("overstay-check")
    expect(tenant.proposals).toEqual([]) // the 15th is the approved return itself

    tenant.clock.set("2025-07-16T03:00:00Z")
    await tenant.runJob("overstay-check")
    await tenant.runJob("overstay-check")
    expect(tenant.proposals).toMatchObject([{ memberId: "m2", tripId: "t2", kind: "overdue_return" }])

    // The late entry arrives afterwards: the return is recorded, the overstay is not proposed twice.
    const late = JSON.stringify({ records: [entry("r2", "001085000002", "2025-07-16")] })
    await tenant.request("POST", "/records", signed(late, { at: Date.parse("2025-07-16T03:00:00Z") / 1000 }))
    expect(tenant.returns).toEqual([{ tripId: "t2", on: "2025-07-16" }])
    expect(tenant.proposals).toHaveLength(1)
  })

  it("proposes unapproved travel for an entry with no trip, and only notes one under an approved trip", async () => {
    const tenant = service()
    await post(tenant, [entry("r1", "001090000003", "2025-07-10"), entry("r2", "001080000001", "2025-07-12")])
    expect(tenant.proposals.map((proposal) => [proposal.memberId, proposal.kind])).toEqual([
      ["m3", "unapproved_travel"],
    ])
    const report = await tenant.runReport("immigration-records")
    expect(report.map((row) => [row.citizenId, row.result])).toEqual([
      ["001090000003", "no_approved_trip"],
      ["001080000001", "entry_without_exit"],
    ])
  })
})

describe("immigration-sync: malformed input", () => {
  it("answers 400 naming each bad CSV row and line, and still takes the valid rows", async () => {
    const csv = [
      "record_id,citizen_id,direction,crossed_at,gate,document_number",
      "r1,001080000001,exit,2025-07-05T07:00:00+07:00,Nội Bài,C1234567",
      "r2,0010800,exit,2025-07-05,,",
      "r3,001085000002,sideways,someday,,",
      'r4,001085000002,exit,2025-07-08,"Tân Sơn Nhất, TP.HCM",',
    ].join("\n")
    const tenant = service()
    const answer = await tenant.request("POST", "/records", signed(csv, { contentType: "text/csv; charset=utf-8" }))
    expect(answer.status).toBe(400)
    const body = answer.body as {
      error: {
        code: string
        message: { vi: string; en: string }
        details: { issues: Array<{ row: number; line: number; path: Array<string> }> }
      }
      summary: { accepted: number; matched: number }
    }
    expect(body.error.code).toBe("immigration.rows_invalid")
    expect(body.error.message).toEqual({
      vi: "Các dòng 2, 3 không hợp lệ và chưa được nhận; các dòng hợp lệ khác đã được nhận.",
      en: "Rows 2, 3 are not valid and were not taken; the other, valid rows were.",
    })
    expect(body.error.details.issues.map((issue) => [issue.row, issue.line, issue.path.join(".")])).toEqual([
      [2, 3, "citizenId"],
      [3, 4, "direction"],
      [3, 4, "crossedAt"],
    ])
    expect(body.summary).toMatchObject({ accepted: 2, matched: 2 })
    expect(tenant.departures).toEqual([
      { tripId: "t1", on: "2025-07-05" },
      { tripId: "t2", on: "2025-07-08" },
    ])
  })

  it("answers 400 for a body that is neither CSV nor a JSON list of records", async () => {
    for (const body of ["{not json", JSON.stringify({ rows: [] })]) {
      const answer = await service().request("POST", "/records", signed(body))
      expect(answer).toMatchObject({ status: 400, body: { error: { code: "immigration.body_invalid" } } })
    }
  })
})
