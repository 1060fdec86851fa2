-- The oversight role's policy on the two tallies the world map reads (0015), written so that the
-- planner estimates it right. `(select abroad_current_tenant()) is null` is a null test on the
-- value of a sub-select, which PostgreSQL cannot know when it plans: it assumes 0.5 % of the rows
-- pass, so 10 of the 1,966 rows of `abroad_now_by_country`, and groups them by sorting where
-- hashing is the cheaper way for the 1,966 that do pass. The map cost 1.28 ms under the policy
-- against 0.86 ms with no policy (README, Performance, finding 12). The same test made inside the
-- sub-select is a boolean the planner takes as true for half the rows: it hashes, 0.72 ms against
-- 1.30 ms with EXPLAIN ANALYZE. Who may read what is unchanged: the oversight role with no tenant
-- set reads every row, with a tenant set none.

alter policy oversight_without_tenant on abroad_now_by_tenant using ((select abroad_current_tenant() is null));
alter policy oversight_without_tenant on abroad_now_by_country using ((select abroad_current_tenant() is null));
