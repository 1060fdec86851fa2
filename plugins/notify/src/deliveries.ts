import type { PluginContext, PluginMember } from "@abroad/plugin-sdk"
import { type Channel, sendEmail, sendZalo } from "./channels.ts"
import type { NotifyConfig } from "./config.ts"
import { type MessageFacts, messageFor, type NotificationKind, render } from "./templates.ts"

type Ctx = PluginContext<NotifyConfig>

/** Who receives a notification, on which channel, at which address. */
export interface Recipient {
  /** `member:<id>` or `officer:<n>`: the part of the delivery's key that names the person. */
  readonly key: string
  readonly name: string
  readonly channel: Channel
  readonly address: string
}

/** Trạng thái gửi: one message to one person on one channel, kept under `delivery:<eventId>:<recipient>:<channel>`. */
export interface Delivery {
  readonly key: string
  readonly eventId: string
  readonly notification: NotificationKind
  readonly tripId: string
  readonly recipient: { readonly key: string; readonly name: string }
  readonly channel: Channel
  readonly address: string
  readonly status: "sent" | "failed"
  readonly attempts: number
  readonly messageId: string | null
  readonly lastError: string | null
  readonly firstAttemptAt: string
  readonly lastAttemptAt: string
}

/** The channel a member chose, else whichever address they gave; none when they gave none. */
export const memberRecipients = (member: PluginMember): ReadonlyArray<Recipient> => {
  const email = typeof member.fields.email === "string" ? member.fields.email : undefined
  const zalo = typeof member.fields.zaloUserId === "string" ? member.fields.zaloUserId : undefined
  const key = `member:${member.id}`
  const byEmail: Recipient | undefined = email
    ? { key, name: member.fullName, channel: "email", address: email }
    : undefined
  const byZalo: Recipient | undefined = zalo
    ? { key, name: member.fullName, channel: "zalo", address: zalo }
    : undefined
  const chosen = member.fields.preferredChannel === "zalo" ? (byZalo ?? byEmail) : (byEmail ?? byZalo)
  return chosen ? [chosen] : []
}

/** Every officer who follows the member's unit, on every channel they have an address for. */
export const officerRecipients = (config: NotifyConfig, member: PluginMember): ReadonlyArray<Recipient> =>
  config.officers.flatMap((officer, index) => {
    if (officer.orgUnitIds !== undefined && !officer.orgUnitIds.includes(member.orgUnitId)) return []
    const key = `officer:${index}`
    return [
      ...(officer.email ? [{ key, name: officer.name, channel: "email" as const, address: officer.email }] : []),
      ...(officer.zaloUserId
        ? [{ key, name: officer.name, channel: "zalo" as const, address: officer.zaloUserId }]
        : []),
    ]
  })

/**
 * Sends one notification to each recipient, at least once and at most once per (event, person,
 * channel): a delivery already sent is not sent again when the platform repeats the event. Each
 * attempt is recorded; if any failed, this throws after trying all, so the platform retries the
 * event and only the failed ones go out again.
 */
export const notify = async (
  ctx: Ctx,
  eventId: string,
  tripId: string,
  kind: NotificationKind,
  facts: MessageFacts,
  recipients: ReadonlyArray<Recipient>,
): Promise<void> => {
  const message = render(messageFor(kind, facts), ctx.config.language ?? "vi")
  const failures: Array<string> = []
  for (const recipient of recipients) {
    const key = `delivery:${eventId}:${recipient.key}:${recipient.channel}`
    const before = await ctx.store.get<Delivery>(key)
    if (before?.status === "sent") continue
    const at = ctx.clock.now().toISOString()
    let messageId: string | null = null
    let lastError: string | null = null
    try {
      messageId =
        recipient.channel === "email"
          ? await sendEmail(ctx, recipient.address, message)
          : await sendZalo(ctx, recipient.address, message)
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
      failures.push(`${recipient.key} ${recipient.channel}: ${lastError}`)
    }
    const delivery: Delivery = {
      key,
      eventId,
      notification: kind,
      tripId,
      recipient: { key: recipient.key, name: recipient.name },
      channel: recipient.channel,
      address: recipient.address,
      status: lastError === null ? "sent" : "failed",
      attempts: (before?.attempts ?? 0) + 1,
      messageId,
      lastError,
      firstAttemptAt: before?.firstAttemptAt ?? at,
      lastAttemptAt: at,
    }
    await ctx.store.put(key, delivery)
  }
  if (failures.length > 0) {
    // Thrown after trying everyone: the platform retries the event, and only these go out again.
    throw new Error(`${failures.length} of ${recipients.length} deliveries failed: ${failures.join("; ")}`)
  }
}
