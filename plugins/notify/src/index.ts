import { definePlugin, type PluginContext, type PluginEvent, Schema } from "@abroad/plugin-sdk"
import { Config, MemberEmail, MemberZaloUserId, type NotifyConfig } from "./config.ts"
import { type Delivery, memberRecipients, notify, officerRecipients, type Recipient } from "./deliveries.ts"
import type { NotificationKind } from "./templates.ts"

type Ctx = PluginContext<NotifyConfig>

/** A returned trip whose report the member is reminded of before its deadline. */
interface Reminder {
  readonly tripId: string
  readonly reportDueOn: string
}

const DAY_MS = 86_400_000

/** Sends `kind` about the event's trip to its member, its officers, or both. */
const onTripEvent =
  (kind: NotificationKind, to: { member: boolean; officers: boolean }) =>
  async (event: PluginEvent, ctx: Ctx): Promise<void> => {
    const trip = await ctx.data.trips.get(event.entityId)
    if (trip === undefined) {
      // Deleted since (a draft withdrawn and purged): nothing left to tell anyone about.
      ctx.log.warn(`event ${event.id}: trip ${event.entityId} not found; nothing sent`)
      return
    }
    const member = await ctx.data.members.get(trip.memberId)
    if (member === undefined) {
      ctx.log.warn(`event ${event.id}: member ${trip.memberId} not found; nothing sent`)
      return
    }
    const recipients: Array<Recipient> = []
    if (to.member) {
      const own = memberRecipients(member)
      if (own.length === 0) ctx.log.info(`member ${member.id} gave no e-mail or Zalo id; not notified of ${kind}`)
      recipients.push(...own)
    }
    if (to.officers) recipients.push(...officerRecipients(ctx.config, member))
    const reportDueOn = typeof event.payload.reportDueOn === "string" ? event.payload.reportDueOn : undefined
    await notify(
      ctx,
      event.id,
      trip.id,
      kind,
      {
        memberName: member.fullName,
        countries: trip.countries,
        plannedDeparture: trip.plannedDeparture,
        plannedReturn: trip.plannedReturn,
        ...(reportDueOn === undefined ? {} : { reportDueOn }),
      },
      recipients,
    )
  }

/**
 * The daily reminder: each returned trip whose report is due within `reportDueSoonDays` is
 * reminded once (the delivery key is the trip and its deadline, so a repeat run sends nothing new).
 */
const remindReportsDueSoon = async (ctx: Ctx): Promise<void> => {
  const today = ctx.clock.today()
  const ahead = ctx.config.reportDueSoonDays ?? 3
  const failures: Array<string> = []
  for (const { key, value } of await ctx.store.list<Reminder>("reminder:", 1000)) {
    const trip = await ctx.data.trips.get(value.tripId)
    if (trip === undefined || trip.status !== "returned" || value.reportDueOn < today) {
      await ctx.store.delete(key)
      continue
    }
    const from = new Date(Date.parse(`${value.reportDueOn}T00:00:00Z`) - ahead * DAY_MS).toISOString().slice(0, 10)
    if (today < from) continue
    const member = await ctx.data.members.get(trip.memberId)
    if (member === undefined) continue
    try {
      await notify(
        ctx,
        `reminder-${trip.id}-${value.reportDueOn}`,
        trip.id,
        "report_due_soon",
        {
          memberName: member.fullName,
          countries: trip.countries,
          plannedDeparture: trip.plannedDeparture,
          plannedReturn: trip.plannedReturn,
          reportDueOn: value.reportDueOn,
        },
        memberRecipients(member),
      )
      await ctx.store.delete(key)
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error))
    }
  }
  if (failures.length > 0) throw new Error(`report reminders failed: ${failures.join("; ")}`)
}

const deliveriesOf = async (ctx: Ctx, filter: Readonly<Record<string, string>>): Promise<ReadonlyArray<Delivery>> =>
  (await ctx.store.list<Delivery>("delivery:", 1000))
    .map(({ value }) => value)
    .filter((delivery) => filter.status === undefined || delivery.status === filter.status)
    .filter((delivery) => filter.tripId === undefined || delivery.tripId === filter.tripId)
    .sort((a, b) => b.lastAttemptAt.localeCompare(a.lastAttemptAt) || a.key.localeCompare(b.key))

/** Thông báo: e-mail and Zalo messages to members and officers as trips move. */
export default definePlugin({
  id: "notify",
  version: "1.0.0",
  name: { vi: "Thông báo qua thư điện tử và Zalo", en: "E-mail and Zalo notifications" },
  description: {
    vi: "Báo cho đảng viên và cán bộ khi đơn được duyệt, bị từ chối, cần ý kiến chi bộ, quá hạn về nước, quá hạn hoặc sắp đến hạn báo cáo; theo dõi trạng thái gửi.",
    en: "Tells members and officers when a trip is approved or rejected, needs the cell's opinion, is overdue, or its report is overdue or due soon; keeps each delivery's status.",
  },
  configSchema: Config,
  capabilities: ["members.read", "trips.read", "http.outbound", "mail.send", "store"],
  setup(register) {
    register.fields({
      member: [
        {
          name: "email",
          label: { vi: "Thư điện tử nhận thông báo", en: "E-mail for notifications" },
          schema: MemberEmail,
          required: false,
          widget: "email",
        },
        {
          name: "zaloUserId",
          label: { vi: "Mã người dùng Zalo (theo Official Account)", en: "Zalo user id (of the Official Account)" },
          help: {
            vi: "Có khi đảng viên quan tâm Official Account của cấp ủy",
            en: "Known once the member follows the committee's Official Account",
          },
          schema: MemberZaloUserId,
          required: false,
          widget: "text",
        },
        {
          name: "preferredChannel",
          label: { vi: "Kênh nhận thông báo", en: "Preferred channel" },
          schema: Schema.Literals(["email", "zalo"]),
          required: false,
          widget: "select",
          options: [
            { value: "email", label: { vi: "Thư điện tử", en: "E-mail" } },
            { value: "zalo", label: { vi: "Zalo", en: "Zalo" } },
          ],
        },
      ],
    })
    register.events({
      "trip.approved": onTripEvent("trip_approved", { member: true, officers: false }),
      "trip.rejected": onTripEvent("trip_rejected", { member: true, officers: false }),
      "trip.submitted": onTripEvent("cell_opinion_needed", { member: false, officers: true }),
      "trip.return_overdue": onTripEvent("return_overdue", { member: true, officers: true }),
      "trip.report_overdue": onTripEvent("report_overdue", { member: true, officers: true }),
      "trip.returned": async (event, ctx) => {
        const reportDueOn = event.payload.reportDueOn
        if (typeof reportDueOn !== "string") return
        await ctx.store.put(`reminder:${event.entityId}`, { tripId: event.entityId, reportDueOn } satisfies Reminder)
      },
      "trip.report_submitted": async (event, ctx) => {
        await ctx.store.delete(`reminder:${event.entityId}`)
      },
    })
    register.jobs([{ id: "report-due-soon", schedule: { dailyAt: "08:00" }, run: remindReportsDueSoon }])
    register.routes([
      {
        method: "get",
        path: "/deliveries",
        access: "session",
        summary: "Each notification sent or failed, newest first (query: status, tripId, limit ≤ 200)",
        handler: async (request, ctx) => {
          const limit = Number(request.query.limit ?? "50")
          if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
            return {
              status: 400,
              body: {
                error: {
                  code: "notify.limit_invalid",
                  message: { vi: "limit phải từ 1 đến 200.", en: "limit must be 1 to 200." },
                  details: { issues: [{ path: ["query", "limit"], message: "an integer from 1 to 200" }] },
                },
              },
            }
          }
          return { status: 200, body: { deliveries: (await deliveriesOf(ctx, request.query)).slice(0, limit) } }
        },
      },
    ])
    register.reports([
      {
        id: "deliveries",
        title: { vi: "Trạng thái gửi thông báo", en: "Notification deliveries" },
        columns: [
          { key: "lastAttemptAt", label: { vi: "Lần gửi cuối", en: "Last attempt" } },
          { key: "notification", label: { vi: "Thông báo", en: "Notification" } },
          { key: "recipient", label: { vi: "Người nhận", en: "Recipient" } },
          { key: "channel", label: { vi: "Kênh", en: "Channel" } },
          { key: "status", label: { vi: "Trạng thái", en: "Status" } },
          { key: "attempts", label: { vi: "Số lần gửi", en: "Attempts" } },
          { key: "lastError", label: { vi: "Lỗi", en: "Error" } },
        ],
        run: async (params, ctx) =>
          (await deliveriesOf(ctx, params)).map((delivery) => ({
            lastAttemptAt: delivery.lastAttemptAt,
            notification: delivery.notification,
            recipient: delivery.recipient.name,
            channel: delivery.channel,
            status: delivery.status,
            attempts: delivery.attempts,
            lastError: delivery.lastError,
          })),
      },
    ])
  },
})
