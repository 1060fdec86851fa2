import { Schema } from "effect"

const Message = Schema.Struct({ vi: Schema.String, en: Schema.String })

/** The account is not one of this tenant's (or does not exist): the two are not told apart. */
export class AccountNotFound extends Schema.TaggedError<AccountNotFound>()("AccountNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new AccountNotFound({
      message: { vi: "Không tìm thấy tài khoản này.", en: "There is no such account." },
    })
}

/** The grant asked for cannot be given here: the reason says which rule. */
export class GrantRefused extends Schema.TaggedError<GrantRefused>()("GrantRefused", {
  message: Message,
  rule: Schema.String,
}) {}

/** The account already holds this role with this scope. */
export class GrantExists extends Schema.TaggedError<GrantExists>()("GrantExists", {
  message: Message,
}) {
  static readonly instance = () =>
    new GrantExists({
      message: {
        vi: "Tài khoản đã có vai trò này trong phạm vi này.",
        en: "The account already holds this role with this scope.",
      },
    })
}

/** There is no such grant in this tenant. */
export class GrantNotFound extends Schema.TaggedError<GrantNotFound>()("GrantNotFound", {
  message: Message,
}) {
  static readonly instance = () =>
    new GrantNotFound({ message: { vi: "Không tìm thấy phân quyền này.", en: "There is no such grant." } })
}
