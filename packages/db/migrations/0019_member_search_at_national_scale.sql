-- Member search at national scale (README, Performance, finding 18): two plans that held up on a
-- test's few hundred members and not on Hà Nội's 560,000.
--
-- 1. The first pass (names beginning with the words typed, under the tenant policy) orders by the
--    folded name letter by letter, then by id, and takes a page. The index of 0014 (tenant, folded
--    name) gave the order of the names but not of the ids among equal names, so the planner read
--    every name in the range, joined each to its unit and sorted them all: "nguyen van hung" begins
--    1,897 names in Hà Nội, 9,380 pages read for a page of 50 (40 ms, against 2–3 ms reading 50
--    names in order). With the id in the index, the range is read in the page's own order and the
--    scan stops at the page's end.
--
-- 2. The candidates of the later passes (abroad_member_name_candidates) are found by a statement
--    whose plan PL/pgSQL keeps for the connection. After five calls PostgreSQL may keep a generic
--    plan, made without knowing the words: it read the tenant's rows instead of the trigram index,
--    1.2–1.9 s a search instead of 70–160 ms, and under load (the driver's connections are
--    long-lived) most searches that reach the later passes ran so. Planned for its words at every
--    call, which costs about a millisecond.

set local role abroad_owner;

drop index member_name_start;
create index member_name_start on member (tenant_id, search_name text_pattern_ops, id);

set local role none;
set local role abroad_member_search;

alter function abroad_member_name_candidates(uuid, text, integer) set plan_cache_mode = force_custom_plan;

set local role none;
