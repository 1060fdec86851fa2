import { hashPassword } from "@abroad/auth"
import type postgres from "postgres"

/** The bench accounts' password: a benchmark database is not a place for secrets. */
export const BENCH_PASSWORD = "bench-dang-vien-86"

/** A bench account: who a scenario signs in as. */
export interface BenchAccount {
  readonly username: string
  readonly displayName: string
  readonly tenant: string
  readonly role: "officer" | "admin" | "approver" | "oversight"
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

/** Writes the accounts and their grants (whole tenant) as the owner; an account already there is kept. */
export const createBenchAccounts = async (
  sql: postgres.Sql,
  accounts: ReadonlyArray<BenchAccount>,
): Promise<number> => {
  const passwordHash = await hashPassword(BENCH_PASSWORD)
  let created = 0
  for (const account of accounts) {
    await sql.begin(async (tx) => {
      const [tenant] = await tx<Array<{ id: string }>>`select id from tenant where code = ${account.tenant}`
      if (tenant === undefined) throw new Error(`no tenant ${account.tenant}`)
      const [user] = await tx<Array<{ id: string }>>`
        insert into app_user (username, display_name, home_tenant_id, password_hash)
        values (${account.username}, ${account.displayName}, ${tenant.id}, ${passwordHash})
        on conflict (username) do nothing returning id`
      if (user === undefined) return
      await tx`insert into role_grant (tenant_id, user_id, role) values (${tenant.id}, ${user.id}, ${account.role})`
      created++
    })
  }
  return created
}
