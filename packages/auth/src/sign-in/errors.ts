import { Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/**
 * The username, the password or the code is wrong — deliberately not saying which, nor
 * whether the account exists. `slowDownMs` is how long the HTTP layer holds the answer:
 * the service decides, the caller waits, so no test ever sleeps.
 */
export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("InvalidCredentials", {
  code: Schema.tag("invalid_credentials"),
  message: Message,
  slowDownMs: Schema.Number,
}) {
  static readonly of = (slowDownMs: number) =>
    new InvalidCredentials({
      slowDownMs,
      message: {
        vi: "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.",
        en: "The username, password or verification code is not correct.",
      },
    })
}

// The office clock the users read: Vietnam has one time zone and no daylight saving.
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000

/** `HH:MM` in Vietnam, rounded up to the minute so that "after 09:16" is never too early. */
const clockTime = (instant: Date): string => {
  const local = new Date(Math.ceil(instant.getTime() / 60_000) * 60_000 + VIETNAM_OFFSET_MS)
  return `${String(local.getUTCHours()).padStart(2, "0")}:${String(local.getUTCMinutes()).padStart(2, "0")}`
}

/**
 * Sign-in refused whatever the credentials: too many failures on the account or from the
 * address, until `until`; or the account is disabled (`until` null: until an administrator
 * enables it again — said only to whoever gave the account's right credentials).
 */
export class AccountLocked extends Schema.TaggedError<AccountLocked>()("AccountLocked", {
  code: Schema.tag("account_locked"),
  message: Message,
  until: Schema.NullOr(Schema.Date),
}) {
  static readonly until = (until: Date) =>
    new AccountLocked({
      until,
      message: {
        vi: `Tài khoản tạm khóa do đăng nhập sai nhiều lần, thử lại sau ${clockTime(until)} hoặc nhờ quản trị viên mở khóa.`,
        en: `The account is locked for a while after too many failed sign-ins. Try again after ${clockTime(until)} (Vietnam time) or ask an administrator to unlock it.`,
      },
    })

  /** Too many failures from the client's network address, whichever accounts they were on. */
  static readonly address = (until: Date) =>
    new AccountLocked({
      until,
      message: {
        vi: `Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này, thử lại sau ${clockTime(until)}.`,
        en: `Too many failed sign-ins from this network address. Try again after ${clockTime(until)} (Vietnam time).`,
      },
    })

  static readonly disabled = () =>
    new AccountLocked({
      until: null,
      message: {
        vi: "Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên của đơn vị.",
        en: "The account is disabled. Contact your organisation's administrator.",
      },
    })
}

/** The password was right and the account has a TOTP key: ask for the code (the client shows its field). */
export class TotpRequired extends Schema.TaggedError<TotpRequired>()("TotpRequired", {
  code: Schema.tag("totp_required"),
  message: Message,
}) {
  static readonly instance = () =>
    new TotpRequired({
      message: {
        vi: "Nhập mã 6 số trong ứng dụng xác thực để hoàn tất đăng nhập.",
        en: "Enter the 6-digit code from your authenticator app to finish signing in.",
      },
    })
}
