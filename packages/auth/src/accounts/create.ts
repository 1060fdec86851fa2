import { randomBytes } from "node:crypto"
import { Database, DatabaseError, globalQuery, type PlatformRole } from "@abroad/db"
import { Effect } from "effect"
import { hashPassword } from "../passwords/hashing.ts"
import { passwordProblems } from "../passwords/policy.ts"
import type { TotpKeyring } from "../totp/totp.ts"
import { normaliseUsername } from "./account.ts"
import { InvalidDisplayName, InvalidUsername, UsernameTaken, WeakPassword } from "./errors.ts"

/** The database's own rule for usernames: `local@tenant-code`, lower-case ASCII. */
const USERNAME = /^[a-z0-9._-]+@[a-z0-9-]+$/

export interface NewTenantAccount {
  readonly tenantId: string
  /** `officer@ho-chi-minh`: the part after `@` is the tenant's code. */
  readonly username: string
  readonly displayName: string
  /** Absent: the account gets a password nobody knows, and the caller issues a reset token. */
  readonly password?: string
  /** A TOTP key to install at once (the demo seed gives its accounts a known one); sealed with the keyring. */
  readonly totpKey?: Uint8Array
}

export interface NewPlatformAccount {
  /** `operator@platform`: the part after `@` must not be a tenant's code. */
  readonly username: string
  readonly displayName: string
  readonly platformRole: PlatformRole
  readonly password: string
  readonly totpKey?: Uint8Array
}

export interface CreatedAccount {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly homeTenantId: string | null
  readonly platformRole: PlatformRole | null
}

export type CreateAccountError = InvalidUsername | InvalidDisplayName | UsernameTaken | WeakPassword | DatabaseError

const malformed = (username: string) =>
  new InvalidUsername({
    message: {
      vi: `Tên đăng nhập "${username}" không hợp lệ: dùng dạng ten@ma-don-vi, chỉ chữ thường không dấu, số và . _ -`,
      en: `The username "${username}" is not valid: use the form name@tenant-code, with lower-case ASCII letters, digits and . _ - only.`,
    },
  })

const wrongTenant = (username: string, tenantCode: string | undefined) =>
  new InvalidUsername({
    message:
      tenantCode === undefined
        ? {
            vi: `Tên đăng nhập "${username}" trùng mã của một đơn vị; tài khoản nền tảng cần phần sau @ khác.`,
            en: `The username "${username}" ends in a tenant's code; a platform account needs another suffix.`,
          }
        : {
            vi: `Tên đăng nhập của đơn vị này phải kết thúc bằng @${tenantCode}.`,
            en: `This tenant's usernames must end in @${tenantCode}.`,
          },
  })

interface Prepared {
  readonly username: string
  readonly suffix: string
  readonly displayName: string
  readonly passwordHash: string
  readonly totpKeySealed: string | null
}

/** Everything that needs no database: the names, the password policy, the hash, the sealed key. */
const prepare = (
  input: {
    readonly username: string
    readonly displayName: string
    readonly password?: string
    readonly totpKey?: Uint8Array
  },
  keyring: TotpKeyring | undefined,
): Effect.Effect<Prepared, InvalidUsername | InvalidDisplayName | WeakPassword> =>
  Effect.gen(function* () {
    const username = normaliseUsername(input.username)
    if (!USERNAME.test(username)) return yield* malformed(username)
    const displayName = input.displayName.normalize("NFC").trim()
    if (displayName === "") return yield* InvalidDisplayName.instance()
    if (input.password !== undefined) {
      const problems = passwordProblems(input.password, username)
      if (problems.length > 0) return yield* WeakPassword.of(problems)
    }
    if (input.totpKey !== undefined && keyring === undefined) {
      return yield* Effect.die(new Error("createAccount was given a TOTP key without the keyring to seal it"))
    }
    // An account without a password still gets a real hash — of a secret nobody keeps — so
    // signing in to it costs the same time as to any other and reveals nothing.
    const password = input.password ?? randomBytes(32).toString("base64")
    const passwordHash = yield* Effect.promise(() => hashPassword(password))
    const key = input.totpKey
    return {
      username,
      suffix: username.slice(username.indexOf("@") + 1),
      displayName,
      passwordHash,
      totpKeySealed: key === undefined || keyring === undefined ? null : keyring.seal(key),
    }
  })

const insertAccount = (
  prepared: Prepared,
  home:
    | { readonly homeTenantId: string; readonly platformRole: null }
    | { readonly homeTenantId: null; readonly platformRole: PlatformRole },
) =>
  globalQuery((db) =>
    db
      .insertInto("app_user")
      .values({
        username: prepared.username,
        display_name: prepared.displayName,
        home_tenant_id: home.homeTenantId,
        platform_role: home.platformRole,
        password_hash: prepared.passwordHash,
        totp_key_sealed: prepared.totpKeySealed,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  ).pipe(
    // Usernames are unique across the platform; the unique index decides, so two creations at once cannot both win.
    Effect.mapError((error) =>
      error instanceof DatabaseError && error.sqlState === "23505" ? UsernameTaken.instance(prepared.username) : error,
    ),
    Effect.map(
      ({ id }): CreatedAccount => ({
        id,
        username: prepared.username,
        displayName: prepared.displayName,
        ...home,
      }),
    ),
  )

/**
 * Creates an account of a tenant, with no grants yet. For the demo seed and the tenant's
 * administrators; the caller checks who may, grants roles and writes the audit entry.
 */
export const createAccount = (
  input: NewTenantAccount,
  keyring?: TotpKeyring,
): Effect.Effect<CreatedAccount, CreateAccountError, Database> =>
  Effect.gen(function* () {
    const prepared = yield* prepare(input, keyring)
    const database = yield* Database
    return yield* database.withGlobal(
      Effect.gen(function* () {
        const tenant = yield* globalQuery((db) =>
          db.selectFrom("tenant").select("code").where("id", "=", input.tenantId).executeTakeFirst(),
        )
        if (tenant === undefined) return yield* Effect.die(new Error(`createAccount: no tenant ${input.tenantId}`))
        // The suffix names the tenant: `admin@bng` created in another tenant would pass itself off as the Foreign Ministry's.
        if (prepared.suffix !== tenant.code) return yield* wrongTenant(prepared.username, tenant.code)
        return yield* insertAccount(prepared, { homeTenantId: input.tenantId, platformRole: null })
      }),
    )
  })

/** Creates a platform account (operator, national analyst): no tenant, a platform role, a password. */
export const createPlatformAccount = (
  input: NewPlatformAccount,
  keyring?: TotpKeyring,
): Effect.Effect<CreatedAccount, CreateAccountError, Database> =>
  Effect.gen(function* () {
    const prepared = yield* prepare(input, keyring)
    const database = yield* Database
    return yield* database.withGlobal(
      Effect.gen(function* () {
        const tenant = yield* globalQuery((db) =>
          db.selectFrom("tenant").select("id").where("code", "=", prepared.suffix).executeTakeFirst(),
        )
        if (tenant !== undefined) return yield* wrongTenant(prepared.username, undefined)
        return yield* insertAccount(prepared, { homeTenantId: null, platformRole: input.platformRole })
      }),
    )
  })
