-- Member search reads one tenant's members, never the country's: its trigram index now leads with
-- the tenant. The national one (0002) made every search read the posting lists of the whole
-- country — "ngu" and "van" hold a third of it — and then drop the other tenants' rows: 20 ms at a
-- tenth of the national set, ten times that on the whole. With `tenant_id` as the index's first
-- column (btree_gin makes a uuid indexable by GIN) the same `like '%nguyen van hung%'` reads that
-- tenant's entries only: 3 ms at a tenth (see README, Performance). The typo-tolerant `<%` of
-- packages/core/src/members/directory.ts is served by the same index.
--
-- The extension is created as the connecting user (as 0001 does), before dropping to the owner.
create extension if not exists btree_gin;

set local role abroad_owner;

drop index member_search_name;
create index member_search_name on member using gin (tenant_id, search_name gin_trgm_ops);
