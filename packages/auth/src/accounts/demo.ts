import { Database, type DatabaseError, globalQuery, type PlatformRole, type TenantRole, tenantQuery } from "@abroad/db"
import { decodeBase32IgnorePadding } from "@oslojs/encoding"
import { Effect } from "effect"
import { hashPassword } from "../passwords/hashing.ts"
import { passwordProblems } from "../passwords/policy.ts"
import type { TotpKeyring } from "../totp/totp.ts"

/**
 * Tài khoản mẫu: the accounts a newcomer (or a script) signs in with on a demo install.
 * Seeded only in demo mode. The defaults are printed in the README and at start; every
 * demo account shares the password and the TOTP secret, so one authenticator entry serves all.
 */
export const DEMO_PASSWORD_DEFAULT = "dang-vien-86-demo"
/** Base32, as authenticator apps take it; 20 bytes. */
export const DEMO_TOTP_SECRET_DEFAULT = "DEMODEMODEMODEMODEMODEMODEMODEMO"

/** The tenants with demo accounts, and the role words of their usernames. */
export const DEMO_ACCOUNT_TENANTS = ["ho-chi-minh", "quang-ninh", "ha-noi"] as const
const TENANT_ACCOUNTS: ReadonlyArray<{ readonly local: string; readonly role: TenantRole; readonly name: string }> = [
  { local: "admin", role: "admin", name: "Quản trị viên" },
  { local: "officer", role: "officer", name: "Cán bộ tổ chức" },
  { local: "approver", role: "approver", name: "Lãnh đạo phê duyệt" },
  { local: "cell", role: "cell_secretary", name: "Bí thư chi bộ" },
  { local: "member", role: "member", name: "Đảng viên" },
]
const OTHER_ACCOUNTS: ReadonlyArray<
  | { readonly username: string; readonly tenant: string; readonly role: TenantRole; readonly name: string }
  | { readonly username: string; readonly platformRole: PlatformRole; readonly name: string }
> = [
  { username: "oversight@bng", tenant: "bng", role: "oversight", name: "Giám sát — Đảng ủy Bộ Ngoại giao" },
  { username: "analyst@national", platformRole: "analyst", name: "Phân tích — Ban Tổ chức Trung ương" },
  { username: "operator@platform", platformRole: "operator", name: "Vận hành nền tảng" },
]

/** Every demo username, in the order the README and the start banner list them. */
export const demoUsernames = (): ReadonlyArray<string> => [
  ...DEMO_ACCOUNT_TENANTS.flatMap((tenant) => TENANT_ACCOUNTS.map((account) => `${account.local}@${tenant}`)),
  ...OTHER_ACCOUNTS.map((account) => account.username),
]

/** Checks the demo settings; a bad one is refused with a message naming the variable. */
export const demoCredentials = (env: {
  readonly DEMO_PASSWORD?: string | undefined
  readonly DEMO_TOTP_SECRET?: string | undefined
}): { readonly password: string; readonly totpKey: Uint8Array } | { readonly problem: string } => {
  const password = env.DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT
  const problems = [...new Set(demoUsernames().flatMap((username) => passwordProblems(password, username)))]
  if (problems.length > 0) {
    return { problem: `DEMO_PASSWORD: mật khẩu không đạt / the password is refused (${problems.join(", ")})` }
  }
  const secret = (env.DEMO_TOTP_SECRET || DEMO_TOTP_SECRET_DEFAULT).toUpperCase().replace(/\s+/g, "")
  let totpKey: Uint8Array
  try {
    totpKey = decodeBase32IgnorePadding(secret)
  } catch {
    return { problem: "DEMO_TOTP_SECRET: không phải base32 / not base32 (A–Z, 2–7)" }
  }
  if (totpKey.length < 10) {
    return { problem: "DEMO_TOTP_SECRET: quá ngắn, cần ít nhất 16 ký tự / too short: at least 16 characters" }
  }
  return { password, totpKey }
}

/**
 * Creates the demo accounts that do not exist yet, with their grants: the cell secretary
 * over the tenant's first cell, the member account tied to a member of that cell.
 * Idempotent: a second run adds nothing.
 */
export const seedDemoAccounts = (input: {
  readonly password: string
  readonly totpKey: Uint8Array
  readonly keyring: TotpKeyring
}): Effect.Effect<{ readonly created: number }, DatabaseError, Database> =>
  Effect.gen(function* () {
    const database = yield* Database
    const passwordHash = yield* Effect.promise(() => hashPassword(input.password))
    const sealed = () => input.keyring.seal(input.totpKey)
    let created = 0

    const tenantIds = yield* database.withGlobal(
      globalQuery((db) =>
        db
          .selectFrom("tenant")
          .select(["id", "code"])
          .where("code", "in", [...DEMO_ACCOUNT_TENANTS, "bng"])
          // A merged tenant's accounts moved to its successor: none are made for it again.
          .where("status", "=", "active")
          .execute(),
      ),
    )
    const tenantId = (code: string) => tenantIds.find((tenant) => tenant.code === code)?.id

    const createInTenant = (code: string, username: string, name: string, role: TenantRole) => {
      const id = tenantId(code)
      if (id === undefined) return Effect.void
      return database.withTenant(
        id,
        tenantQuery(async (db, tenant) => {
          const exists = await db
            .selectFrom("app_user")
            .select("id")
            .where("username", "=", username)
            .executeTakeFirst()
          if (exists !== undefined) return
          const cell =
            role === "cell_secretary" || role === "member"
              ? await db
                  .selectFrom("org_unit")
                  .select("id")
                  .where("kind", "=", "cell")
                  .orderBy("name")
                  .orderBy("id")
                  .executeTakeFirst()
              : undefined
          const member =
            role === "member" && cell !== undefined
              ? await db
                  .selectFrom("member")
                  .select("id")
                  .where("org_unit_id", "=", cell.id)
                  .orderBy("full_name")
                  .orderBy("id")
                  .executeTakeFirst()
              : undefined
          // Without the demo organisation there is no cell to head and no member to be.
          if ((role === "cell_secretary" && cell === undefined) || (role === "member" && member === undefined)) return
          const user = await db
            .insertInto("app_user")
            .values({
              username,
              display_name: name,
              home_tenant_id: tenant,
              password_hash: passwordHash,
              totp_key_sealed: sealed(),
            })
            .returning("id")
            .executeTakeFirstOrThrow()
          await db
            .insertInto("role_grant")
            .values({
              tenant_id: tenant,
              user_id: user.id,
              role,
              org_unit_id: role === "cell_secretary" ? (cell?.id ?? null) : null,
              member_id: role === "member" ? (member?.id ?? null) : null,
            })
            .execute()
          created++
        }),
      )
    }

    for (const code of DEMO_ACCOUNT_TENANTS) {
      for (const account of TENANT_ACCOUNTS) {
        yield* createInTenant(code, `${account.local}@${code}`, account.name, account.role)
      }
    }
    for (const account of OTHER_ACCOUNTS) {
      if ("tenant" in account) {
        yield* createInTenant(account.tenant, account.username, account.name, account.role)
        continue
      }
      yield* database.withGlobal(
        globalQuery(async (db) => {
          const inserted = await db
            .insertInto("app_user")
            .values({
              username: account.username,
              display_name: account.name,
              platform_role: account.platformRole,
              password_hash: passwordHash,
              totp_key_sealed: sealed(),
            })
            .onConflict((oc) => oc.column("username").doNothing())
            .returning("id")
            .executeTakeFirst()
          if (inserted !== undefined) created++
        }),
      )
    }
    return { created }
  })
