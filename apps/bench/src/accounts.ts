import { hashPassword, totpCodeAt, totpKeyring } from "@abroad/auth"
import type postgres from "postgres"

/** The bench accounts' password: a benchmark database is not a place for secrets. */
export const BENCH_PASSWORD = "bench-dang-vien-86"

/**
 * The server's secret in bench databases. A benchmark database holds generated people only, and
 * every run of the harness must open the TOTP keys the previous one sealed.
 */
export const BENCH_APP_SECRET = "62656e63682d6e6f742d612d7365637265742d62656e63682d6e6f742d612d73"

/**
 * The TOTP key of the bench accounts whose role requires a second factor (the oversight desk):
 * fixed, so that the harness can compute the code the server expects.
 */
const BENCH_TOTP_KEY = new Uint8Array(Buffer.from("bench-totp-key-86-qd", "utf8"))

/** A bench account: who a scenario signs in as. */
export type BenchAccount =
  | {
      readonly username: string
      readonly displayName: string
      /** A tenant role over the whole tenant. */
      readonly tenant: string
      readonly role: "officer" | "admin" | "approver" | "oversight"
    }
  | {
      readonly username: string
      readonly displayName: string
      /** A platform role: no home tenant. */
      readonly platformRole: "analyst"
    }

/**
 * Tài khoản đo tải: an organisation officer over the whole tenant in each of the largest tenants,
 * as the demo's `officer@…` accounts are. A scenario needing another role adds its account here.
 */
export const benchAccounts = (largestTenants: ReadonlyArray<string>): ReadonlyArray<BenchAccount> =>
  largestTenants.map((tenant) => ({
    username: `officer@${tenant}`,
    displayName: "Cán bộ tổ chức (đo tải)",
    tenant,
    role: "officer",
  }))

/** Đảng ủy Bộ Ngoại giao's desk, as the demo's `oversight@bng`: its role signs in with a second factor. */
export const OVERSIGHT_ACCOUNT: BenchAccount = {
  username: "oversight@bng",
  displayName: "Giám sát (đo tải)",
  tenant: "bng",
  role: "oversight",
}

/** Ban Tổ chức Trung ương's analyst, as the demo's `analyst@national`. */
export const ANALYST_ACCOUNT: BenchAccount = {
  username: "analyst@national",
  displayName: "Phân tích (đo tải)",
  platformRole: "analyst",
}

/** Every bench account of a data set whose largest tenants are these. */
export const allBenchAccounts = (largestTenants: ReadonlyArray<string>): ReadonlyArray<BenchAccount> => [
  ...benchAccounts(largestTenants),
  OVERSIGHT_ACCOUNT,
  ANALYST_ACCOUNT,
]

/** Whether the account's role makes it sign in with a TOTP code (SECOND_FACTOR_ROLES). */
export const needsSecondFactor = (account: BenchAccount): boolean =>
  "role" in account && (account.role === "oversight" || account.role === "admin" || account.role === "approver")

/** The TOTP code of the bench accounts' key at `now`, as an authenticator shows it. */
export const benchTotpCode = (now: Date): string => totpCodeAt(BENCH_TOTP_KEY, now)

/**
 * Writes the accounts and their grants (whole tenant) as the owner; an account already there is
 * kept. Accounts with a second factor get the bench key, sealed with the bench server's secret.
 */
export const createBenchAccounts = async (
  sql: postgres.Sql,
  accounts: ReadonlyArray<BenchAccount>,
): Promise<number> => {
  const existing = new Set(
    (
      await sql<Array<{ username: string }>>`
        select username from app_user where username in ${sql(accounts.map((account) => account.username))}`
    ).map((row) => row.username),
  )
  const missing = accounts.filter((account) => !existing.has(account.username))
  if (missing.length === 0) return 0
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  const keyring = totpKeyring(new Uint8Array(Buffer.from(BENCH_APP_SECRET, "hex")))
  let created = 0
  for (const account of missing) {
    const totp = needsSecondFactor(account) ? keyring.seal(BENCH_TOTP_KEY) : null
    await sql.begin(async (tx) => {
      if (!("tenant" in account)) {
        const [user] = await tx<Array<{ id: string }>>`
          insert into app_user (username, display_name, platform_role, password_hash)
          values (${account.username}, ${account.displayName}, ${account.platformRole}, ${passwordHash})
          on conflict (username) do nothing returning id`
        if (user !== undefined) created++
        return
      }
      const [tenant] = await tx<Array<{ id: string }>>`select id from tenant where code = ${account.tenant}`
      if (tenant === undefined) throw new Error(`no tenant ${account.tenant}`)
      const [user] = await tx<Array<{ id: string }>>`
        insert into app_user (username, display_name, home_tenant_id, password_hash, totp_key_sealed)
        values (${account.username}, ${account.displayName}, ${tenant.id}, ${passwordHash}, ${totp})
        on conflict (username) do nothing returning id`
      if (user === undefined) return
      await tx`insert into role_grant (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, ${account.role})`
      created++
    })
  }
  return created
}
