import { Database, globalQuery, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { Effect } from "effect"
import { sql } from "kysely"
import postgres from "postgres"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase, type SeededTenant, seedTenant } from "./fixtures.ts"

const tenantTables = (m: MigratedDatabase) =>
  m.owner((tx) =>
    tx.query<{ table: string }>(`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
       order by 1`),
  )

type RawQuery = (text: string, params?: ReadonlyArray<unknown>) => Promise<ReadonlyArray<Record<string, unknown>>>

/**
 * Runs raw SQL in a transaction as the app role, the way an attacker holding a request
 * connection would: on PostgreSQL through the request login itself, on PGlite (one
 * superuser connection) through `set local role`.
 */
const asAppRole = async <A>(m: MigratedDatabase, work: (q: RawQuery) => Promise<A>): Promise<A> => {
  if (m.appUrl === undefined) {
    return m.owner(async (tx) => {
      await tx.exec("set local role abroad_app")
      return work((text, params) => tx.query(text, params))
    })
  }
  const login = postgres(m.appUrl, { max: 1, onnotice: () => {} })
  try {
    return (await login.begin(async (tx) => {
      await tx.unsafe("set local role abroad_app")
      return work((text, params) => tx.unsafe(text, (params ?? []) as never[]))
    })) as A
  } finally {
    await login.end({ timeout: 1 })
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`tenant isolation on ${dialect}`, () => {
    let m: MigratedDatabase
    let a: SeededTenant
    let b: SeededTenant
    const run = <A, E>(effect: Effect.Effect<A, E, Database>) => m.runtime.runPromise(effect)
    const inTenant = <A, E, R>(tenantId: string, program: Effect.Effect<A, E, R>) =>
      run(Database.use((db) => db.withTenant(tenantId, program)) as Effect.Effect<A, E, Database>)

    beforeAll(async () => {
      m = await migratedDatabase(dialect)
      a = await seedTenant(m, "tinh-a", "01")
      b = await seedTenant(m, "tinh-b", "02")
    })
    afterAll(() => m?.close())

    it("shows every tenant table empty to the app role when no tenant is set", async () => {
      const tables = await tenantTables(m)
      expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(["member", "org_unit"]))
      for (const { table } of tables) {
        const rows = await run(
          Database.use((db) =>
            db.withGlobal(
              globalQuery((tx) => sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)),
            ),
          ),
        )
        expect(rows.rows[0]?.n, `${table} as the app role without a tenant`).toBe(0)
        // The owner sees that the rows are there: the emptiness is the policy's doing.
        const [owned] = await m.owner((tx) => tx.query<{ n: number }>(`select count(*)::int as n from ${table}`))
        expect(owned?.n, `${table} as the owner`).toBeGreaterThan(0)
      }
    })

    it("lets a tenant read its own rows and none of another's", async () => {
      const members = await inTenant(
        a.id,
        tenantQuery((tx) => tx.selectFrom("member").select(["id", "tenant_id"]).execute()),
      )
      expect(members).toEqual([{ id: a.memberId, tenant_id: a.id }])
      const byId = await inTenant(
        a.id,
        tenantQuery((tx) => tx.selectFrom("member").select("id").where("id", "=", b.memberId).execute()),
      )
      expect(byId).toEqual([])
    })

    it("refuses to insert a row into another tenant", async () => {
      const attempt = inTenant(
        a.id,
        tenantQuery((tx) =>
          tx
            .insertInto("member")
            .values({ tenant_id: b.id, org_unit_id: b.cellId, full_name: "Kẻ Xâm Nhập" })
            .execute(),
        ),
      )
      await expect(attempt).rejects.toMatchObject({ sqlState: "42501" })
      const [count] = await m.owner((tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from member where tenant_id = $1", [b.id]),
      )
      expect(count?.n).toBe(1)
    })

    it("cannot update or delete another tenant's rows, nor move its own rows there", async () => {
      const updated = await inTenant(
        a.id,
        tenantQuery((tx) =>
          tx.updateTable("member").set({ full_name: "Đã Bị Sửa" }).where("id", "=", b.memberId).executeTakeFirst(),
        ),
      )
      expect(Number(updated.numUpdatedRows)).toBe(0)
      const deleted = await inTenant(
        a.id,
        tenantQuery((tx) => tx.deleteFrom("member").where("id", "=", b.memberId).executeTakeFirst()),
      )
      expect(Number(deleted.numDeletedRows)).toBe(0)
      const moved = inTenant(
        a.id,
        tenantQuery((tx) => tx.updateTable("member").set({ tenant_id: b.id }).where("id", "=", a.memberId).execute()),
      )
      await expect(moved).rejects.toMatchObject({ sqlState: "42501" })
      const [row] = await m.owner((tx) =>
        tx.query<{ full_name: string }>("select full_name from member where id = $1", [b.memberId]),
      )
      expect(row?.full_name).toBe("Nguyễn Văn tinh-b")
    })

    it("rolls back everything a failing unit of work wrote", async () => {
      const failing = inTenant(
        a.id,
        Effect.gen(function* () {
          yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("member")
              .values({ tenant_id: tenantId, org_unit_id: a.cellId, full_name: "Tạm Thời" })
              .execute(),
          )
          return yield* Effect.fail("refused by a rule" as const)
        }),
      )
      await expect(failing).rejects.toBeDefined()
      const [count] = await m.owner((tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from member where full_name = 'Tạm Thời'"),
      )
      expect(count?.n).toBe(0)
    })

    it("keeps concurrent units of work of two tenants apart", async () => {
      const seen = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const tenant = i % 2 === 0 ? a : b
          return inTenant(
            tenant.id,
            tenantQuery((tx) => tx.selectFrom("member").select("tenant_id").execute()).pipe(
              Effect.map((rows) => ({ expected: tenant.id, got: rows.map((r) => r.tenant_id) })),
            ),
          )
        }),
      )
      for (const { expected, got } of seen) expect(got).toEqual([expected])
    })

    it("gives the app role no way around the wall in raw SQL", async () => {
      expect(await asAppRole(m, (q) => q("select * from member"))).toEqual([])
      // A tenant id set by hand admits that tenant only.
      const own = await asAppRole(m, async (q) => {
        await q("select set_config('app.tenant_id', $1, true)", [a.id])
        return q("select tenant_id from member")
      })
      expect(own.map((r) => r.tenant_id)).toEqual([a.id])
      await expect(asAppRole(m, (q) => q("alter table member disable row level security"))).rejects.toThrow(
        /owner|permission/i,
      )
      await expect(asAppRole(m, (q) => q("alter table member no force row level security"))).rejects.toThrow(
        /owner|permission/i,
      )
      await expect(asAppRole(m, (q) => q("drop policy tenant_isolation on member"))).rejects.toThrow(
        /owner|permission/i,
      )
      await expect(asAppRole(m, (q) => q("update tenant set name = 'x'"))).rejects.toThrow(/permission/i)
      await expect(asAppRole(m, (q) => q("delete from country"))).rejects.toThrow(/permission/i)
      await expect(asAppRole(m, (q) => q("create table stolen (id int)"))).rejects.toThrow(/permission/i)
      // The audit log is append-only, even for the tenant's own entries.
      const ownTenant = async (q: RawQuery) => {
        await q("select set_config('app.tenant_id', $1, true)", [a.id])
        return q
      }
      await expect(
        asAppRole(m, async (q) => (await ownTenant(q))("update audit_event set action = 'tenant.forged'")),
      ).rejects.toThrow(/permission/i)
      await expect(asAppRole(m, async (q) => (await ownTenant(q))("delete from audit_event"))).rejects.toThrow(
        /permission/i,
      )
      await expect(asAppRole(m, (q) => q("delete from platform_audit_event"))).rejects.toThrow(/permission/i)
      // Nor may it move a chain's head, which would break the next entry of another tenant.
      await expect(asAppRole(m, (q) => q("update audit_chain_head set seq = 0"))).rejects.toThrow(/permission/i)
    })

    it("shows a tenant's unit of work only that tenant's accounts, sessions and reset tokens", async () => {
      const inTenant = (tenantId: string, sql: string) =>
        asAppRole(m, async (q) => {
          await q("select set_config('app.tenant_id', $1, true)", [tenantId])
          return q(sql)
        })
      const usernames = (rows: ReadonlyArray<Record<string, unknown>>) => rows.map((row) => row.username).sort()
      expect(usernames(await inTenant(a.id, "select username from app_user"))).toEqual(["member@tinh-a"])
      expect(usernames(await inTenant(b.id, "select username from app_user"))).toEqual(["member@tinh-b"])
      expect(
        await inTenant(
          a.id,
          "update app_user set password_hash = 'stolen' where username = 'member@tinh-b' returning id",
        ),
      ).toEqual([])
      await expect(
        inTenant(
          a.id,
          "insert into app_user (username, display_name, platform_role, password_hash) values ('x@platform', 'X', 'operator', 'h')",
        ),
      ).rejects.toThrow(/row-level security/i)
    })

    it.skipIf(dialect === "pglite")("gives the request login no role to escape to", async () => {
      // PGlite is one superuser connection, where `set role` cannot be closed to SQL that runs
      // on it: it is the embedded database for one machine, not the production setup.
      await expect(asAppRole(m, (q) => q("set role abroad_owner"))).rejects.toThrow(/permission/i)
      await expect(asAppRole(m, (q) => q("set role postgres"))).rejects.toThrow(/permission/i)
      // Dropping the app role leaves the bare login, which may read nothing at all.
      await expect(asAppRole(m, (q) => q("reset role").then(() => q("select * from member")))).rejects.toThrow(
        /permission/i,
      )
    })
  })

  describe.skipIf(!(await dialectAvailable(dialect)))(`one pooled connection on ${dialect}`, () => {
    let m: MigratedDatabase
    let a: SeededTenant
    let b: SeededTenant
    beforeAll(async () => {
      m = await migratedDatabase(dialect, 1)
      a = await seedTenant(m, "tinh-c", "03")
      b = await seedTenant(m, "tinh-d", "04")
    })
    afterAll(() => m?.close())

    it("leaks no tenant and no role from one request into the next", async () => {
      const membersOf = (tenantId: string) =>
        m.runtime.runPromise(
          Database.use((db) =>
            db.withTenant(
              tenantId,
              tenantQuery((tx) => tx.selectFrom("member").select("tenant_id").execute()),
            ),
          ),
        )
      expect((await membersOf(a.id)).map((r) => r.tenant_id)).toEqual([a.id])
      expect((await membersOf(b.id)).map((r) => r.tenant_id)).toEqual([b.id])
      const after = await m.runtime.runPromise(
        Database.use((db) =>
          db.withGlobal(
            globalQuery((tx) =>
              sql<{ tenant: string | null; n: number }>`
                select nullif(current_setting('app.tenant_id', true), '') as tenant,
                       (select count(*)::int from member) as n`.execute(tx),
            ),
          ),
        ),
      )
      expect(after.rows[0]).toEqual({ tenant: null, n: 0 })
      // Outside any unit of work the connection is back to its own user, not the app role.
      const [who] = await m.owner((tx) =>
        tx.query<{ user: string; setting: string | null }>(
          "select current_user as user, nullif(current_setting('app.tenant_id', true), '') as setting",
        ),
      )
      expect(who?.user).not.toBe("abroad_app")
      expect(who?.setting).toBeNull()
    })
  })
}
