import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { configWordsMissing, type TestMember, type TestTenantOptions, testTenant } from "@abroad/plugin-sdk/testing"
import { SMTPServer } from "smtp-server"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import plugin from "../src/index.ts"

type NotifyConfig = typeof plugin.configSchema.Type

/** A message as the SMTP server received it, its subject and text decoded. */
interface Received {
  readonly to: ReadonlyArray<string>
  readonly subject: string
  readonly text: string
}

const decodeWords = (header: string): string =>
  header.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_all, encoding: string, text: string) =>
    encoding.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text
            .replace(/_/g, " ")
            .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          "latin1",
        ).toString("utf8"),
  )

const parseMessage = (raw: string, to: ReadonlyArray<string>): Received => {
  const [head = "", ...rest] = raw.split(/\r?\n\r?\n/)
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ")
  const subject = decodeWords(/^Subject: (.*)$/im.exec(unfolded)?.[1] ?? "")
  const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(unfolded)?.[1]?.trim().toLowerCase()
  const body = rest.join("\n\n")
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? Buffer.from(
            body
              .replace(/=\r?\n/g, "")
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            "latin1",
          ).toString("utf8")
        : body
  return { to, subject, text: text.replace(/\r\n/g, "\n") }
}

const mailbox: Array<Received> = []
const refusedRecipients = new Set<string>()
let smtp: SMTPServer
let smtpPort = 0

interface ZaloCall {
  readonly accessToken: string | undefined
  readonly path: string
  readonly body: { recipient: { user_id: string }; message: { text: string } }
}
const zalo = { calls: [] as Array<ZaloCall>, mode: "ok" as "ok" | "refuse" | "down" }
let zaloServer: Server
let zaloBase = ""

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusedRecipients.has(address.address)) callback(new Error("550 mailbox unavailable"))
      else callback()
    },
    onData(stream, session, callback) {
      const chunks: Array<Buffer> = []
      stream.on("data", (chunk: Buffer) => chunks.push(chunk))
      stream.on("end", () => {
        mailbox.push(
          parseMessage(
            Buffer.concat(chunks).toString("utf8"),
            session.envelope.rcptTo.map((rcpt) => rcpt.address),
          ),
        )
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve))
  smtpPort = (smtp.server.address() as AddressInfo).port

  // A stand-in for the Zalo OA API: answers like Zalo, 200 with `error` 0, or an error code.
  zaloServer = createServer((request, response) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => {
      if (zalo.mode === "down") {
        response.writeHead(502).end("bad gateway")
        return
      }
      const token = request.headers.access_token
      zalo.calls.push({
        accessToken: Array.isArray(token) ? token[0] : token,
        path: request.url ?? "",
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
      })
      const answer =
        zalo.mode === "refuse"
          ? { error: -216, message: "Access token is invalid" }
          : { error: 0, message: "Success", data: { message_id: `zm-${zalo.calls.length}`, user_id: "x" } }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer))
    })
  })
  await new Promise<void>((resolve) => zaloServer.listen(0, "127.0.0.1", resolve))
  zaloBase = `http://127.0.0.1:${(zaloServer.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => smtp.close(() => resolve(undefined)))
  await new Promise((resolve) => zaloServer.close(resolve))
})

beforeEach(() => {
  mailbox.length = 0
  refusedRecipients.clear()
  zalo.calls = []
  zalo.mode = "ok"
})

const members: ReadonlyArray<TestMember> = [
  {
    id: "m1",
    fullName: "Nguyễn Văn An",
    orgUnitId: "unit-1",
    fields: { email: "an@example.vn", preferredChannel: "email" },
  },
  {
    id: "m2",
    fullName: "Trần Thị Bình",
    fields: { email: "binh@example.vn", zaloUserId: "84901234567", preferredChannel: "zalo" },
  },
  { id: "m3", fullName: "Lê Văn Cường", fields: {} },
]

const tenantWith = (
  config: Partial<Record<keyof NotifyConfig, unknown>> = {},
  options: Partial<TestTenantOptions<NotifyConfig>> = {},
) =>
  testTenant({
    plugin,
    config: {
      allowedHosts: ["127.0.0.1"],
      mail: { host: "127.0.0.1", port: smtpPort, from: "Thành ủy <noreply@example.vn>" },
      zalo: { apiBase: zaloBase, accessToken: "oa-token" },
      officers: [
        { name: "Văn phòng Thành ủy", email: "vanphong@example.vn" },
        { name: "Chi bộ 3", email: "chibo3@example.vn", zaloUserId: "84907654321" },
      ],
      ...config,
    },
    members,
    trips: [
      { id: "t1", memberId: "m1", countries: ["JP"], plannedDeparture: "2025-07-01", plannedReturn: "2025-07-10" },
      {
        id: "t2",
        memberId: "m2",
        countries: ["KR", "JP"],
        plannedDeparture: "2025-08-01",
        plannedReturn: "2025-08-05",
      },
      { id: "t3", memberId: "m3" },
    ],
    now: "2025-06-20T02:00:00Z",
    ...options,
  })

describe("notify: config and member fields", () => {
  it("gives every config field and choice words in Vietnamese and English for the administrators' form", () => {
    expect(configWordsMissing(plugin.configSchema)).toEqual([])
  })
  it("refuses an officer's address that is not one, with its path", () => {
    expect(() => tenantWith({ officers: [{ name: "A", email: "not-an-address" }] })).toThrow(
      /config\.officers\.0\.email/,
    )
  })

  it("takes the sender as an address, with or without a display name, and refuses anything else", () => {
    const mailFrom = (from: string) => ({ mail: { host: "127.0.0.1", port: smtpPort, from } })
    expect(() => tenantWith(mailFrom("thongbao@example.vn"))).not.toThrow()
    expect(() => tenantWith(mailFrom("Thành ủy <thongbao@example.vn>"))).not.toThrow()
    for (const from of ["Thành ủy", "noreply", "a@b", "Thành ủy <noreply>", "<a@b.vn"]) {
      expect(() => tenantWith(mailFrom(from)), from).toThrow(/config\.mail\.from/)
    }
  })

  it("checks the member's e-mail, Zalo id and channel", () => {
    const decoded = tenantWith().decodeFields("member", { email: "an@", zaloUserId: "abc", preferredChannel: "sms" })
    expect(decoded.ok ? [] : decoded.issues.map((issue) => issue.path.join("."))).toEqual([
      "extra.notify.email",
      "extra.notify.zaloUserId",
      "extra.notify.preferredChannel",
    ])
  })
})

describe("notify: e-mail over SMTP", () => {
  it("tells the member by e-mail, in Vietnamese, that the trip was approved, and keeps the delivery as sent", async () => {
    const tenant = tenantWith()
    const event = await tenant.deliver({
      id: "e1",
      type: "trip.approved",
      entityType: "trip",
      entityId: "t1",
      payload: { memberId: "m1" },
    })
    expect(mailbox).toHaveLength(1)
    expect(mailbox[0]?.to).toEqual(["an@example.vn"])
    expect(mailbox[0]?.subject).toBe("Đơn đi nước ngoài đã được duyệt")
    expect(mailbox[0]?.text).toContain(
      "Đồng chí Nguyễn Văn An: đơn đề nghị chuyến đi JP từ 01/07/2025 đến 10/07/2025 đã được cấp ủy có thẩm quyền đồng ý.",
    )
    expect(mailbox[0]?.text).not.toContain("approved")

    const answer = await tenant.request("GET", "/deliveries")
    expect(answer.status).toBe(200)
    expect((answer.body as { deliveries: Array<unknown> }).deliveries).toMatchObject([
      {
        eventId: event.id,
        notification: "trip_approved",
        tripId: "t1",
        recipient: { key: "member:m1", name: "Nguyễn Văn An" },
        channel: "email",
        address: "an@example.vn",
        status: "sent",
        attempts: 1,
        lastError: null,
      },
    ])
  })

  it("adds the English text after the Vietnamese when the tenant asks for both", async () => {
    await tenantWith({ language: "vi_en" }).deliver({ type: "trip.rejected", entityId: "t1" })
    expect(mailbox[0]?.subject).toBe("Đơn đi nước ngoài không được duyệt / Your trip abroad was not approved")
    expect(mailbox[0]?.text).toContain(
      "Nguyễn Văn An: your request for the trip to JP from 2025-07-01 to 2025-07-10 was not approved.",
    )
  })

  it("sends an event delivered twice only once", async () => {
    const tenant = tenantWith()
    await tenant.deliver({ id: "e1", type: "trip.approved", entityId: "t1" })
    await tenant.deliver({ id: "e1", type: "trip.approved", entityId: "t1", attempt: 2 })
    expect(mailbox).toHaveLength(1)
  })

  it("throws when the SMTP server refuses, records the failure, and sends on the platform's retry", async () => {
    const tenant = tenantWith()
    refusedRecipients.add("an@example.vn")
    await expect(tenant.deliver({ id: "e1", type: "trip.approved", entityId: "t1" })).rejects.toThrow(
      /1 of 1 deliveries failed/,
    )
    expect(tenant.storeContents()["delivery:e1:member:m1:email"]).toMatchObject({ status: "failed", attempts: 1 })
    expect((await tenant.runReport("deliveries", { status: "failed" })).map((row) => row.recipient)).toEqual([
      "Nguyễn Văn An",
    ])

    refusedRecipients.clear()
    await tenant.deliver({ id: "e1", type: "trip.approved", entityId: "t1", attempt: 2 })
    expect(mailbox).toHaveLength(1)
    expect(tenant.storeContents()["delivery:e1:member:m1:email"]).toMatchObject({
      status: "sent",
      attempts: 2,
      lastError: null,
    })
  })

  it("sends through no SMTP server the config does not allow", async () => {
    const tenant = tenantWith({ allowedHosts: ["smtp.example.vn"] })
    await expect(tenant.deliver({ id: "e1", type: "trip.approved", entityId: "t1" })).rejects.toThrow(/allowedHosts/)
    expect(mailbox).toEqual([])
  })
})

describe("notify: Zalo Official Account", () => {
  it("messages a member who prefers Zalo through the OA message API with the access token", async () => {
    const tenant = tenantWith()
    await tenant.deliver({ id: "e2", type: "trip.approved", entityId: "t2" })
    expect(mailbox).toEqual([])
    expect(zalo.calls).toHaveLength(1)
    expect(zalo.calls[0]).toMatchObject({
      accessToken: "oa-token",
      path: "/v3.0/oa/message/cs",
      body: { recipient: { user_id: "84901234567" } },
    })
    expect(zalo.calls[0]?.body.message.text).toContain(
      "Đồng chí Trần Thị Bình: đơn đề nghị chuyến đi KR, JP từ 01/08/2025",
    )
    expect(tenant.storeContents()["delivery:e2:member:m2:zalo"]).toMatchObject({ status: "sent", messageId: "zm-1" })
  })

  it("takes Zalo's refusal in a 200 answer as a failure, and retries only what failed", async () => {
    const tenant = tenantWith()
    zalo.mode = "refuse"
    // The cell's opinion is asked of both officers: two e-mails and one Zalo message.
    await expect(tenant.deliver({ id: "e3", type: "trip.submitted", entityId: "t1" })).rejects.toThrow(
      /Access token is invalid/,
    )
    expect(mailbox.map((mail) => mail.to[0]).sort()).toEqual(["chibo3@example.vn", "vanphong@example.vn"])
    expect(mailbox[0]?.subject).toBe("Cần ý kiến chi bộ về đơn đi nước ngoài")
    expect(tenant.storeContents()["delivery:e3:officer:1:zalo"]).toMatchObject({
      status: "failed",
      lastError: "zalo: HTTP 200, error -216: Access token is invalid",
    })

    zalo.mode = "ok"
    await tenant.deliver({ id: "e3", type: "trip.submitted", entityId: "t1", attempt: 2 })
    expect(mailbox).toHaveLength(2)
    expect(zalo.calls.map((call) => call.body.recipient.user_id)).toEqual(["84907654321", "84907654321"])
    const answer = await tenant.request("GET", "/deliveries", { query: { status: "sent" } })
    expect((answer.body as { deliveries: Array<unknown> }).deliveries).toHaveLength(3)
  })

  it("takes the message path from the config", async () => {
    const tenant = tenantWith({
      zalo: { apiBase: `${zaloBase}/`, accessToken: "t", messagePath: "/v3.0/oa/message/transaction" },
    })
    await tenant.deliver({ type: "trip.approved", entityId: "t2" })
    expect(zalo.calls[0]?.path).toBe("/v3.0/oa/message/transaction")
  })

  it("fails on a Zalo outage like any failed send", async () => {
    zalo.mode = "down"
    await expect(tenantWith().deliver({ type: "trip.approved", entityId: "t2" })).rejects.toThrow(/HTTP 502/)
  })
})

describe("notify: overdue and due-soon", () => {
  it("tells the member and the officers of an overdue return", async () => {
    await tenantWith().deliver({
      type: "trip.return_overdue",
      entityId: "t1",
      payload: { plannedReturn: "2025-07-10" },
    })
    expect(mailbox.map((mail) => mail.to[0]).sort()).toEqual([
      "an@example.vn",
      "chibo3@example.vn",
      "vanphong@example.vn",
    ])
    expect(mailbox[0]?.text).toContain("chưa ghi nhận về nước")
    expect(zalo.calls).toHaveLength(1)
  })

  it("tells an officer only of the members of the units they follow", async () => {
    const tenant = tenantWith({
      officers: [
        { name: "Chi bộ 1", email: "chibo1@example.vn", orgUnitIds: ["unit-1"] },
        { name: "Chi bộ 2", email: "chibo2@example.vn", orgUnitIds: ["unit-2"] },
      ],
    })
    await tenant.deliver({ type: "trip.submitted", entityId: "t1" })
    expect(mailbox.map((mail) => mail.to[0])).toEqual(["chibo1@example.vn"])
  })

  it("tells of an overdue report with its deadline", async () => {
    await tenantWith({ officers: [] }).deliver({
      type: "trip.report_overdue",
      entityId: "t1",
      payload: { reportDueOn: "2025-07-21" },
    })
    expect(mailbox).toHaveLength(1)
    expect(mailbox[0]?.subject).toBe("Quá hạn báo cáo sau chuyến đi")
    expect(mailbox[0]?.text).toContain("hạn nộp là 21/07/2025")
  })

  it("sends nothing to a member who gave no address, without failing the event", async () => {
    const tenant = tenantWith({ officers: [] })
    await tenant.deliver({ type: "trip.approved", entityId: "t3" })
    expect(mailbox).toEqual([])
    expect(tenant.logs.some((log) => log.message.includes("gave no e-mail or Zalo id"))).toBe(true)
  })

  it("reminds the member once, three days before the report is due, until it is filed", async () => {
    const tenant = tenantWith({}, { trips: [{ id: "t1", memberId: "m1", status: "returned" }] })
    await tenant.deliver({ type: "trip.returned", entityId: "t1", payload: { reportDueOn: "2025-07-21" } })
    tenant.clock.set("2025-07-17T02:00:00Z")
    await tenant.runJob("report-due-soon")
    expect(mailbox).toEqual([])

    tenant.clock.set("2025-07-18T02:00:00Z")
    await tenant.runJob("report-due-soon")
    await tenant.runJob("report-due-soon")
    expect(mailbox).toHaveLength(1)
    expect(mailbox[0]?.subject).toBe("Sắp đến hạn báo cáo sau chuyến đi")
    expect(mailbox[0]?.text).toContain(
      "hạn nộp báo cáo kết quả chuyến đi JP từ 01/07/2025 đến 10/07/2025 là 21/07/2025",
    )
  })

  it("sends no reminder for a report already filed", async () => {
    const tenant = tenantWith({}, { trips: [{ id: "t1", memberId: "m1", status: "returned" }] })
    await tenant.deliver({ type: "trip.returned", entityId: "t1", payload: { reportDueOn: "2025-07-21" } })
    await tenant.deliver({ type: "trip.report_submitted", entityId: "t1" })
    tenant.clock.set("2025-07-20T02:00:00Z")
    await tenant.runJob("report-due-soon")
    expect(mailbox).toEqual([])
  })
})

describe("notify: delivery status", () => {
  it("refuses a page size outside 1–200 with the field's path", async () => {
    const answer = await tenantWith().request("GET", "/deliveries", { query: { limit: "500" } })
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { details: { issues: [{ path: ["query", "limit"] }] } } },
    })
  })

  it("is for signed-in officers only", async () => {
    expect((await tenantWith().request("GET", "/deliveries", { user: null })).status).toBe(401)
  })
})
