-- Plugins: which tenant installed which plugin, with what config; and the member's plugin fields.
set local role abroad_owner;

-- Tenant: a plugin installed in the tenant. A plugin runs for a tenant only while its row here
-- says enabled; the config was validated by the plugin's configSchema when it was written.
create table plugin_installation (
  tenant_id uuid not null references tenant (id),
  plugin_id text not null check (plugin_id ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
  version text not null check (version ~ '^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$'),
  config jsonb not null default '{}' check (jsonb_typeof(config) = 'object'),
  enabled boolean not null default false,
  installed_by uuid references app_user (id),
  installed_at timestamptz not null default now(),
  updated_by uuid references app_user (id),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, plugin_id)
);
select abroad_protect_tenant_table('plugin_installation');

-- Fields plugins add to the member's record, under each plugin's id (as trip.extra).
alter table member add column extra jsonb not null default '{}' check (jsonb_typeof(extra) = 'object');
