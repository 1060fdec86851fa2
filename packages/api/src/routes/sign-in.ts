import {
  changePassword,
  completePasswordReset,
  confirmTotpEnrolment,
  InvalidCredentials,
  signIn,
  startTotpEnrolment,
  TotpSealing,
} from "@abroad/auth"
import { Duration, Effect, Schema } from "effect"
import { actorOf } from "../auth/context.ts"
import { defineRoute } from "./route.ts"
import { Instant, Uuid } from "./schemas.ts"

/** Đăng nhập: signing in, the second factor, and one's own password. */

const SignedIn = Schema.Struct({
  user: Schema.Struct({
    id: Uuid,
    username: Schema.String,
    displayName: Schema.String,
    platformRole: Schema.NullOr(Schema.Literals(["operator", "analyst"])),
  }),
  expiresAt: Instant,
  totpEnrolmentRequired: Schema.Boolean.annotate({
    description: "The account's roles need a second factor it lacks: enrol it before anything else",
  }),
}).annotate({ identifier: "SignedIn" })

const Password = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1024))
const TotpCode = Schema.String.check(Schema.isPattern(/^\d{6}$/)).annotate({ description: "Six digits" })

export const loginRoute = defineRoute({
  method: "post",
  path: "/api/auth/login",
  operationId: "login",
  summary: "Đăng nhập — sign in",
  description:
    "Sets the session cookie (HttpOnly, SameSite=Lax, Secure over TLS) and returns the token's expiry. " +
    "An account with a second factor needs `totp`; without it the answer is 401 `totp_required`. " +
    "Repeated failures slow the answers, then lock the account or the address for a while (429).",
  tags: ["auth"],
  access: { kind: "public" },
  body: Schema.Struct({
    username: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(200)),
    password: Password,
    totp: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(16))),
  }),
  success: { status: 200, description: "Signed in", schema: SignedIn },
  errors: [401, 429, 503],
  handler: ({ body, context }) =>
    TotpSealing.use((keyring) =>
      signIn({ ...body, ip: context.ip, now: new Date() }, keyring).pipe(
        // The slow-down is served here, after the attempt was counted: a guesser waits, the database does not.
        Effect.tapError((error) =>
          error instanceof InvalidCredentials && error.slowDownMs > 0
            ? Effect.sleep(Duration.millis(error.slowDownMs))
            : Effect.void,
        ),
        Effect.map((signedIn) => {
          context.setSession(signedIn.token, signedIn.session.absoluteExpiresAt)
          return {
            user: {
              id: signedIn.user.id,
              username: signedIn.user.username,
              displayName: signedIn.user.displayName,
              platformRole: signedIn.user.platformRole,
            },
            expiresAt: signedIn.session.expiresAt,
            totpEnrolmentRequired: signedIn.totpEnrolmentRequired,
          }
        }),
      ),
    ),
})

export const startTotpEnrolmentRoute = defineRoute({
  method: "post",
  path: "/api/auth/totp/enrolment",
  operationId: "startTotpEnrolment",
  summary: "Đăng ký xác thực hai lớp — start enrolling a TOTP authenticator",
  description:
    "Returns an `otpauth://` URI (show it as a QR code) and the base32 secret for typing in. The key " +
    "takes effect once confirmed with a code. Replacing an enrolled authenticator needs `currentPassword`.",
  tags: ["auth"],
  access: { kind: "session", enrolment: true },
  body: Schema.Struct({ currentPassword: Schema.optionalKey(Password) }),
  success: {
    status: 200,
    description: "The key to enrol",
    schema: Schema.Struct({ uri: Schema.String, secret: Schema.String }),
  },
  errors: [401, 503],
  handler: ({ body, context }) =>
    TotpSealing.use((keyring) => startTotpEnrolment(actorOf(context).userId, keyring, body.currentPassword)),
})

export const confirmTotpEnrolmentRoute = defineRoute({
  method: "post",
  path: "/api/auth/totp/confirm",
  operationId: "confirmTotpEnrolment",
  summary: "Xác nhận mã TOTP — confirm the authenticator with a code",
  description: "Every session of the account ends; a new one is set, with full access.",
  tags: ["auth"],
  access: { kind: "session", enrolment: true },
  body: Schema.Struct({ code: TotpCode }),
  success: { status: 200, description: "Enrolled", schema: Schema.Struct({ expiresAt: Instant }) },
  errors: [503],
  handler: ({ body, context }) =>
    TotpSealing.use((keyring) =>
      confirmTotpEnrolment(actorOf(context).userId, body.code, new Date(), keyring, context.ip),
    ).pipe(
      Effect.map(({ token, session }) => {
        context.setSession(token, session.absoluteExpiresAt)
        return { expiresAt: session.expiresAt }
      }),
    ),
})

export const changePasswordRoute = defineRoute({
  method: "post",
  path: "/api/auth/password",
  operationId: "changePassword",
  summary: "Đổi mật khẩu — change one's password",
  description: "At least 12 characters, not a common password. Every other session of the account ends.",
  tags: ["auth"],
  access: { kind: "session", enrolment: true },
  body: Schema.Struct({ currentPassword: Password, newPassword: Password }),
  success: { status: 200, description: "Changed", schema: Schema.Struct({ expiresAt: Instant }) },
  errors: [422, 429, 503],
  handler: ({ body, context }) =>
    changePassword(actorOf(context).userId, body.currentPassword, body.newPassword, new Date(), context.ip).pipe(
      Effect.map(({ token, session }) => {
        context.setSession(token, session.absoluteExpiresAt)
        return { expiresAt: session.expiresAt }
      }),
    ),
})

export const completePasswordResetRoute = defineRoute({
  method: "post",
  path: "/api/auth/password-reset",
  operationId: "completePasswordReset",
  summary: "Đặt lại mật khẩu bằng mã — set a new password with a reset token",
  description:
    "The one-time token a tenant administrator handed over (valid 24 hours). Every session of the " +
    "account ends; sign in afterwards.",
  tags: ["auth"],
  access: { kind: "public" },
  body: Schema.Struct({ token: Schema.String.check(Schema.isMaxLength(200)), newPassword: Password }),
  success: { status: 200, description: "Password set", schema: Schema.Struct({ username: Schema.String }) },
  errors: [422, 503],
  handler: ({ body, context }) =>
    completePasswordReset(body.token, body.newPassword, new Date(), context.ip).pipe(
      Effect.map(({ username }) => ({ username })),
    ),
})

export const signInRoutes = [
  loginRoute,
  startTotpEnrolmentRoute,
  confirmTotpEnrolmentRoute,
  changePasswordRoute,
  completePasswordResetRoute,
]
