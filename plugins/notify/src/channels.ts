import type { PluginContext } from "@abroad/plugin-sdk"
import type { NotifyConfig } from "./config.ts"

export type Channel = "email" | "zalo"

/** A channel's failure: the handler throws after recording it, so the platform retries. */
export class SendFailed extends Error {
  constructor(channel: Channel, reason: string) {
    super(`${channel}: ${reason}`)
    this.name = "SendFailed"
  }
}

/** Sends one e-mail through the tenant's SMTP server; answers the server's message id. */
export const sendEmail = async (
  ctx: PluginContext<NotifyConfig>,
  to: string,
  message: { subject: string; text: string },
): Promise<string> => {
  const mail = ctx.config.mail
  if (mail === undefined) throw new SendFailed("email", "no SMTP server configured")
  const { messageId } = await ctx.mail.send(
    {
      host: mail.host,
      port: mail.port,
      ...(mail.secure === undefined ? {} : { secure: mail.secure }),
      ...(mail.auth === undefined ? {} : { auth: mail.auth }),
    },
    { from: mail.from, to, subject: message.subject, text: message.text },
  )
  return messageId
}

/**
 * Sends one text message from the Official Account (Zalo OA API v3, `POST /v3.0/oa/message/cs`
 * with the `access_token` header). Zalo answers HTTP 200 with `error` ≠ 0 when it refuses, so the
 * body decides; answers Zalo's message id.
 */
export const sendZalo = async (
  ctx: PluginContext<NotifyConfig>,
  userId: string,
  message: { subject: string; text: string },
): Promise<string> => {
  const zalo = ctx.config.zalo
  if (zalo === undefined) throw new SendFailed("zalo", "no Zalo Official Account configured")
  const url = `${zalo.apiBase.replace(/\/$/, "")}${zalo.messagePath ?? "/v3.0/oa/message/cs"}`
  const response = await ctx.http.fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", access_token: zalo.accessToken },
    body: JSON.stringify({
      recipient: { user_id: userId },
      message: { text: `${message.subject}\n\n${message.text}` },
    }),
  })
  const body = (await response.json().catch(() => undefined)) as
    | { error?: number; message?: string; data?: { message_id?: string } }
    | undefined
  if (!response.ok || body?.error !== 0) {
    throw new SendFailed(
      "zalo",
      `HTTP ${response.status}, error ${body?.error ?? "?"}: ${body?.message ?? "no answer"}`,
    )
  }
  return body.data?.message_id ?? ""
}
