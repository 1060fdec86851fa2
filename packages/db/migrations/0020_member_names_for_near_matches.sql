-- The later passes of member search at national scale (README, Performance, finding 18).
--
-- abroad_member_name_candidates (0014) found the names of its tenant containing the words, or a
-- typo or two away, through a trigram index of every member that leads with the tenant. Such a GIN
-- index keeps one list per trigram for the whole country, and one list of every member of the
-- tenant to intersect them with: for "dang thi thu trang" in Hà Nội it read 7,732 candidates and
-- ranked the 6,616 members whose names are close (any name sharing three of the four words is), to
-- keep 100 — 70–160 ms a search, for five of the bench's twelve searches, which was then most of
-- what member search cost the database.
--
-- Names repeat: the country's 5.6 million members have 42,389 folded names (Hà Nội's 561,948 have
-- 32,535). So the near names are now found among the distinct names — `member_folded_name`, kept
-- by triggers on `member` — ranked there, and only then are the tenant's members of the best names
-- read, in the ranking's order, from the btree of 0019 (tenant, name, id), stopping at the page:
-- 320 names ranked and 9 read for that search, 9 ms instead of 156 ms. Which ids come back, and in
-- which order, is unchanged.
--
-- The distinct names carry no tenant, no member and no count: the table is readable only by the
-- owner and by abroad_member_search, whose function answers with ids of the transaction's own
-- tenant only (0014). A name whose last member is gone stays: it finds no member.

set local role abroad_owner;

create table member_folded_name (
  search_name text primary key
);
revoke all on member_folded_name from public;
insert into member_folded_name (search_name) select distinct search_name from member;
create index member_folded_name_trigrams on member_folded_name using gin (search_name gin_trgm_ops);

-- Every statement that adds members or changes their names, however many rows (an import, a merge).
create function abroad_note_member_names() returns trigger
  language plpgsql security definer
  set search_path = public, pg_temp
  as $$
begin
  insert into member_folded_name (search_name)
  select distinct search_name from named
  on conflict do nothing;
  return null;
end
$$;
revoke execute on function abroad_note_member_names() from public;
create trigger member_names_added after insert on member
  referencing new table as named for each statement execute function abroad_note_member_names();
create trigger member_names_changed after update on member
  referencing new table as named for each statement execute function abroad_note_member_names();

-- The trigram index of 0014 served only the function.
drop index member_name_trigrams;

set local role none;
grant select on member_folded_name to abroad_member_search;
-- As in 0014: the function is replaced by its owner, who may create in the schema only meanwhile.
grant create on schema public to abroad_member_search;
set local role abroad_member_search;

-- As in 0014 and 0019, but the near names are found and ranked among the distinct names: the best
-- names first, and for each the tenant's members in id order, until `wanted` (an incremental sort
-- over names already in order: it stops at the page).
create or replace function abroad_member_name_candidates(tenant uuid, words text, wanted integer) returns setof uuid
  language plpgsql stable security definer
  set search_path = public, pg_temp
  set pg_trgm.word_similarity_threshold = 0.6
  set plan_cache_mode = force_custom_plan
  as $$
declare
  folded constant text := abroad_fold(words);
  pattern constant text := '%' || replace(replace(replace(folded, '\', '\\'), '%', '\%'), '_', '\_') || '%';
begin
  if tenant is distinct from abroad_current_tenant()
     and not (select rolsuper from pg_roles where rolname = session_user) then
    return;
  end if;
  return query
    select m.id
      from (select n.search_name, n.search_name like pattern as inside,
                   word_similarity(folded, n.search_name) as closeness
              from member_folded_name n
             where n.search_name like pattern or folded <% n.search_name
             order by 2 desc, 3 desc, n.search_name using ~<~) as named
     cross join lateral (select m.id from member m
                          where m.tenant_id = tenant and m.search_name = named.search_name
                          order by m.id limit wanted) as m
     order by named.inside desc, named.closeness desc, named.search_name using ~<~, m.id
     limit wanted;
end
$$;

set local role none;
revoke create on schema public from abroad_member_search;
