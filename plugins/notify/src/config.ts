import { configField, Schema } from "@abroad/plugin-sdk"

const Email = Schema.String.check(
  Schema.isPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, {
    message: "email.invalid: Địa chỉ thư điện tử, ví dụ name@example.vn. / An e-mail address (name@example.vn).",
  }),
)
/**
 * The sender of the plugin's e-mail: an address, alone or after a display name as mail headers
 * write it (`Thành ủy <thongbao@tinhuy.gov.vn>`).
 */
const MailFrom = Schema.String.check(
  Schema.isPattern(/^([^<>]*\S\s*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, {
    message:
      "email.sender: Địa chỉ thư điện tử, ví dụ thongbao@example.vn hoặc Thành ủy <thongbao@example.vn>. / An e-mail address (thongbao@example.vn or Thành ủy <thongbao@example.vn>).",
  }),
)
/** A Zalo user's id as the Official Account knows its followers: digits. */
const ZaloUserId = Schema.String.check(
  Schema.isPattern(/^\d{5,32}$/, {
    message: "zalo.user_id: Mã người dùng Zalo gồm 5–32 chữ số. / A Zalo user id: 5–32 digits.",
  }),
)

export const Config = Schema.Struct({
  /** Hosts the plugin may reach: the SMTP server's and the Zalo API's. */
  allowedHosts: configField(Schema.Array(Schema.String.check(Schema.isMinLength(1))), {
    label: { vi: "Máy chủ được phép kết nối", en: "Allowed hosts" },
    help: {
      vi: "Mỗi dòng một máy chủ (host hoặc host:port): máy chủ thư SMTP và máy chủ API Zalo.",
      en: "One host a line (host or host:port): the SMTP server's and the Zalo API's.",
    },
  }),
  mail: Schema.optionalKey(
    configField(
      Schema.Struct({
        host: configField(Schema.String.check(Schema.isMinLength(1)), {
          label: { vi: "Máy chủ thư (SMTP)", en: "Mail server (SMTP)" },
          help: { vi: "Ví dụ: smtp.tinhuy.gov.vn", en: "For example smtp.tinhuy.gov.vn" },
        }),
        port: configField(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 65535 })), {
          label: { vi: "Cổng", en: "Port" },
          help: { vi: "Thường là 587 (STARTTLS) hoặc 465 (TLS).", en: "Usually 587 (STARTTLS) or 465 (TLS)." },
        }),
        secure: Schema.optionalKey(
          configField(Schema.Boolean, {
            label: { vi: "Kết nối mã hóa TLS ngay từ đầu", en: "TLS from the start" },
            help: { vi: "Chọn “Có” với cổng 465.", en: "Choose “Yes” with port 465." },
          }),
        ),
        auth: Schema.optionalKey(
          configField(
            Schema.Struct({
              user: configField(Schema.String, { label: { vi: "Tên đăng nhập", en: "User name" } }),
              pass: configField(Schema.String, { label: { vi: "Mật khẩu", en: "Password" }, secret: true }),
            }),
            {
              label: { vi: "Đăng nhập máy chủ thư", en: "Mail server sign-in" },
              help: { vi: "Để trống nếu máy chủ không yêu cầu.", en: "Leave empty when the server needs none." },
            },
          ),
        ),
        from: configField(MailFrom, {
          label: { vi: "Địa chỉ gửi", en: "From address" },
          help: {
            vi: "Ví dụ: thongbao@tinhuy.gov.vn hoặc Thành ủy <thongbao@tinhuy.gov.vn>",
            en: "For example thongbao@tinhuy.gov.vn or Thành ủy <thongbao@tinhuy.gov.vn>",
          },
        }),
      }),
      { label: { vi: "Thư điện tử", en: "E-mail" } },
    ),
  ),
  zalo: Schema.optionalKey(
    configField(
      Schema.Struct({
        /** `https://openapi.zalo.me` in production. */
        apiBase: configField(
          Schema.String.check(
            Schema.isPattern(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, {
              message: "url.http: Địa chỉ http:// hoặc https://. / An http(s) URL.",
            }),
          ),
          {
            label: { vi: "Địa chỉ API Zalo", en: "Zalo API address" },
            help: { vi: "Thường là https://openapi.zalo.me", en: "Usually https://openapi.zalo.me" },
          },
        ),
        /** The Official Account's access token, sent in the `access_token` header. */
        accessToken: configField(Schema.String.check(Schema.isMinLength(1)), {
          label: { vi: "Mã truy cập (access token)", en: "Access token" },
          secret: true,
        }),
        /** Default `/v3.0/oa/message/cs` (the consultation message of OA API v3). */
        messagePath: Schema.optionalKey(
          configField(Schema.String.check(Schema.isPattern(/^\/[^\s]*$/)), {
            label: { vi: "Đường dẫn gửi tin", en: "Message path" },
            help: { vi: "Mặc định /v3.0/oa/message/cs", en: "/v3.0/oa/message/cs when empty" },
          }),
        ),
      }),
      { label: { vi: "Zalo (Official Account)", en: "Zalo (Official Account)" } },
    ),
  ),
  /** Officers told of requests waiting for the cell and of overdue returns and reports. */
  officers: configField(
    Schema.Array(
      Schema.Struct({
        name: configField(Schema.String.check(Schema.isMinLength(1)), { label: { vi: "Họ và tên", en: "Name" } }),
        email: Schema.optionalKey(configField(Email, { label: { vi: "Thư điện tử", en: "E-mail" } })),
        zaloUserId: Schema.optionalKey(
          configField(ZaloUserId, { label: { vi: "Mã người dùng Zalo", en: "Zalo user id" } }),
        ),
        /** Only about members of these units (a cell's secretary: the cell's id); absent means every member. */
        orgUnitIds: Schema.optionalKey(
          configField(Schema.Array(Schema.String.check(Schema.isMinLength(1))), {
            label: { vi: "Chỉ các đơn vị (mã)", en: "Only these units (ids)" },
            help: { vi: "Mỗi dòng một mã; để trống: mọi đảng viên.", en: "One id a line; empty: every member." },
          }),
        ),
      }),
    ),
    {
      label: { vi: "Cán bộ nhận thông báo", en: "Officers notified" },
      help: {
        vi: "Được báo khi có hồ sơ chờ chi bộ, khi đảng viên quá hạn về nước hoặc quá hạn báo cáo.",
        en: "Told of requests waiting for the cell and of overdue returns and reports.",
      },
    },
  ),
  /** `vi` (default) or `vi_en`: Vietnamese followed by English. */
  language: Schema.optionalKey(
    configField(Schema.Literals(["vi", "vi_en"]), {
      label: { vi: "Ngôn ngữ thông báo", en: "Message language" },
      help: { vi: "Mặc định: tiếng Việt.", en: "Vietnamese when not set." },
      options: {
        vi: { vi: "Tiếng Việt", en: "Vietnamese" },
        vi_en: { vi: "Tiếng Việt, kèm tiếng Anh", en: "Vietnamese, then English" },
      },
    }),
  ),
  /** How many days before the report deadline the member is reminded; default 3. */
  reportDueSoonDays: Schema.optionalKey(
    configField(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 30 })), {
      label: { vi: "Nhắc trước hạn báo cáo (ngày)", en: "Report reminder (days before)" },
      help: { vi: "Từ 1 đến 30; mặc định 3.", en: "1 to 30; 3 when empty." },
    }),
  ),
})
export type NotifyConfig = typeof Config.Type

export const MemberEmail = Email
export const MemberZaloUserId = ZaloUserId
