-- Who may sign in, their sessions and grants, and the append-only audit log.
set local role abroad_owner;

-- Global: an account. It belongs to one tenant (its grants are in that tenant), or it is a
-- platform account (operator, national analyst) with no tenant at all.
create table app_user (
  id uuid primary key default gen_random_uuid(),
  username text not null unique check (username ~ '^[a-z0-9._-]+@[a-z0-9-]+$'),
  display_name text not null check (btrim(display_name) <> '' and display_name = normalize(display_name, nfc)),
  home_tenant_id uuid references tenant (id),
  platform_role text check (platform_role in ('operator', 'analyst')),
  password_hash text not null,
  password_changed_at timestamptz not null default now(),
  -- The TOTP key, sealed with the server's key (AES-256-GCM): a copy of the database alone
  -- does not yield anyone's second factor.
  totp_key_sealed text,
  -- The last 30-second step a code was accepted for: a code is good once.
  totp_last_step bigint,
  -- A key being enrolled: it replaces totp_key_sealed once the user proves it with a code.
  totp_pending_sealed text,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  check ((home_tenant_id is null) = (platform_role is not null))
);
create index app_user_home_tenant on app_user (home_tenant_id);

-- Global: a session, in the Lucia design. The token handed out is `<id>.<secret>`; only a
-- SHA-256 of the secret is kept, so a copy of this table signs nobody in.
create table user_session (
  id text primary key check (id ~ '^[a-z2-7]{24}$'),
  secret_hash bytea not null check (length(secret_hash) = 32),
  user_id uuid not null references app_user (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  -- A session opened by password alone for an account that must have a second factor and has
  -- none yet: it may enrol a TOTP key and sign out, nothing else.
  totp_enrolment_only boolean not null default false
);
create index user_session_user on user_session (user_id);

-- Global: failed sign-ins counted per account and per address, in the database so that
-- every server process counts the same.
create table login_throttle (
  key text primary key check (key ~ '^(user|address):'),
  failures integer not null default 0 check (failures >= 0),
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

-- Global: a one-time password reset, handed by a tenant administrator to the user in person.
create table password_reset (
  token_hash bytea primary key check (length(token_hash) = 32),
  user_id uuid not null references app_user (id) on delete cascade,
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

-- Tenant: what an account may do in its tenant, scoped to an org unit's subtree (null: the
-- whole tenant). A member account is linked to the party member it is.
create table role_grant (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  role text not null check (role in ('admin', 'officer', 'approver', 'cell_secretary', 'member', 'oversight')),
  org_unit_id uuid,
  member_id uuid,
  granted_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, org_unit_id) references org_unit (tenant_id, id),
  foreign key (tenant_id, member_id) references member (tenant_id, id),
  check ((role = 'member') = (member_id is not null))
);
create unique index role_grant_once on role_grant (tenant_id, user_id, role, org_unit_id) nulls not distinct;
select abroad_protect_tenant_table('role_grant');

-- Tenant: break-glass (mở khẩn cấp). A platform operator reads no tenant's personal data
-- unless one of these is open: time-limited, with a reason, kept in the tenant itself so
-- that the tenant's administrators see it, and every opening is in the tenant's audit log.
create table break_glass_grant (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  operator_user_id uuid not null references app_user (id),
  -- Kept with the grant: the tenant's administrators cannot read platform accounts.
  operator_username text not null,
  reason text not null check (char_length(btrim(reason)) >= 10 and reason = normalize(reason, nfc)),
  opened_at timestamptz not null default now(),
  expires_at timestamptz not null,
  closed_at timestamptz,
  primary key (tenant_id, id),
  check (expires_at > opened_at and expires_at <= opened_at + interval '8 hours')
);
create index break_glass_grant_operator on break_glass_grant (tenant_id, operator_user_id, expires_at);
select abroad_protect_tenant_table('break_glass_grant');

-- The audit log: one hash chain per tenant, and one for the platform's own events (sign-ins
-- of platform accounts, attempts on unknown accounts). Each row's hash covers the previous
-- row's hash and every field of its own, so an edited row breaks its own hash and a removed
-- row breaks the link to the next; the chain head, kept apart, shows a removed last row.
create function abroad_audit_hash(
  prev_hash text, seq bigint, tenant_id uuid, occurred_at timestamptz, actor_user_id uuid, actor text,
  action text, entity_type text, entity_id text, details jsonb, ip text
) returns text
  language sql stable parallel safe
  return encode(sha256(convert_to(concat_ws(chr(31),
    prev_hash, seq::text, coalesce(tenant_id::text, 'platform'),
    to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
    coalesce(actor_user_id::text, '-'), actor, action, coalesce(entity_type, '-'), coalesce(entity_id, '-'),
    details::text, coalesce(ip, '-')), 'UTF8')), 'hex');

create table audit_event (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  seq bigint not null,
  occurred_at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor text not null,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type text,
  entity_id text,
  details jsonb not null default '{}',
  ip text,
  prev_hash text not null,
  hash text not null,
  primary key (tenant_id, id),
  unique (tenant_id, seq)
);
create index audit_event_time on audit_event (tenant_id, occurred_at);
select abroad_protect_tenant_table('audit_event');
-- Append-only: the request role may add to the log and read it, never change it.
revoke update, delete on audit_event from abroad_app;

create table platform_audit_event (
  id uuid primary key default gen_random_uuid(),
  seq bigint not null unique,
  occurred_at timestamptz not null default clock_timestamp(),
  actor_user_id uuid,
  actor text not null,
  action text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type text,
  entity_id text,
  details jsonb not null default '{}',
  ip text,
  prev_hash text not null,
  hash text not null
);
grant select, insert on platform_audit_event to abroad_app;

-- The head of each chain: its last sequence number and hash.
create table audit_chain_head (
  chain text primary key,
  seq bigint not null,
  hash text not null
);
grant select on audit_chain_head to abroad_app;

-- Links each new row to the end of its chain. Writers of one chain take turns (a
-- transaction-scoped advisory lock), so two requests never claim the same place.
-- The chaining functions run as the owner (security definer): the request role may append to
-- the log but never touch the chain heads itself, or it could desynchronise another tenant's chain.
create function abroad_audit_chain() returns trigger
  language plpgsql security definer set search_path = public, pg_temp as $$
declare
  chain_key text := new.tenant_id::text;
  head record;
begin
  perform pg_advisory_xact_lock(hashtextextended('abroad_audit:' || chain_key, 0));
  select seq, hash into head from audit_chain_head where chain = chain_key;
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

-- The platform table has no tenant_id column; give the trigger one to read.
create function abroad_platform_audit_chain() returns trigger
  language plpgsql security definer set search_path = public, pg_temp as $$
declare
  head record;
begin
  perform pg_advisory_xact_lock(hashtextextended('abroad_audit:platform', 0));
  select seq, hash into head from audit_chain_head where chain = 'platform';
  new.seq := coalesce(head.seq, 0) + 1;
  new.prev_hash := coalesce(head.hash, repeat('0', 64));
  new.occurred_at := clock_timestamp();
  new.hash := abroad_audit_hash(new.prev_hash, new.seq, null, new.occurred_at, new.actor_user_id,
    new.actor, new.action, new.entity_type, new.entity_id, new.details, new.ip);
  insert into audit_chain_head (chain, seq, hash) values ('platform', new.seq, new.hash)
    on conflict on constraint audit_chain_head_pkey do update set seq = excluded.seq, hash = excluded.hash;
  return new;
end
$$;

create trigger audit_event_chain before insert on audit_event
  for each row execute function abroad_audit_chain();
create trigger platform_audit_event_chain before insert on platform_audit_event
  for each row execute function abroad_platform_audit_chain();

-- Accounts are global rows (sign-in looks them up before any tenant is known), but once a
-- unit of work is set to a tenant it sees that tenant's accounts only, with their sessions
-- and reset tokens: a query gone wrong in one tenant cannot read another's password hashes.
alter table app_user enable row level security;
alter table app_user force row level security;
create policy account_visibility on app_user
  using (abroad_current_tenant() is null or home_tenant_id = abroad_current_tenant())
  with check (abroad_current_tenant() is null or home_tenant_id = abroad_current_tenant());
alter table user_session enable row level security;
alter table user_session force row level security;
create policy session_visibility on user_session
  using (abroad_current_tenant() is null or exists (select 1 from app_user u where u.id = user_session.user_id))
  with check (abroad_current_tenant() is null or exists (select 1 from app_user u where u.id = user_session.user_id));
alter table password_reset enable row level security;
alter table password_reset force row level security;
create policy reset_visibility on password_reset
  using (abroad_current_tenant() is null or exists (select 1 from app_user u where u.id = password_reset.user_id))
  with check (abroad_current_tenant() is null or exists (select 1 from app_user u where u.id = password_reset.user_id));

-- Accounts and sessions are read and kept by the request role; who may see which account is
-- decided by the permissions in packages/auth (a tenant administrator sees their tenant's).
grant select, insert, update on app_user to abroad_app;
grant select, insert, update, delete on user_session, login_throttle, password_reset to abroad_app;
grant execute on function abroad_audit_hash(text, bigint, uuid, timestamptz, uuid, text, text, text, text, jsonb, text)
  to abroad_app;
