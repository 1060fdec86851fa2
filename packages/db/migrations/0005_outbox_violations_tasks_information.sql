-- What surrounds the trips: the outbox, idempotent creation, tenant settings, violations,
-- tasks, official information and the handbook.
set local role abroad_owner;

-- Tenant: settings a tenant administrator changes (the report deadline rule, …), one row per key.
create table tenant_setting (
  tenant_id uuid not null references tenant (id),
  key text not null check (key ~ '^[a-z_]+(\.[a-z_]+)*$'),
  value jsonb not null,
  updated_by uuid references app_user (id),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, key)
);
select abroad_protect_tenant_table('tenant_setting');

-- Tenant: domain events written in the same transaction as the change they describe, and
-- delivered to plugins afterwards (at least once; consumers are idempotent by event id).
create table outbox_event (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  seq bigint generated always as identity,
  type text not null check (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type text not null,
  entity_id uuid not null,
  payload jsonb not null default '{}',
  occurred_at timestamptz not null default clock_timestamp(),
  primary key (tenant_id, id)
);
create index outbox_event_order on outbox_event (tenant_id, seq);
select abroad_protect_tenant_table('outbox_event');

-- Tenant: the answer to a creating POST, kept for a day under the client's Idempotency-Key,
-- so that a retried request creates nothing twice.
create table idempotency_key (
  tenant_id uuid not null references tenant (id),
  key text not null check (char_length(key) between 8 and 200),
  user_id uuid not null references app_user (id),
  request_hash text not null,
  status integer not null,
  response jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id, key)
);
select abroad_protect_tenant_table('idempotency_key');

-- Tenant: a violation case (vi phạm) against a member, and its history.
create table violation (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  member_id uuid not null,
  trip_id uuid,
  kind text not null check (kind in (
    'unreported_travel', 'unapproved_travel', 'overdue_return', 'report_overdue',
    'unreported_sponsorship', 'duty_breach', 'other')),
  description text not null check (btrim(description) <> '' and description = normalize(description, nfc)),
  evidence jsonb not null default '[]',
  source text not null check (source in ('officer', 'rule', 'integration')),
  status text not null default 'open' check (status in ('open', 'under_review', 'closed')),
  outcome text check (outcome in ('none', 'reprimand', 'warning', 'dismissal', 'expulsion', 'removal_from_roll')),
  opened_by uuid references app_user (id),
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, member_id) references member (tenant_id, id),
  check ((status = 'closed') = (outcome is not null and closed_at is not null))
);
create index violation_member on violation (tenant_id, member_id);
select abroad_protect_tenant_table('violation');

create table violation_event (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  violation_id uuid not null,
  action text not null check (action in ('opened', 'evidence_added', 'review_started', 'closed', 'note')),
  note text check (note is null or note = normalize(note, nfc)),
  actor_user_id uuid references app_user (id),
  occurred_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, violation_id) references violation (tenant_id, id)
);
create index violation_event_case on violation_event (tenant_id, violation_id, occurred_at);
select abroad_protect_tenant_table('violation_event');

-- Tenant: a task assigned to a member (giao nhiệm vụ), and the committee's evaluation.
create table task (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  member_id uuid not null,
  title text not null check (btrim(title) <> '' and title = normalize(title, nfc)),
  description text not null default '' check (description = normalize(description, nfc)),
  due_on date not null,
  assigned_by uuid references app_user (id),
  assigned_at timestamptz not null default now(),
  completed_at timestamptz,
  completion_note text,
  evaluation text check (evaluation in ('excellent', 'good', 'completed', 'not_completed')),
  evaluation_note text,
  evaluated_by uuid references app_user (id),
  evaluated_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, member_id) references member (tenant_id, id),
  check ((evaluation is null) = (evaluated_at is null))
);
create index task_member on task (tenant_id, member_id, due_on);
select abroad_protect_tenant_table('task');

-- Tenant: official information (thông tin chính thống) and who has read it.
create table bulletin (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  title text not null check (btrim(title) <> '' and title = normalize(title, nfc)),
  body text not null check (body = normalize(body, nfc)),
  -- Whom it is for: the whole tenant when every target is empty; otherwise members in these
  -- units' subtrees, or abroad in these countries.
  target_org_unit_ids uuid[] not null default '{}',
  target_countries char(2)[] not null default '{}',
  -- Party organisations abroad (their register comes with the oversight work).
  target_overseas_org_ids uuid[] not null default '{}',
  published_by uuid references app_user (id),
  published_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
select abroad_protect_tenant_table('bulletin');

create table bulletin_read (
  tenant_id uuid not null references tenant (id),
  bulletin_id uuid not null,
  member_id uuid not null,
  read_at timestamptz not null default now(),
  primary key (tenant_id, bulletin_id, member_id),
  foreign key (tenant_id, bulletin_id) references bulletin (tenant_id, id),
  foreign key (tenant_id, member_id) references member (tenant_id, id)
);
select abroad_protect_tenant_table('bulletin_read');

-- Tenant: the handbook (cẩm nang) for private trips: each article in versions, the newest shown.
create table handbook_article (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  version integer not null check (version >= 1),
  title text not null check (btrim(title) <> '' and title = normalize(title, nfc)),
  body text not null check (body = normalize(body, nfc)),
  published_by uuid references app_user (id),
  published_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, slug, version)
);
select abroad_protect_tenant_table('handbook_article');
