-- The plugin host: each plugin's own small records in a tenant, and the incidents of plugins that
-- failed there (for the tenant's administrator).
set local role abroad_owner;

-- Tenant: a plugin's records (delivery statuses, import cursors), JSON by key. A plugin reaches only
-- its own, through ctx.store; the key is the plugin's to choose. Removing the plugin removes them.
create table plugin_record (
  tenant_id uuid not null references tenant (id),
  plugin_id text not null check (plugin_id ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
  key text not null check (length(key) between 1 and 500),
  value jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, plugin_id, key),
  foreign key (tenant_id, plugin_id) references plugin_installation (tenant_id, plugin_id) on delete cascade
);
select abroad_protect_tenant_table('plugin_record');

-- Tenant: a plugin's hook that failed in this tenant — threw, ran out of its time budget, crashed, or
-- reached for a capability it did not declare. The user got a clear error; the administrator reads
-- this list. Append-only for the request role.
create table plugin_incident (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  plugin_id text not null,
  plugin_version text not null,
  hook text not null check (length(hook) between 1 and 300),
  kind text not null check (kind in ('throw', 'timeout', 'crash', 'capability', 'invalid')),
  message text not null check (length(message) <= 4000),
  at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index plugin_incident_recent on plugin_incident (tenant_id, at desc, id desc);
select abroad_protect_tenant_table('plugin_incident');
revoke update, delete on plugin_incident from abroad_app;
