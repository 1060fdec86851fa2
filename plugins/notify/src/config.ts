import { configField, Schema } from "@abroad/plugin-sdk"

const Email = Schema.String.check(
  Schema.isPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "an e-mail address (name@example.vn)" }),
)
/** A Zalo user's id as the Official Account knows its followers: digits. */
const ZaloUserId = Schema.String.check(Schema.isPattern(/^\d{5,32}$/, { message: "a Zalo user id (digits)" }))

export const Config = Schema.Struct({
  /** Hosts the plugin may reach: the SMTP server's and the Zalo API's. */
  allowedHosts: Schema.Array(Schema.String.check(Schema.isMinLength(1))),
  mail: Schema.optionalKey(
    Schema.Struct({
      host: Schema.String.check(Schema.isMinLength(1)),
      port: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 65535 })),
      secure: Schema.optionalKey(Schema.Boolean),
      auth: Schema.optionalKey(
        Schema.Struct({
          user: Schema.String,
          pass: configField(Schema.String, { label: { vi: "Mật khẩu", en: "Password" }, secret: true }),
        }),
      ),
      from: Schema.String.check(Schema.isMinLength(3)),
    }),
  ),
  zalo: Schema.optionalKey(
    Schema.Struct({
      /** `https://openapi.zalo.me` in production. */
      apiBase: Schema.String.check(Schema.isPattern(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: "an http(s) URL" })),
      /** The Official Account's access token, sent in the `access_token` header. */
      accessToken: configField(Schema.String.check(Schema.isMinLength(1)), {
        label: { vi: "Mã truy cập (access token)", en: "Access token" },
        secret: true,
      }),
      /** Default `/v3.0/oa/message/cs` (the consultation message of OA API v3). */
      messagePath: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^\/[^\s]*$/))),
    }),
  ),
  /** Officers told of requests waiting for the cell and of overdue returns and reports. */
  officers: Schema.Array(
    Schema.Struct({
      name: Schema.String.check(Schema.isMinLength(1)),
      email: Schema.optionalKey(Email),
      zaloUserId: Schema.optionalKey(ZaloUserId),
      /** Only about members of these units (a cell's secretary: the cell's id); absent means every member. */
      orgUnitIds: Schema.optionalKey(Schema.Array(Schema.String.check(Schema.isMinLength(1)))),
    }),
  ),
  /** `vi` (default) or `vi_en`: Vietnamese followed by English. */
  language: Schema.optionalKey(Schema.Literals(["vi", "vi_en"])),
  /** How many days before the report deadline the member is reminded; default 3. */
  reportDueSoonDays: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 30 }))),
})
export type NotifyConfig = typeof Config.Type

export const MemberEmail = Email
export const MemberZaloUserId = ZaloUserId
