-- Reorganisation (sáp nhập): a tenant merged into another keeps its lineage, every moved row keeps
-- the tenant it came from, duplicate members are merged or listed as conflicts, and the audit chains
-- of the predecessors stay verifiable inside the successor.
set local role abroad_owner;

-- Global: one merge as it was carried out, with the report of what moved.
create table tenant_merge (
  id uuid primary key default gen_random_uuid(),
  successor_id uuid not null references tenant (id),
  effective_on date not null,
  performed_at timestamptz not null default now(),
  -- The account that asked for it (API), or `cli` for the admin command.
  performed_by text not null,
  report jsonb not null check (jsonb_typeof(report) = 'object')
);

-- Global: from new to old. A tenant is merged away at most once.
create table tenant_lineage (
  successor_id uuid not null references tenant (id),
  predecessor_id uuid not null unique references tenant (id),
  effective_on date not null,
  merge_id uuid not null references tenant_merge (id),
  -- The predecessor's committee, which became a subtree of the successor's tree (ids kept).
  former_root_unit_id uuid,
  primary key (successor_id, predecessor_id),
  check (successor_id <> predecessor_id)
);
grant select on tenant_merge, tenant_lineage to abroad_app, abroad_oversight, abroad_analyst;

-- Every tenant table gets `origin_tenant_id`: null for a row born in its tenant, else the tenant
-- it was first written in before a merge moved it. Statistics for periods before a merge group by
-- it to show the old structure; the audit log recomputes a moved entry's hash with it.
create function abroad_add_origin_column(target regclass) returns void
  language plpgsql as $$
begin
  execute format('alter table %s add column if not exists origin_tenant_id uuid references tenant (id)', target);
end
$$;

-- Tables created from here on get the column with the wall, as every tenant table calls this.
create or replace function abroad_protect_tenant_table(target regclass) returns void
  language plpgsql as $$
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format(
    'create policy tenant_isolation on %s using (tenant_id = (select abroad_current_tenant())) '
    'with check (tenant_id = (select abroad_current_tenant()))', target);
  execute format('grant select, insert, update, delete on %s to abroad_app', target);
  perform abroad_add_origin_column(target);
end
$$;

-- The tables that exist already.
do $$
declare
  t regclass;
begin
  for t in
    select c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r'
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
  loop
    perform abroad_add_origin_column(t);
  end loop;
end
$$;

-- Tenant: a member record removed by a merge because another record of the same person (same
-- citizen ID, every personal field equal) was kept; the removed row is kept here whole, and old
-- references (history, audit details) resolve through it.
create table member_merge (
  tenant_id uuid not null references tenant (id),
  removed_member_id uuid not null,
  removed_from_tenant_id uuid not null references tenant (id),
  kept_member_id uuid not null,
  merge_id uuid not null references tenant_merge (id),
  removed_record jsonb not null check (jsonb_typeof(removed_record) = 'object'),
  primary key (tenant_id, removed_member_id),
  foreign key (tenant_id, kept_member_id) references member (tenant_id, id)
);
select abroad_protect_tenant_table('member_merge');

-- Tenant: records of one person (by citizen ID or party card number) that a merge brought
-- together and that differ: all are kept and flagged until a person decides.
create table member_conflict (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  merge_id uuid not null references tenant_merge (id),
  member_ids uuid[] not null check (cardinality(member_ids) >= 2),
  -- The personal fields on which the records disagree.
  differing_fields text[] not null,
  status text not null default 'open' check (status in ('open', 'resolved', 'superseded')),
  detected_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references app_user (id),
  primary key (tenant_id, id)
);
select abroad_protect_tenant_table('member_conflict');

-- A flagged record is outside the one-record-per-citizen-ID rule until the conflict is resolved.
alter table member
  add column merge_conflict_id uuid,
  add constraint member_merge_conflict_fk foreign key (tenant_id, merge_conflict_id)
    references member_conflict (tenant_id, id);
alter table member drop constraint member_tenant_id_citizen_id_key;
create unique index member_citizen_id_once on member (tenant_id, citizen_id) where merge_conflict_id is null;
drop index member_party_card;
create unique index member_party_card on member (tenant_id, party_card_no)
  where party_card_no is not null and merge_conflict_id is null;

-- The audit log: a moved entry keeps its place in its own chain (the predecessor's), so the
-- sequence is unique per chain, not per tenant.
alter table audit_event drop constraint audit_event_tenant_id_seq_key;
create unique index audit_event_chain_seq on audit_event (tenant_id, (coalesce(origin_tenant_id, tenant_id)), seq);

-- A new entry always joins its own tenant's chain: nobody writes into a moved chain.
create or replace function abroad_audit_chain() returns trigger
  language plpgsql security definer set search_path = public, pg_temp as $$
declare
  chain_key text := new.tenant_id::text;
  head record;
begin
  perform pg_advisory_xact_lock(hashtextextended('abroad_audit:' || chain_key, 0));
  select seq, hash into head from audit_chain_head where chain = chain_key;
  new.origin_tenant_id := null;
  new.seq := coalesce(head.seq, 0) + 1;
  new.prev_hash := coalesce(head.hash, repeat('0', 64));
  new.occurred_at := clock_timestamp();
  new.hash := abroad_audit_hash(new.prev_hash, new.seq, new.tenant_id, new.occurred_at, new.actor_user_id,
    new.actor, new.action, new.entity_type, new.entity_id, new.details, new.ip);
  insert into audit_chain_head (chain, seq, hash) values (chain_key, new.seq, new.hash)
    on conflict on constraint audit_chain_head_pkey do update set seq = excluded.seq, hash = excluded.hash;
  return new;
end
$$;

-- National statistics by tenant show a period before a merge in the old structure: a moved row
-- counts under the predecessor it came from for days before the merge took effect.
grant select (origin_tenant_id) on trip, violation to abroad_statistics;
grant select (predecessor_id, successor_id, effective_on) on tenant_lineage to abroad_statistics;
set local role none;
grant create on schema public to abroad_statistics;
set local role abroad_statistics;
create or replace function abroad_counted_tenant(holder uuid, origin uuid, on_day date) returns uuid
  language sql stable as $$
  select case
    when origin is not null and on_day < (select lineage.effective_on from tenant_lineage lineage
                                           where lineage.predecessor_id = origin)
      then origin
    else holder end
$$;
set local role none;
revoke create on schema public from abroad_statistics;
set local role abroad_owner;
