-- Member search that indexes can serve under row-level security (README, Performance).
--
-- A request reads `member` under the tenant policy, and there the planner may use an index only for
-- leakproof operators: `like` and pg_trgm's operators are not, so the national trigram index of 0002
-- never served a request — every search computed a word similarity for each member of the tenant
-- (5–8 s in Hà Nội at national scale). Two ways in, each for its pass of
-- packages/core/src/members/directory.ts:
--
-- 1. Names beginning with the words: `starts_with` (`^@`) IS leakproof, and a btree that leads with
--    the tenant serves it as a range under the policy — a few pages, whatever the tenant's size.
-- 2. Names containing the words elsewhere, or a typo away: abroad_member_name_candidates(), which
--    runs as abroad_member_search, a role nobody signs in as (as abroad_statistics in 0011). Its
--    own policy lets it see the three columns it needs of every tenant, so its query is not under
--    the tenant policy and its `like` and `<%` use a trigram index that leads with the tenant; it
--    answers only for the tenant of the transaction (the setting the policy reads), and returns
--    ids only. The request then reads those members by id, under the tenant policy as always: should
--    the function ever return another tenant's id, the policy would still not show its row.

-- Roles are cluster-wide: created only where missing, tolerating a concurrent migrator.
do $$
begin
  begin
    create role abroad_member_search nologin nobypassrls;
  exception when duplicate_object or unique_violation then
    null;
  end;
  if exists (select 1 from pg_roles where rolname = 'abroad_member_search'
              and (rolbypassrls or rolsuper or rolcreaterole or rolcreatedb or rolcanlogin)) then
    raise exception 'abroad_member_search may not log in, bypass row-level security or create roles or databases';
  end if;
  -- The migrator creates the function as abroad_member_search below, so it must be able to become it.
  if not (select rolsuper from pg_roles where rolname = session_user)
     and not pg_has_role(session_user, 'abroad_member_search', 'member') then
    execute format('grant abroad_member_search to %I', session_user);
  end if;
end
$$;

-- A uuid in a GIN index beside the trigrams (trusted: created as the connecting user, as in 0001).
create extension if not exists btree_gin;

set local role abroad_owner;

drop index member_search_name;
-- Pass 1, under the tenant policy.
create index member_name_start on member (tenant_id, search_name text_pattern_ops);
-- Pass 2, inside the function: one tenant's trigram lists, not the country's.
create index member_name_trigrams on member using gin (tenant_id, search_name gin_trgm_ops);

create policy member_search_read on member for select to abroad_member_search using (true);
grant select (tenant_id, id, search_name) on member to abroad_member_search;
grant execute on function abroad_fold(text), abroad_current_tenant() to abroad_member_search;

set local role none;
grant usage, create on schema public to abroad_member_search;
set local role abroad_member_search;

-- Of the members of `tenant` whose folded name contains `words` (folded here too) or is within a
-- typo or two of them (word similarity at least 0.6, the threshold set on the function so that no
-- server setting changes it), the `wanted` best: containing first, then the closest, then by name
-- (letter by letter, as the caller orders them).
-- The caller asks for twice its page: its first pass has found fewer than a page (all of which
-- contain the words), so the best twice-a-page hold every row its later passes can show.
--
-- The tenant is named in the call, as a query naming its tenant would (and the bench's baseline
-- does), but it must be the transaction's own: for a request role, another tenant — or none set —
-- finds nothing. Only a superuser's session (which reads every row anyway: a migrator, the
-- bench's baseline, PGlite's one connection) may name a tenant it has not set.
--
-- PL/pgSQL for its variables: the folded words and the pattern are computed once, where a plain SQL
-- body, planned generically, folded the words again for every row (unaccent is not cheap).
create function abroad_member_name_candidates(tenant uuid, words text, wanted integer) returns setof uuid
  language plpgsql stable security definer
  set search_path = public, pg_temp
  set pg_trgm.word_similarity_threshold = 0.6
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
    select m.id from member m
     where m.tenant_id = tenant
       and (m.search_name like pattern or folded <% m.search_name)
     order by m.search_name like pattern desc, word_similarity(folded, m.search_name) desc,
              m.search_name using ~<~, m.id
     limit wanted;
end
$$;

set local role none;
revoke create on schema public from abroad_member_search;
revoke execute on function abroad_member_name_candidates(uuid, text, integer) from public;
grant execute on function abroad_member_name_candidates(uuid, text, integer) to abroad_app;
set local role abroad_owner;
