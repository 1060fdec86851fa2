-- Trips (chuyến đi nước ngoài): the workflow's record, its history, and the after-return report.
set local role abroad_owner;

-- A trip's destinations are ISO 3166-1 countries of the `country` table. An array cannot carry a
-- foreign key, so a constraint trigger checks each code instead; it runs after the statement's
-- own checks and refuses as a foreign key would (23503).
create function abroad_check_trip_countries() returns trigger
  language plpgsql set search_path = public, pg_temp as $$
declare
  unknown text;
begin
  select string_agg(d.code, ', ') into unknown
    from unnest(new.countries) as d (code)
   where not exists (select 1 from country where country.code = d.code);
  if unknown is not null then
    raise exception 'trip %: unknown country code(s) %', new.id, unknown using errcode = '23503';
  end if;
  return null;
end
$$;

-- Tenant: one trip and where its workflow stands. `record` is the state machine's value as it
-- produced it (packages/core/src/trips: the cell's opinion, the decision, a pending extension, the
-- report's comments, …) and the source of truth; the columns beside it repeat what lists filter,
-- sort and join by. Checks below keep the two from drifting. `revision` counts accepted
-- transitions: an update is made `where revision = <the revision read>` (optimistic locking).
create table trip (
  tenant_id uuid not null references tenant (id),
  id uuid not null,
  member_id uuid not null,
  -- The cell (chi bộ) the member attended when the trip was drafted: its secretary gives the opinion.
  cell_id uuid not null,
  status text not null check (status in (
    'draft', 'submitted', 'cell_reviewed', 'approved', 'rejected', 'withdrawn',
    'departed', 'returned', 'reported', 'closed')),
  purpose text not null check (purpose in (
    'official_work', 'study', 'labour_export', 'private_tourism', 'private_family_visit',
    'private_medical_treatment', 'settlement')),
  -- Kinh phí: the state budget, the member's own money, or a foreign sponsor.
  funding text not null check (funding in ('state_budget', 'own', 'foreign_sponsor')),
  countries char(2)[] not null
    check (cardinality(countries) between 1 and 50 and array_position(countries, null) is null),
  planned_departure date not null,
  planned_return date not null,
  actual_departure date,
  actual_return date,
  companions_who_are_members integer not null default 0 check (companions_who_are_members >= 0),
  -- Fixed on submission: the committee whose approver decides, the regulation, the arrangement.
  routing_committee_id uuid,
  routing_basis text check (routing_basis in ('direct_committee', 'higher_committee')),
  regulation_version text check (regulation_version in ('228-2014', '86-2022')),
  arrangement_kind text check (arrangement_kind in (
    'none', 'temporary_group_possible', 'temporary_transfer', 'official_transfer',
    'direct_guidance_by_oversight')),
  report_due_on date,
  report_submitted_on date,
  -- Set by the scheduled overdue check: the first day the return, or the report, was overdue.
  overdue_return_since date,
  report_overdue_since date,
  revision integer not null check (revision >= 1),
  record jsonb not null,
  -- Fields that plugins add to the request form, under each plugin's id.
  extra jsonb not null default '{}' check (jsonb_typeof(extra) = 'object'),
  -- Who else travels (Annex I), and for a family visit the undertaking about relatives abroad (Annex II).
  companions jsonb not null default '[]' check (jsonb_typeof(companions) = 'array'),
  relatives_undertaking jsonb check (relatives_undertaking is null or jsonb_typeof(relatives_undertaking) = 'object'),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, member_id) references member (tenant_id, id),
  foreign key (tenant_id, cell_id) references org_unit (tenant_id, id),
  foreign key (tenant_id, routing_committee_id) references org_unit (tenant_id, id),
  check (planned_return >= planned_departure),
  check (actual_return is null or (actual_departure is not null and actual_return >= actual_departure)),
  check ((routing_committee_id is null) = (routing_basis is null)
     and (routing_committee_id is null) = (regulation_version is null)
     and (routing_committee_id is null) = (arrangement_kind is null)),
  check (record ->> 'id' = id::text and record ->> 'memberId' = member_id::text
     and record ->> 'status' = status and (record ->> 'revision')::integer = revision)
);
create index trip_member on trip (tenant_id, member_id, created_at);
create index trip_newest on trip (tenant_id, created_at desc, id desc);
create index trip_status on trip (tenant_id, status);
create index trip_routing on trip (tenant_id, routing_committee_id, status);
create index trip_cell on trip (tenant_id, cell_id, status);
create index trip_countries on trip using gin (countries);
-- What the overdue check looks for: trips abroad past their return, returns past their report.
create index trip_return_due on trip (tenant_id, planned_return)
  where status = 'departed' and overdue_return_since is null;
create index trip_report_due on trip (tenant_id, report_due_on)
  where status = 'returned' and report_overdue_since is null;
create constraint trigger trip_countries_known after insert or update of countries on trip
  for each row execute function abroad_check_trip_countries();
select abroad_protect_tenant_table('trip');

-- Tenant: the trip's history, one row per accepted transition, named by (trip, revision) like the
-- event the outbox carries. Append-only for the request role.
create table trip_event (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  trip_id uuid not null,
  revision integer not null check (revision >= 1),
  type text not null check (type ~ '^trip\.[a-z_]+$'),
  actor_kind text not null
    check (actor_kind in ('member', 'officer', 'cell_secretary', 'approver', 'integration', 'scheduler')),
  -- The account that acted, when a person did (the scheduler and integrations have none).
  actor_user_id uuid references app_user (id),
  -- The actor as the machine names it: an account id, `member:<id>`, `integration:<source>`, `scheduler`.
  actor text not null,
  occurred_on date not null,
  occurred_at timestamptz not null default now(),
  data jsonb not null default '{}',
  primary key (tenant_id, id),
  unique (tenant_id, trip_id, revision),
  foreign key (tenant_id, trip_id) references trip (tenant_id, id)
);
select abroad_protect_tenant_table('trip_event');
revoke update, delete on trip_event from abroad_app;

-- Tenant: the after-return report (báo cáo kết quả chuyến đi, Annex III): its text. The workflow's
-- facts about it (when, late or not, the comments) are in the trip's record.
create table trip_report (
  tenant_id uuid not null references tenant (id),
  trip_id uuid not null,
  body text not null check (btrim(body) <> '' and body = normalize(body, nfc)),
  extra jsonb not null default '{}' check (jsonb_typeof(extra) = 'object'),
  submitted_by uuid references app_user (id),
  submitted_at timestamptz not null default now(),
  primary key (tenant_id, trip_id),
  foreign key (tenant_id, trip_id) references trip (tenant_id, id)
);
select abroad_protect_tenant_table('trip_report');

-- A violation case raised about a trip now points at it.
alter table violation
  add constraint violation_trip_fk foreign key (tenant_id, trip_id) references trip (tenant_id, id);
create index violation_trip on violation (tenant_id, trip_id) where trip_id is not null;
