-- Member search reads one tenant's members under row-level security, and there an index can serve
-- only what the planner may evaluate before the tenant policy: leakproof operators. `like` and
-- pg_trgm's operators are not leakproof, so the national trigram index of 0002 was never used by
-- a request (only by the owner, who names the tenant) and every search read the whole tenant.
-- `starts_with` (`^@`) is leakproof, and a btree that leads with the tenant serves it as a range:
-- the names that begin with the words typed are found in a few pages, whichever tenant, and
-- packages/core/src/members/directory.ts looks further (names containing the words elsewhere,
-- then those a typo away) only when they do not fill the page. See README, Performance.
set local role abroad_owner;

drop index member_search_name;
create index member_search_name on member (tenant_id, search_name text_pattern_ops);
