import { DatabaseError, type OwnerTransaction } from "@abroad/db"
import { DIALECTS, dialectAvailable, tenantTableViolations } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase } from "./fixtures.ts"

class Rollback {
  readonly result: unknown
  constructor(result: unknown) {
    this.result = result
  }
}

/** Runs `work` in an owner transaction that is always rolled back, so scratch DDL leaves no trace. */
const inScratch = <A>(m: MigratedDatabase, work: (tx: OwnerTransaction) => Promise<A>): Promise<A> =>
  m
    .owner(async (tx) => {
      throw new Rollback(await work(tx))
    })
    .catch((error: unknown) => {
      if (error instanceof DatabaseError && error.cause instanceof Rollback) return error.cause.result as A
      throw error
    })

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`the schema on ${dialect}`, () => {
    let m: MigratedDatabase
    beforeAll(async () => {
      m = await migratedDatabase(dialect)
    })
    afterAll(() => m?.close())

    it("puts every tenant table behind forced row-level security with tenant-led keys", async () => {
      expect(await m.owner(tenantTableViolations)).toEqual([])
    })

    it("notices a tenant table that is not walled off", async () => {
      const problems = await inScratch(m, async (tx) => {
        await tx.exec(`
          create table leaky (tenant_id uuid not null, id uuid not null, code text, primary key (id));
          create unique index leaky_code on leaky (code);
          create table half_walled (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id));
          alter table half_walled enable row level security;
          create policy anything on half_walled using (true);
          create table crossing (tenant_id uuid not null, id uuid not null, member_id uuid,
            primary key (tenant_id, id));
          create unique index crossing_member on crossing (member_id, tenant_id);
          alter table crossing add constraint crossing_any_member foreign key (member_id, id)
            references member (id, tenant_id) on delete cascade deferrable initially deferred;`)
        return tenantTableViolations(tx)
      })
      expect(problems).toEqual(
        expect.arrayContaining([
          "leaky: row-level security is not enabled",
          "leaky: row-level security is not forced (the owner would bypass it)",
          "leaky: no row-level security policy",
          "leaky: primary key is not led by tenant_id",
          "leaky: unique index leaky_code omits tenant_id",
          "half_walled: row-level security is not forced (the owner would bypass it)",
          "half_walled: no policy compares tenant_id with the current tenant",
        ]),
      )
      expect(problems.some((p) => p.startsWith("crossing: unique index"))).toBe(false)
    })

    it("owns every table by the owner role, not by whoever ran the migrations", async () => {
      const tables = await m.owner((tx) =>
        tx.query<{ table: string; owner: string }>(`
          select c.relname as table, pg_get_userbyid(c.relowner) as owner
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'schema_migration'`),
      )
      expect(tables.length).toBeGreaterThan(0)
      for (const t of tables) expect(t, t.table).toEqual({ table: t.table, owner: "abroad_owner" })
    })

    it("creates the request roles without the rights to bypass the wall", async () => {
      const roles = await m.owner((tx) =>
        tx.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(`
          select rolname, rolsuper, rolbypassrls, rolcanlogin from pg_roles
           where rolname in ('abroad_owner', 'abroad_app', 'abroad_oversight', 'abroad_analyst') order by rolname`),
      )
      expect(roles).toEqual([
        { rolname: "abroad_analyst", rolsuper: false, rolbypassrls: false, rolcanlogin: false },
        { rolname: "abroad_app", rolsuper: false, rolbypassrls: false, rolcanlogin: false },
        { rolname: "abroad_oversight", rolsuper: false, rolbypassrls: false, rolcanlogin: false },
        { rolname: "abroad_owner", rolsuper: false, rolbypassrls: false, rolcanlogin: false },
      ])
      const [rights] = await m.owner((tx) =>
        tx.query<Record<string, boolean>>(`
          select has_table_privilege('abroad_app', 'member', 'select, insert, update, delete') as app_member_dml,
                 has_table_privilege('abroad_app', 'tenant', 'update') as app_tenant_update,
                 has_table_privilege('abroad_app', 'tenant', 'select') as app_tenant_select,
                 has_table_privilege('abroad_oversight', 'member', 'select') as oversight_member_select,
                 has_table_privilege('abroad_analyst', 'member', 'select') as analyst_member_select,
                 has_schema_privilege('abroad_app', 'public', 'create') as app_create`),
      )
      expect(rights).toEqual({
        app_member_dml: true,
        app_tenant_update: false,
        app_tenant_select: true,
        oversight_member_select: false,
        analyst_member_select: false,
        app_create: false,
      })
    })

    it("folds Vietnamese names for search that ignores diacritics", async () => {
      const [row] = await m.owner((tx) =>
        tx.query<{ folded: string }>("select abroad_fold($1) as folded", ["Nguyễn Văn Đức ĐẶNG"]),
      )
      expect(row?.folded).toBe("nguyen van duc dang")
    })
  })
}
