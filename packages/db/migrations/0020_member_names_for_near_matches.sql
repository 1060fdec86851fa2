-- The later passes of member search at national scale (README, Performance, finding 18).
--
-- abroad_member_name_candidates (0014) found the names of its tenant containing the words, or a
-- typo or two away, through a trigram index of every member, and ranked every member it found: for
-- "dang thi thu trang" in Hà Nội, 7,732 candidates and 6,616 members whose names are close (any
-- name sharing three of its four words is), read from the table and ranked to keep 100 — 70–160 ms
-- a search, for five of the bench's twelve, nearly all of what member search cost the database.
--
-- Names repeat: Hà Nội's 561,948 members have 32,535 folded names. So near names are now found
-- and ranked among the tenant's distinct names — `member_tenant_name`, kept by triggers on
-- `member` — and only then are the members of the best names read, name by name in the ranking's
-- order, from the btree of 0019 (tenant, name, id), until there are enough. Which ids come back,
-- and in which order, is unchanged.
--
-- A tenant table like any other (forced row-level security, the tenant's policy, keys led by the
-- tenant): one tenant's names never wait on, or tell of, another's (a table of the country's names
-- did both, through its unique index). Only abroad_member_search writes it, through its own policy,
-- as it reads `member` (0014); the request role may read its tenant's names, as it may read its
-- members. A name whose last member is gone stays: it finds no member.

set local role abroad_owner;

create table member_tenant_name (
  tenant_id uuid not null,
  search_name text not null,
  primary key (tenant_id, search_name)
);
alter table member_tenant_name enable row level security;
alter table member_tenant_name force row level security;
create policy tenant_isolation on member_tenant_name
  using (tenant_id = (select abroad_current_tenant())) with check (tenant_id = (select abroad_current_tenant()));
create policy member_search_names on member_tenant_name to abroad_member_search using (true) with check (true);
revoke all on member_tenant_name from public;
create index member_tenant_name_trigrams on member_tenant_name using gin (tenant_id, search_name gin_trgm_ops);

-- The trigram index of 0014 served only the function.
drop index member_name_trigrams;

set local role none;
grant select, insert on member_tenant_name to abroad_member_search;
grant select on member_tenant_name to abroad_app;
-- As in 0014: the functions are made by their owner, who may create in the schema only meanwhile.
grant create on schema public to abroad_member_search;
set local role abroad_member_search;

insert into member_tenant_name (tenant_id, search_name) select distinct tenant_id, search_name from member;

-- Every statement that adds members, renames them or moves them to another tenant (a merge),
-- however many rows; in a fixed order, so that two statements noting the same names cannot
-- deadlock.
create function abroad_note_member_names() returns trigger
  language plpgsql security definer
  set search_path = public, pg_temp
  as $$
begin
  insert into member_tenant_name (tenant_id, search_name)
  select distinct tenant_id, search_name from named order by 1, 2
  on conflict do nothing;
  return null;
end
$$;
revoke execute on function abroad_note_member_names() from public;
grant execute on function abroad_note_member_names() to abroad_owner;

-- As in 0014 and 0019, in two steps. First the tenant's near names, ranked, through their trigram
-- index: PostgreSQL does not know what computing a word similarity costs, and would rather scan
-- the tenant's names by their key and compute it for each (67 ms against 28 ms for "do thi hoa" in
-- Hà Nội), so that statement is planned with the other scans ruled out (the settings are the
-- function's own: its SET clauses restore them when it returns). Then, name by name in that order,
-- the name's members by id from the btree of 0019, until `wanted`.
create or replace function abroad_member_name_candidates(tenant uuid, words text, wanted integer) returns setof uuid
  language plpgsql stable security definer
  set search_path = public, pg_temp
  set pg_trgm.word_similarity_threshold = 0.6
  set plan_cache_mode = force_custom_plan
  set enable_seqscan = on
  set enable_indexscan = on
  set enable_indexonlyscan = on
  as $$
declare
  folded constant text := abroad_fold(words);
  pattern constant text := '%' || replace(replace(replace(folded, '\', '\\'), '%', '\%'), '_', '\_') || '%';
  ranked text[];
  named text;
  found integer := 0;
  more integer;
begin
  if tenant is distinct from abroad_current_tenant()
     and not (select rolsuper from pg_roles where rolname = session_user) then
    return;
  end if;
  perform set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
          set_config('enable_indexonlyscan', 'off', true);
  ranked := array(
    select n.search_name from member_tenant_name n
     where n.tenant_id = tenant and (n.search_name like pattern or folded <% n.search_name)
     order by n.search_name like pattern desc, word_similarity(folded, n.search_name) desc,
              n.search_name using ~<~);
  -- The members of one name: the same plan for every name, kept rather than made at each of them
  -- (where names seldom repeat, a page takes a hundred).
  perform set_config('enable_seqscan', 'on', true), set_config('enable_indexscan', 'on', true),
          set_config('enable_indexonlyscan', 'on', true), set_config('plan_cache_mode', 'force_generic_plan', true);
  foreach named in array ranked loop
    return query
      select m.id from member m
       where m.tenant_id = tenant and m.search_name = named
       order by m.id limit wanted - found;
    get diagnostics more = row_count;
    found := found + more;
    exit when found >= wanted;
  end loop;
end
$$;

set local role none;
revoke create on schema public from abroad_member_search;
set local role abroad_owner;

create trigger member_names_added after insert on member
  referencing new table as named for each statement execute function abroad_note_member_names();
create trigger member_names_changed after update on member
  referencing new table as named for each statement execute function abroad_note_member_names();

set local role none;
