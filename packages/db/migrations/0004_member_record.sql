-- The member's full record and the organisation tree's history.
set local role abroad_owner;

-- Đảng viên: the record of form 2-HSĐV that travel decisions need.
alter table member
  add column admitted_on date,
  add column full_member_on date,
  -- Diện quản lý: the committee that manages the member, when it is not the one directly above
  -- the member's cell (members managed by a higher committee go up to it for decisions).
  add column managed_by_unit_id uuid,
  -- A political issue awaiting conclusion blocks approvals like a review or an investigation.
  add column political_issue_pending boolean not null default false,
  add column updated_at timestamptz not null default now(),
  add constraint member_managed_by_fk foreign key (tenant_id, managed_by_unit_id) references org_unit (tenant_id, id),
  add constraint member_full_after_admitted check (full_member_on is null or admitted_on is null or full_member_on >= admitted_on),
  add constraint member_card_format check (party_card_no is null or party_card_no ~ '^[0-9]{6,12}$');
create unique index member_party_card on member (tenant_id, party_card_no) where party_card_no is not null;
create index member_citizen_id on member (tenant_id, citizen_id);

-- A unit keeps its identity when it moves under another parent; the history says when.
alter table org_unit
  add column valid_from date not null default current_date,
  add column valid_to date,
  add constraint org_unit_valid_range check (valid_to is null or valid_to >= valid_from);

create table org_unit_move (
  tenant_id uuid not null references tenant (id),
  id uuid not null default gen_random_uuid(),
  org_unit_id uuid not null,
  from_parent_id uuid,
  to_parent_id uuid not null,
  effective_on date not null,
  moved_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, org_unit_id) references org_unit (tenant_id, id),
  foreign key (tenant_id, from_parent_id) references org_unit (tenant_id, id),
  foreign key (tenant_id, to_parent_id) references org_unit (tenant_id, id)
);
create index org_unit_move_unit on org_unit_move (tenant_id, org_unit_id, effective_on);
select abroad_protect_tenant_table('org_unit_move');
