import type { OwnerTransaction } from "../connection.ts"

/**
 * Reads the catalogue and lists every way a tenant-owned table (one with a `tenant_id`
 * column) falls short of the wall: row-level security not enabled or not forced, no
 * isolation policy, a primary key not led by `tenant_id`, a unique constraint or index
 * without `tenant_id`, a foreign key to another tenant table that leaves `tenant_id` out.
 * An empty list means the schema holds.
 */
export const tenantTableViolations = async (tx: OwnerTransaction): Promise<ReadonlyArray<string>> => {
  const tables = await tx.query<{
    table: string
    rls: boolean
    forced: boolean
    policies: number
    isolating_policies: number
    pk_first: string | null
  }>(`
    select c.relname as table,
           c.relrowsecurity as rls,
           c.relforcerowsecurity as forced,
           (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies,
           (select count(*) from pg_policy p
             where p.polrelid = c.oid
               and pg_get_expr(p.polqual, p.polrelid) like '%tenant_id = ( SELECT abroad_current_tenant()%'
               and pg_get_expr(p.polwithcheck, p.polrelid) like '%tenant_id = ( SELECT abroad_current_tenant()%'
           )::int as isolating_policies,
           (select a.attname from pg_index i
              join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
             where i.indrelid = c.oid and i.indisprimary) as pk_first
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
     order by 1`)

  const uniquesWithoutTenant = await tx.query<{ table: string; index: string }>(`
    select c.relname as table, ic.relname as index
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_class ic on ic.oid = i.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute t on t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped
     where n.nspname = 'public' and i.indisunique and not (t.attnum = any (i.indkey))`)

  const foreignKeysWithoutTenant = await tx.query<{ table: string; constraint: string }>(`
    select c.relname as table, k.conname as constraint
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute t on t.attrelid = c.oid and t.attname = 'tenant_id' and not t.attisdropped
      join pg_attribute rt on rt.attrelid = k.confrelid and rt.attname = 'tenant_id' and not rt.attisdropped
     where n.nspname = 'public' and k.contype = 'f' and not (t.attnum = any (k.conkey))`)

  const problems: Array<string> = []
  for (const t of tables) {
    if (!t.rls) problems.push(`${t.table}: row-level security is not enabled`)
    if (!t.forced) problems.push(`${t.table}: row-level security is not forced (the owner would bypass it)`)
    if (t.policies === 0) problems.push(`${t.table}: no row-level security policy`)
    else if (t.isolating_policies === 0)
      problems.push(`${t.table}: no policy compares tenant_id with the current tenant`)
    if (t.pk_first !== "tenant_id") problems.push(`${t.table}: primary key is not led by tenant_id`)
  }
  for (const u of uniquesWithoutTenant) problems.push(`${u.table}: unique index ${u.index} omits tenant_id`)
  for (const f of foreignKeysWithoutTenant)
    problems.push(`${f.table}: foreign key ${f.constraint} to a tenant table omits tenant_id`)
  return problems
}
