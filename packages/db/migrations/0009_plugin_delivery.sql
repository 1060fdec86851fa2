-- Plugins at work: the outbox's domain events delivered to the plugins a tenant enabled, and the
-- plugins' scheduled jobs. README, "Design decisions": delivering events to plugins.
set local role abroad_owner;

-- When the event was handed out to the tenant's enabled plugins (one plugin_delivery row each).
-- A mark on the event rather than a cursor over `seq`: identity values are taken at insert and
-- committed in another order, so a cursor could step over the event of a slower transaction.
alter table outbox_event add column dispatched_at timestamptz;
create index outbox_event_undispatched on outbox_event (tenant_id, seq) where dispatched_at is null;

-- Events recorded before plugins could receive any were for nobody. The owner is held by the
-- row-level security it forces on itself, and no tenant is set here: lift it for this statement.
alter table outbox_event no force row level security;
update outbox_event set dispatched_at = occurred_at;
alter table outbox_event force row level security;

-- Tenant: one domain event for one plugin (bàn giao sự kiện). `pending` until the plugin's handler
-- acknowledges it (`delivered`), or until the last attempt failed (`parked`, for the tenant's
-- administrator to retry). While a worker holds it, `claim_token` is set and `next_attempt_at` is
-- when the claim lapses: a worker that died mid-delivery leaves it to be claimed again.
create table plugin_delivery (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  plugin_id text not null,
  event_id uuid not null,
  -- The event's place in the outbox: deliveries of one entity to one plugin go in this order.
  seq bigint not null,
  event_type text not null,
  entity_type text not null,
  entity_id uuid not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'parked')),
  attempts integer not null default 0 check (attempts >= 0),
  next_attempt_at timestamptz,
  claim_token uuid,
  last_attempt_at timestamptz,
  -- { kind, message: { vi, en } } of the last failure: what the administrator reads.
  last_error jsonb check (last_error is null or jsonb_typeof(last_error) = 'object'),
  delivered_at timestamptz,
  parked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, plugin_id, event_id),
  foreign key (tenant_id, event_id) references outbox_event (tenant_id, id),
  foreign key (tenant_id, plugin_id) references plugin_installation (tenant_id, plugin_id) on delete cascade,
  check ((status = 'pending') = (next_attempt_at is not null)),
  check ((status = 'delivered') = (delivered_at is not null)),
  check ((status = 'parked') = (parked_at is not null)),
  check (claim_token is null or status = 'pending')
);
-- What a worker claims: a plugin's pending deliveries in outbox order.
create index plugin_delivery_pending on plugin_delivery (tenant_id, plugin_id, seq) where status = 'pending';
-- The order gate: an earlier unfinished delivery of the same entity to the same plugin.
create index plugin_delivery_unfinished on plugin_delivery (tenant_id, plugin_id, entity_type, entity_id, seq)
  where status <> 'delivered';
-- The administrator's list, newest first.
create index plugin_delivery_recent on plugin_delivery (tenant_id, seq, id);
select abroad_protect_tenant_table('plugin_delivery');

-- Tenant: each scheduled job of each plugin the tenant enabled — when it runs next, who runs it
-- now, and how its last run went. A run is claimed by a conditional update, so of several server
-- processes one runs it; `due_at` moves on only when a run ends, so a run cut short by a dying
-- process is run again once its claim lapses.
create table plugin_job_run (
  tenant_id uuid not null references tenant (id),
  plugin_id text not null,
  job_id text not null check (job_id <> ''),
  -- The job's schedule when `due_at` was computed ('every 15 min', 'daily 02:00'): a changed one recomputes it.
  schedule text not null,
  due_at timestamptz not null,
  claim_token uuid,
  claimed_until timestamptz,
  runs integer not null default 0,
  consecutive_failures integer not null default 0,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_status text check (last_status in ('succeeded', 'failed')),
  last_error jsonb check (last_error is null or jsonb_typeof(last_error) = 'object'),
  primary key (tenant_id, plugin_id, job_id),
  foreign key (tenant_id, plugin_id) references plugin_installation (tenant_id, plugin_id) on delete cascade,
  check ((claim_token is null) = (claimed_until is null))
);
select abroad_protect_tenant_table('plugin_job_run');
