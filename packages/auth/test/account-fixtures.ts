import { randomBytes } from "node:crypto"
import { findTenantByCode } from "@abroad/core"
import {
  Database,
  type GlobalTx,
  globalQuery,
  type TenantRole,
  type TenantTx,
  tenantQuery,
  type UnitOfWork,
} from "@abroad/db"
import { Effect } from "effect"
import { listAuditEvents, totpKeyring } from "../src/index.ts"
import type { AuthTestDatabase } from "./fixtures.ts"

/** A passphrase the policy accepts and that contains none of the test usernames. */
export const PASSWORD = "đi công tác Nhật Bản tháng mười"
export const NEW_PASSWORD = "về nước đúng hẹn, nộp báo cáo đầy đủ"

/** 08:00 in Vietnam. */
export const START = new Date("2026-11-23T01:00:00Z")
export const after = (ms: number, from: Date = START) => new Date(from.getTime() + ms)

export const testKeyring = () => totpKeyring(new Uint8Array(randomBytes(32)))

/** Runs programs against a test database, and reads what the services left behind. */
export const harness = (t: () => AuthTestDatabase) => {
  const run = <A, E>(program: Effect.Effect<A, E, Database>) => t().runtime.runPromise(program)
  const global = <A, E>(program: Effect.Effect<A, E, GlobalTx | UnitOfWork>) =>
    run(Database.use((database) => database.withGlobal(program)))
  const inTenant = <A, E>(tenantId: string, program: Effect.Effect<A, E, TenantTx>) =>
    run(Database.use((database) => database.withTenant(tenantId, program)))
  return {
    run,
    global,
    inTenant,
    /** The error a program fails with; a program that succeeds fails the test. */
    failure: <A, E>(program: Effect.Effect<A, E, Database>) => run(Effect.flip(program)),
    tenantId: async (code: string) => (await global(findTenantByCode(code))).id,
    grant: (tenantId: string, userId: string, role: TenantRole) =>
      inTenant(
        tenantId,
        tenantQuery((db, tenant) =>
          db.insertInto("role_grant").values({ tenant_id: tenant, user_id: userId, role }).execute(),
        ),
      ),
    /** The tenant's audit entries about one account, oldest first. */
    tenantAudit: async (tenantId: string, accountId: string) =>
      (await inTenant(tenantId, listAuditEvents({ entityId: accountId, limit: 200 }))).entries.toReversed(),
    /** The platform chain's entries, oldest first. */
    platformAudit: () =>
      global(globalQuery((db) => db.selectFrom("platform_audit_event").selectAll().orderBy("seq").execute())),
    accountRow: (userId: string) =>
      global(
        globalQuery((db) => db.selectFrom("app_user").selectAll().where("id", "=", userId).executeTakeFirstOrThrow()),
      ),
  }
}
