import { createTransport } from "nodemailer"
import type { MailMessage, MailTransport } from "../context.ts"
import { HostNotAllowed, hostAllowed } from "./hosts.ts"

export interface AllowedMailOptions {
  readonly allowedHosts: ReadonlyArray<string>
  readonly timeoutMs: number
}

/** Sends one message over SMTP for a plugin, only through a server its config allows. */
export const allowedMail =
  (options: AllowedMailOptions) =>
  async (transport: MailTransport, message: MailMessage): Promise<{ readonly messageId: string }> => {
    if (!hostAllowed(options.allowedHosts, transport.host, String(transport.port))) {
      throw new HostNotAllowed(`${transport.host}:${transport.port}`)
    }
    const sender = createTransport({
      host: transport.host,
      port: transport.port,
      secure: transport.secure ?? false,
      ...(transport.auth === undefined ? {} : { auth: { user: transport.auth.user, pass: transport.auth.pass } }),
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
      // A loopback test server has no certificate worth checking; a real one is checked.
      tls: { rejectUnauthorized: !["127.0.0.1", "localhost", "::1"].includes(transport.host) },
    })
    try {
      const info = await sender.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
      })
      return { messageId: String(info.messageId) }
    } finally {
      sender.close()
    }
  }
