import type { OwnerTransaction } from "@abroad/db"

/**
 * How a merge treats a tenant table. Most tables need nothing said: their rows simply move to the
 * successor (`moved`), which is safe whenever every unique key holds a uuid of its own (uuids do not
 * collide across tenants). The tables named here need more, or stay behind:
 * - `members`: records of one person in two tenants are matched by citizen ID (see members.ts);
 * - `tree`: a predecessor's committee becomes a subtree under the successor's committee;
 * - `grants`: a grant over a whole predecessor is narrowed to that predecessor's subtree, so that
 *   nobody gains reach over the tenants it was merged with;
 * - `chains`: audit entries keep their place in their own (the predecessor's) hash chain;
 * - `trips`: the trip's record repeats its member, which follows a merged member record;
 * - `kept`: the predecessor's own configuration (settings, plugins and their records, handbook, break-glass grants)
 *   stays with it, kept whole: it must not silently change how the successor works, and an open
 *   break-glass grant on a small tenant must not open the merged one.
 *
 * The tallies of trips (`abroad_now_by_tenant`, `abroad_now_by_country`, `trip_departure_tally`,
 * migration 0015) are no tenant tables and not in this catalogue: they hold counts across tenants,
 * keyed by the tenant that holds a trip, and triggers on `trip` move a trip's counts when the merge
 * moves the trip (its departures keep their tenant of origin, as the trip does).
 */
export type TableHandling = "moved" | "members" | "tree" | "grants" | "chains" | "trips" | "kept"

export const NAMED_TABLES: Readonly<Record<string, Exclude<TableHandling, "moved">>> = {
  member: "members",
  org_unit: "tree",
  role_grant: "grants",
  audit_event: "chains",
  trip: "trips",
  tenant_setting: "kept",
  plugin_installation: "kept",
  // A plugin's own records and job schedule go with its installation, which stays with the predecessor.
  plugin_record: "kept",
  plugin_job_run: "kept",
  handbook_article: "kept",
  break_glass_grant: "kept",
  // Each tenant's distinct member names, for search (migration 0020): the trigger on `member` notes
  // the moved members' names for the successor as the merge moves them; the predecessor's stay
  // with it (moved, they would collide with the successor's same names).
  member_tenant_name: "kept",
}

export interface TenantTable {
  readonly table: string
  readonly handling: TableHandling
  /** The columns that hold a member's id (foreign keys to `member`): they follow a merged record. */
  readonly memberColumns: ReadonlyArray<string>
}

/** A tenant table a merge cannot carry as it stands, and why. */
export interface UnaccountedTable {
  readonly table: string
  readonly reason: string
}

export interface Catalogue {
  readonly tables: ReadonlyArray<TenantTable>
  readonly unaccounted: ReadonlyArray<UnaccountedTable>
}

/**
 * Reads every tenant table (every table of the public schema with a `tenant_id` column) from the
 * database's own catalogue, so that tables added later are carried too, and says how each is
 * carried — or why one cannot be, which stops a merge before it starts.
 */
export const readCatalogue = async (tx: OwnerTransaction): Promise<Catalogue> => {
  const tables = await tx.query<{ table: string; has_origin: boolean }>(`
    select c.relname as table,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'origin_tenant_id'
                     and not a.attisdropped) as has_origin
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
     order by 1`)
  const memberColumns = await tx.query<{ table: string; column: string }>(`
    select c.relname as table, a.attname as column
      from pg_constraint k
      join pg_class c on c.oid = k.conrelid
      join pg_class r on r.oid = k.confrelid
      join pg_namespace n on n.oid = r.relnamespace
      cross join lateral unnest(k.conkey, k.confkey) as u (col, refcol)
      join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.col
      join pg_attribute ra on ra.attrelid = k.confrelid and ra.attnum = u.refcol
     where k.contype = 'f' and n.nspname = 'public' and r.relname = 'member' and ra.attname = 'id'
     order by 1, 2`)
  // Each unique index with the uuid columns it holds besides the tenant columns.
  const uniques = await tx.query<{ table: string; index: string; uuid_columns: ReadonlyArray<string> | string }>(`
    select c.relname as table, ic.relname as index,
           array(select a.attname::text from unnest(i.indkey) as k (attnum)
                   join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
                  where a.atttypid = 'uuid'::regtype and a.attname not in ('tenant_id', 'origin_tenant_id')
                  order by 1) as uuid_columns
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_class ic on ic.oid = i.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and i.indisunique`)

  const columnsOf = (table: string) => memberColumns.filter((m) => m.table === table).map((m) => m.column)
  const result: Array<TenantTable> = []
  const unaccounted: Array<UnaccountedTable> = []
  for (const { table, has_origin } of tables) {
    const named = NAMED_TABLES[table]
    const members = columnsOf(table)
    if (named === "kept") {
      result.push({ table, handling: "kept", memberColumns: members })
      continue
    }
    if (!has_origin) {
      unaccounted.push({
        table,
        reason: "no origin_tenant_id column (create it with abroad_protect_tenant_table, see migration 0012)",
      })
      continue
    }
    if (named !== undefined) {
      result.push({ table, handling: named, memberColumns: members })
      continue
    }
    // Moving rows of several tenants into one is safe when no unique key could then be held twice:
    // each must contain a uuid that is not a member reference (a merged member makes two rows one).
    const risky = uniques
      .filter((u) => u.table === table)
      .filter((u) => !pgArray(u.uuid_columns).some((column) => !members.includes(column)))
    if (risky.length > 0) {
      unaccounted.push({
        table,
        reason:
          `unique key ${risky.map((u) => u.index).join(", ")} could be held twice once tenants are merged; ` +
          "say how to merge it in packages/core/src/reorganisation/catalogue.ts",
      })
      continue
    }
    result.push({ table, handling: "moved", memberColumns: members })
  }
  return { tables: result, unaccounted }
}

/** PGlite returns a text[] as an array, postgres.js through `unsafe` may give the literal `{a,b}`. */
const pgArray = (value: ReadonlyArray<string> | string): ReadonlyArray<string> =>
  typeof value === "string" ? (value === "{}" ? [] : value.slice(1, -1).split(",")) : value
