-- Tenants, reference data, and the row-level security wall every tenant table stands behind.
set local role abroad_owner;

-- Lower case without diacritics, for search that ignores them ("nguyen van a" finds
-- "Nguyễn Văn A"). unaccent() is only STABLE because its dictionary could change; naming the
-- dictionary makes the result fixed, which an index and a generated column need.
create function abroad_fold(input text) returns text
  language sql immutable parallel safe strict
  return lower(public.unaccent('public.unaccent'::regdictionary, input));

-- The current tenant of the transaction: set by withTenant() with set_config(..., true).
-- nullif: on a pooled connection that has used the setting once, it reads '' afterwards.
create function abroad_current_tenant() returns uuid
  language sql stable parallel safe
  return nullif(current_setting('app.tenant_id', true), '')::uuid;

-- Global: one row per tenant (provincial committee or central ministry party body).
create table tenant (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null check (name <> '' and name = normalize(name, nfc)),
  kind text not null check (kind in ('province', 'city', 'ministry')),
  admin_code text unique check (admin_code ~ '^[0-9]{2}$'),
  party_body text not null check (party_body = normalize(party_body, nfc)),
  is_oversight boolean not null default false,
  status text not null default 'active' check (status in ('active', 'merged')),
  merged_into uuid references tenant (id),
  valid_from date,
  valid_to date,
  created_at timestamptz not null default now(),
  check (kind = 'ministry' or admin_code is not null),
  check ((status = 'merged') = (merged_into is not null))
);
-- Exactly one body oversees members abroad across tenants.
create unique index tenant_one_oversight on tenant (is_oversight) where is_oversight;

-- Global: ISO 3166-1.
create table country (
  code char(2) primary key check (code ~ '^[A-Z]{2}$'),
  alpha3 char(3) not null unique,
  numeric char(3) not null unique,
  name_vi text not null,
  name_en text not null
);

-- Puts a tenant-owned table behind the wall: forced row-level security (the owner too) and
-- one policy that admits only the rows of the transaction's tenant, for reading and writing.
-- With no tenant set, the policy compares with NULL and admits nothing.
create function abroad_protect_tenant_table(target regclass) returns void
  language plpgsql as $$
begin
  execute format('alter table %s enable row level security', target);
  execute format('alter table %s force row level security', target);
  execute format(
    'create policy tenant_isolation on %s using (tenant_id = (select abroad_current_tenant())) '
    'with check (tenant_id = (select abroad_current_tenant()))', target);
  execute format('grant select, insert, update, delete on %s to abroad_app', target);
end
$$;

-- Tenant: the organisation tree, committee → subordinate committee → grassroots committee → cell.
create table org_unit (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  parent_id uuid,
  kind text not null check (kind in ('committee', 'subordinate_committee', 'grassroots_committee', 'cell')),
  name text not null check (name <> '' and name = normalize(name, nfc)),
  path text not null check (path ~ '^/([0-9a-f-]{36}/)+$'),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references org_unit (tenant_id, id),
  check ((parent_id is null) = (kind = 'committee'))
);
create index org_unit_parent on org_unit (tenant_id, parent_id);
create index org_unit_path on org_unit (tenant_id, path text_pattern_ops);
select abroad_protect_tenant_table('org_unit');

-- Tenant: party members (đảng viên).
create table member (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  org_unit_id uuid not null,
  full_name text not null check (btrim(full_name) <> '' and full_name = normalize(full_name, nfc)),
  search_name text generated always as (abroad_fold(full_name)) stored,
  sex text check (sex in ('male', 'female')),
  birth_date date,
  citizen_id text check (citizen_id ~ '^[0-9]{12}$'),
  party_card_no text,
  status text not null default 'active'
    check (status in ('active', 'under_review', 'under_investigation', 'left')),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, citizen_id),
  foreign key (tenant_id, org_unit_id) references org_unit (tenant_id, id)
);
create index member_org_unit on member (tenant_id, org_unit_id);
create index member_search_name on member using gin (search_name gin_trgm_ops);
select abroad_protect_tenant_table('member');

-- Reference data is readable by every request role and written only by the owner (seed).
grant select on tenant, country to abroad_app, abroad_oversight, abroad_analyst;
grant execute on function abroad_fold(text), abroad_current_tenant() to abroad_app, abroad_oversight, abroad_analyst;
