import { Schema } from "effect"
import { PASSWORD_PROBLEM_MESSAGES, type PasswordProblem } from "../passwords/policy.ts"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

const PasswordProblemSchema = Schema.Literals(["too_short", "too_long", "common", "contains_username"])

/** The new password breaks the policy; `problems` says which rules, the message says them in words. */
export class WeakPassword extends Schema.TaggedError<WeakPassword>()("WeakPassword", {
  code: Schema.tag("weak_password"),
  message: Message,
  problems: Schema.Array(PasswordProblemSchema),
}) {
  static readonly of = (problems: ReadonlyArray<PasswordProblem>) =>
    new WeakPassword({
      problems,
      message: {
        vi: problems.map((problem) => PASSWORD_PROBLEM_MESSAGES[problem].vi).join(" "),
        en: problems.map((problem) => PASSWORD_PROBLEM_MESSAGES[problem].en).join(" "),
      },
    })
}

/** The username is not of the form `local@tenant-code`, or names a tenant other than the account's. */
export class InvalidUsername extends Schema.TaggedError<InvalidUsername>()("InvalidUsername", {
  code: Schema.tag("invalid_username"),
  message: Message,
}) {}

/** The display name is blank. */
export class InvalidDisplayName extends Schema.TaggedError<InvalidDisplayName>()("InvalidDisplayName", {
  code: Schema.tag("invalid_display_name"),
  message: Message,
}) {
  static readonly instance = () =>
    new InvalidDisplayName({
      message: { vi: "Tên hiển thị không được để trống.", en: "The display name must not be blank." },
    })
}

/** Another account already has this username (usernames are unique across the platform). */
export class UsernameTaken extends Schema.TaggedError<UsernameTaken>()("UsernameTaken", {
  code: Schema.tag("username_taken"),
  message: Message,
}) {
  static readonly instance = (username: string) =>
    new UsernameTaken({
      message: {
        vi: `Tên đăng nhập ${username} đã được dùng cho một tài khoản khác.`,
        en: `The username ${username} is already taken by another account.`,
      },
    })
}
