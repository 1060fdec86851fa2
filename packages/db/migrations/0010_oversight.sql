-- Oversight (Đảng ủy Bộ Ngoại giao, tenant `bng`): the register of party organisations abroad,
-- transfers of party activity to them, notices back to the home tenants, and what the
-- oversight role may read of the tenants — members abroad now, and only the fields the job needs.
--
-- The oversight role reads across tenants through policies written for it alone, never by
-- switching tenants: its units of work set no tenant, and a restrictive policy keeps it that
-- way (a tenant id set by hand would otherwise let the tenant_isolation policy, which applies
-- to every role, admit that tenant's rows).
set local role abroad_owner;

-- Global: the register of party organisations abroad (tổ chức đảng ở nước ngoài) — the party
-- committees at missions and their cells — kept by the oversight body. Global, not walled off
-- per tenant: every home tenant reads it to choose where a member's party activity goes and to
-- address bulletins; only the oversight role writes it. It holds no personal data.
create table overseas_org (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references overseas_org (id),
  kind text not null check (kind in ('committee', 'cell')),
  name text not null check (btrim(name) <> '' and name = normalize(name, nfc)),
  country char(2) not null references country (code),
  -- The mission it sits at: "Đại sứ quán Việt Nam tại Nhật Bản".
  mission text check (mission is null or (btrim(mission) <> '' and mission = normalize(mission, nfc))),
  -- Materialised path of ids, `/<root>/…/<id>/`: a bulletin to a committee reaches its cells.
  path text not null check (path ~ '^/([0-9a-f-]{36}/)+$'),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_id is null or parent_id <> id)
);
create index overseas_org_country on overseas_org (country, name);
create index overseas_org_path on overseas_org (path text_pattern_ops);

grant select on overseas_org to abroad_app, abroad_oversight;
grant insert, update, delete on overseas_org to abroad_oversight;

-- Tenant: a transfer of party activity abroad (chuyển sinh hoạt đảng), sent by the member's home
-- committee to the oversight body with form 3-SHĐ (introduction) or 3A-SHĐ (official overseas
-- work slip, labour export); transfers sent together form one 3C-SHĐ list (`list_id`). The rows
-- carry what the form says of the member — the home committee sends it — so the oversight body
-- reads the intake even before the member has left.
create table activity_transfer (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  trip_id uuid not null,
  member_id uuid not null,
  form text not null check (form in ('3-SHĐ', '3A-SHĐ')),
  list_id uuid,
  kind text not null check (kind in ('temporary', 'official')),
  member_name text not null check (btrim(member_name) <> '' and member_name = normalize(member_name, nfc)),
  member_birth_date date,
  home_unit_name text not null,
  purpose text not null,
  countries char(2)[] not null check (cardinality(countries) between 1 and 50),
  planned_departure date not null,
  planned_return date not null,
  proposed_overseas_org_id uuid references overseas_org (id),
  note text check (note is null or note = normalize(note, nfc)),
  status text not null default 'received' check (status in ('received', 'accepted', 'returned')),
  assigned_overseas_org_id uuid references overseas_org (id),
  return_reason text check (return_reason is null or (btrim(return_reason) <> '' and return_reason = normalize(return_reason, nfc))),
  decided_at timestamptz,
  decided_by uuid references app_user (id),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, trip_id) references trip (tenant_id, id),
  foreign key (tenant_id, member_id) references member (tenant_id, id),
  check ((status = 'accepted') = (assigned_overseas_org_id is not null)),
  check ((status = 'returned') = (return_reason is not null)),
  check ((status = 'received') = (decided_at is null))
);
-- One transfer under way per trip; a returned one may be sent again, corrected.
create unique index activity_transfer_live on activity_transfer (tenant_id, trip_id) where status <> 'returned';
create index activity_transfer_intake on activity_transfer (created_at desc, id desc);
create index activity_transfer_newest on activity_transfer (tenant_id, created_at desc, id desc);
select abroad_protect_tenant_table('activity_transfer');
-- The outcome is the oversight body's to write: the home tenant sends and reads, and what it
-- sends is received, never already decided.
revoke update, delete on activity_transfer from abroad_app;
create policy sent_undecided on activity_transfer as restrictive for insert to abroad_app
  with check (status = 'received' and assigned_overseas_org_id is null and decided_at is null and decided_by is null);

-- Tenant: a notice from the oversight body to a member's home tenant (a self-assessment certified
-- on return, a concern, a change of cell abroad). It lands in the home tenant's inbox.
create table oversight_notice (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  member_id uuid not null,
  trip_id uuid not null,
  kind text not null check (kind in ('self_assessment_on_return', 'concern', 'cell_change')),
  body text not null check (btrim(body) <> '' and body = normalize(body, nfc)),
  -- For a change of cell: the organisation abroad the member now attends.
  overseas_org_id uuid references overseas_org (id),
  sent_by uuid references app_user (id),
  -- Kept with the notice: the home tenant cannot read the oversight body's accounts.
  sent_by_name text not null,
  sent_at timestamptz not null default now(),
  read_at timestamptz,
  read_by uuid references app_user (id),
  primary key (tenant_id, id),
  foreign key (tenant_id, member_id) references member (tenant_id, id),
  foreign key (tenant_id, trip_id) references trip (tenant_id, id),
  check ((kind = 'cell_change') = (overseas_org_id is not null)),
  check ((read_at is null) = (read_by is null))
);
create index oversight_notice_inbox on oversight_notice (tenant_id, sent_at desc, id desc);
create index oversight_notice_sent on oversight_notice (sent_at desc, id desc);
select abroad_protect_tenant_table('oversight_notice');
-- The home tenant reads its notices and marks them read; it writes none.
revoke insert, update, delete on oversight_notice from abroad_app;
grant update (read_at, read_by) on oversight_notice to abroad_app;

-- What the oversight role may touch, and nothing with a tenant set.
do $$
declare
  target text;
begin
  foreach target in array array['trip', 'member', 'org_unit', 'activity_transfer', 'oversight_notice', 'audit_event'] loop
    execute format(
      'create policy oversight_without_tenant on %I as restrictive to abroad_oversight '
      'using (abroad_current_tenant() is null) with check (abroad_current_tenant() is null)', target);
  end loop;
end
$$;

-- Trips under way — departed, no return recorded, overdue ones included — and only the columns
-- the job needs: purpose, countries, dates, the arrangement for party activity.
create policy oversight_abroad on trip for select to abroad_oversight using (status = 'departed');
grant select (tenant_id, id, member_id, status, purpose, countries, planned_departure, planned_return,
  actual_departure, arrangement_kind, overdue_return_since) on trip to abroad_oversight;

-- Members on such a trip: name, birth date, home unit. Not the citizen ID, the party card, the
-- status or anything else of the record.
create policy oversight_abroad on member for select to abroad_oversight using (
  exists (select 1 from trip
           where trip.tenant_id = member.tenant_id and trip.member_id = member.id and trip.status = 'departed'));
grant select (tenant_id, id, full_name, birth_date, org_unit_id) on member to abroad_oversight;

-- The home unit (cell) of such a member: its name.
create policy oversight_abroad on org_unit for select to abroad_oversight using (
  exists (select 1 from member where member.tenant_id = org_unit.tenant_id and member.org_unit_id = org_unit.id));
grant select (tenant_id, id, kind, name) on org_unit to abroad_oversight;

-- Transfers: the oversight body reads every one sent to it, and writes the outcome of one still
-- received — accepted to a cell abroad, or returned with a reason — and nothing else.
create policy oversight_intake on activity_transfer for select to abroad_oversight using (true);
create policy oversight_decision on activity_transfer for update to abroad_oversight
  using (status = 'received') with check (status in ('accepted', 'returned'));
grant select on activity_transfer to abroad_oversight;
grant update (status, assigned_overseas_org_id, return_reason, decided_at, decided_by) on activity_transfer
  to abroad_oversight;

-- Notices: about a member abroad now, or whose party activity was transferred abroad through
-- the oversight body (the self-assessment on return comes after the stay). The subqueries run
-- as the oversight role, so they see only what its own policies admit.
create policy oversight_send on oversight_notice for insert to abroad_oversight with check (
  exists (select 1 from trip
           where trip.tenant_id = oversight_notice.tenant_id and trip.id = oversight_notice.trip_id
             and trip.member_id = oversight_notice.member_id)
  or exists (select 1 from activity_transfer
              where activity_transfer.tenant_id = oversight_notice.tenant_id
                and activity_transfer.trip_id = oversight_notice.trip_id
                and activity_transfer.member_id = oversight_notice.member_id
                and activity_transfer.status = 'accepted'));
create policy oversight_sent on oversight_notice for select to abroad_oversight using (true);
grant select on oversight_notice to abroad_oversight;
grant insert (tenant_id, member_id, trip_id, kind, body, overseas_org_id, sent_by, sent_by_name)
  on oversight_notice to abroad_oversight;

-- Every read of personal data is written to the member's tenant's audit log and to the
-- oversight body's own: the oversight role may append entries of its own actions there, and
-- read none.
create policy oversight_audit on audit_event for insert to abroad_oversight with check (action like 'oversight.%');
grant insert on audit_event to abroad_oversight;

-- Members abroad now, across tenants: what the oversight body's list, map and filters read.
-- security_invoker: the view runs with the reader's rights, so the policies and column grants
-- above decide what it shows — the view only joins.
create view oversight_member_abroad with (security_invoker = true) as
select trip.tenant_id,
       tenant.code as tenant_code,
       tenant.name as tenant_name,
       trip.id as trip_id,
       member.id as member_id,
       member.full_name,
       member.birth_date,
       org_unit.name as home_unit_name,
       trip.purpose,
       trip.countries,
       trip.planned_departure,
       trip.planned_return,
       trip.actual_departure,
       trip.arrangement_kind,
       trip.overdue_return_since,
       assigned.overseas_org_id,
       overseas_org.name as overseas_org_name
  from trip
  join member on member.tenant_id = trip.tenant_id and member.id = trip.member_id
  join tenant on tenant.id = trip.tenant_id
  left join org_unit on org_unit.tenant_id = member.tenant_id and org_unit.id = member.org_unit_id
  left join lateral (
    select activity_transfer.assigned_overseas_org_id as overseas_org_id
      from activity_transfer
     where activity_transfer.tenant_id = trip.tenant_id and activity_transfer.trip_id = trip.id
       and activity_transfer.status = 'accepted'
     order by activity_transfer.decided_at desc
     limit 1) as assigned on true
  left join overseas_org on overseas_org.id = assigned.overseas_org_id
 where trip.status = 'departed';
grant select on oversight_member_abroad to abroad_oversight;
