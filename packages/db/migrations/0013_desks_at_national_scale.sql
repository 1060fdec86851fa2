-- The cross-tenant desks at the size of the country (issue 8, `pnpm bench`): 5.6 million members,
-- 450,000 trips, 40,000 members abroad now. What the benchmarks found, and what this changes:
--
-- 1. The oversight map (`/api/oversight/abroad/summary`) counted rows of oversight_member_abroad,
--    which joins each trip under way to its member: 40,000 lookups in the national member table
--    (and the member policy's own check) for counts that need no member at all. The counts read
--    the view below instead, trips under way alone, from a partial index that holds them.
-- 2. The national statistics of trips scanned the whole trip table (the JSON record makes it the
--    widest) for five years of departures, and sorted their 175,000 subjects, on disk, twice. A
--    covering index by departure day serves them, and the function counts without sorting.

set local role abroad_owner;

-- Trips under way, across tenants, with their tenant and countries: what the map counts.
-- security_invoker, as oversight_member_abroad: the oversight role's policies on trip decide.
create view oversight_trip_abroad with (security_invoker = true) as
select trip.tenant_id, trip.id as trip_id, trip.countries
  from trip
 where trip.status = 'departed';
grant select on oversight_trip_abroad to abroad_oversight;

-- The trips under way (a tenth of all trips), with what the map reads: an index-only scan where
-- the table's pages are all-visible, instead of one heap page per trip.
create index trip_abroad_now on trip (tenant_id, id) include (countries) where status = 'departed';

-- The oversight role's guard, that no tenant is set, was a function call on every row it read
-- (40,000 for the map): as a subquery it is an InitPlan, evaluated once per statement, as the
-- tenant policies are (STACK-NOTES).
do $$
declare
  target text;
begin
  foreach target in array array['trip', 'member', 'org_unit', 'activity_transfer', 'oversight_notice', 'audit_event'] loop
    execute format(
      'alter policy oversight_without_tenant on %I '
      'using ((select abroad_current_tenant()) is null) with check ((select abroad_current_tenant()) is null)', target);
  end loop;
end
$$;

-- Departures by day with what the statistics count them by (purpose, countries, the tenant and
-- the one it came from): five years of departures without reading the trips' records.
create index trip_departure_statistics on trip (actual_departure)
  include (tenant_id, purpose, countries, origin_tenant_id) where actual_departure is not null;

-- Reports by their deadline, likewise (`reports` × state | tenant).
create index trip_report_statistics on trip (report_due_on)
  include (tenant_id, report_submitted_on, origin_tenant_id) where report_due_on is not null;

-- The statistics function counted every cell and total with count(distinct subject): two sorts of
-- every row read (175,000 for five years of departures), spilling to disk with the default
-- work_mem. A subject occurs once per key everywhere but in members abroad (a member may be on two
-- trips at once), so each row now says whether it is the one that counts its subject for its key
-- and for the bucket's total, and the counts are plain ones, hashed; members abroad stay distinct.
-- By tenant, the tenant a row counts under (abroad_counted_tenant) is asked only for rows that
-- came from another tenant: the function looks up the merge, so PostgreSQL cannot inline it, and
-- calling it for each of 175,000 trips took most of a second.
-- Same answers (migration 0011's tests), same suppression; replaced as its owner, keeping its grants.
set local role none;
grant create on schema public to abroad_statistics;
set local role abroad_statistics;
create or replace function abroad_national_statistics(
  measure text, dimension text, period_from date, period_to date, bucket text
) returns table (bucket_start date, key text, count bigint)
  language plpgsql stable security definer
  set search_path = public, pg_temp
  -- Five years of departures are 175,000 rows at national scale, read twice: held in memory.
  set work_mem = '64MB' as $$
declare
  threshold constant integer := 5;
  today date := (now() at time zone 'UTC' + interval '7 hours')::date;
  raw text;
  step interval;
begin
  if bucket not in ('month', 'quarter', 'year') then
    raise exception 'bucket must be month, quarter or year' using errcode = '22023';
  end if;
  if period_from is null or period_to is null or period_to <= period_from
     or period_to > period_from + interval '5 years 1 day' then
    raise exception 'the period must be a range of at most five years' using errcode = '22023';
  end if;
  step := case bucket when 'month' then interval '1 month' when 'quarter' then interval '3 months'
    else interval '1 year' end;
  -- Whole buckets only: two periods a day apart would otherwise differ by one person's trip, and
  -- their difference would single that person out past the suppression.
  period_from := date_trunc(bucket, period_from::timestamp)::date;
  period_to := (date_trunc(bucket, (period_to - 1)::timestamp) + step)::date;

  -- Each query yields (bucket, key, subject, key_once, subject_once). Members abroad are counted
  -- as distinct subjects (a member may be on two trips at once). Everything else is counted by
  -- rows, with no subject: key_once and subject_once mark the row that counts a trip or a case for
  -- its key and for the bucket's total (a trip to two countries has two rows, one in the total).
  raw := case measure || '/' || dimension
    when 'trips/purpose' then
      $q$select date_trunc($3, trip.actual_departure)::date, trip.purpose, null, true, true
           from trip where trip.actual_departure >= $1 and trip.actual_departure < $2$q$
    when 'trips/country' then
      $q$select date_trunc($3, trip.actual_departure)::date, destination::text, null,
                array_position(trip.countries, destination) = ordinal, ordinal = 1
           from trip, unnest(trip.countries) with ordinality as d (destination, ordinal)
          where trip.actual_departure >= $1 and trip.actual_departure < $2$q$
    when 'trips/tenant' then
      $q$select date_trunc($3, trip.actual_departure)::date, tenant.code, null, true, true
           from trip join tenant
             on tenant.id = case when trip.origin_tenant_id is null then trip.tenant_id
                  else abroad_counted_tenant(trip.tenant_id, trip.origin_tenant_id, trip.actual_departure) end
          where trip.actual_departure >= $1 and trip.actual_departure < $2$q$
    when 'abroad/purpose' then
      $q$select $1, trip.purpose, trip.tenant_id::text || trip.member_id::text, true, true
           from trip where trip.status = 'departed'$q$
    when 'abroad/country' then
      $q$select $1, destination::text, trip.tenant_id::text || trip.member_id::text, true, true
           from trip, unnest(trip.countries) as destination where trip.status = 'departed'$q$
    when 'abroad/tenant' then
      $q$select $1, tenant.code, trip.tenant_id::text || trip.member_id::text, true, true
           from trip join tenant on tenant.id = trip.tenant_id where trip.status = 'departed'$q$
    when 'reports/state' then
      $q$select date_trunc($3, trip.report_due_on)::date,
                case when trip.report_submitted_on is null and trip.report_due_on < $4 then 'missing'
                     when trip.report_submitted_on is null then 'pending'
                     when trip.report_submitted_on > trip.report_due_on then 'late'
                     else 'on_time' end,
                null, true, true
           from trip where trip.report_due_on >= $1 and trip.report_due_on < $2$q$
    when 'reports/tenant' then
      $q$select date_trunc($3, trip.report_due_on)::date, tenant.code, null, true, true
           from trip join tenant
             on tenant.id = case when trip.origin_tenant_id is null then trip.tenant_id
                  else abroad_counted_tenant(trip.tenant_id, trip.origin_tenant_id, trip.report_due_on) end
          where trip.report_due_on >= $1 and trip.report_due_on < $2
            and ((trip.report_submitted_on is null and trip.report_due_on < $4)
              or trip.report_submitted_on > trip.report_due_on)$q$
    when 'violations/kind' then
      $q$select date_trunc($3, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date)::date,
                violation.kind, null, true, true
           from violation
          where (violation.opened_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.opened_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'violations/tenant' then
      $q$select date_trunc($3, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date)::date,
                tenant.code, null, true, true
           from violation join tenant on tenant.id = case when violation.origin_tenant_id is null then violation.tenant_id
             else abroad_counted_tenant(violation.tenant_id,
             violation.origin_tenant_id, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date) end
          where (violation.opened_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.opened_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'outcomes/outcome' then
      $q$select date_trunc($3, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date)::date,
                violation.outcome, null, true, true
           from violation
          where violation.status = 'closed'
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'outcomes/tenant' then
      $q$select date_trunc($3, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date)::date,
                tenant.code, null, true, true
           from violation join tenant on tenant.id = case when violation.origin_tenant_id is null then violation.tenant_id
             else abroad_counted_tenant(violation.tenant_id,
             violation.origin_tenant_id, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date) end
          where violation.status = 'closed'
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
  end;
  if raw is null then
    raise exception 'unknown measure or dimension: %/%', measure, dimension using errcode = '22023';
  end if;

  return query execute format($t$
    with raw (bucket, key, subject, key_once, subject_once) as (%s),
    buckets (bucket) as (
      select generate_series(date_trunc($3, $1::timestamp), $2::timestamp - interval '1 day', $5)::date
       where $6 <> 'abroad'
      union all select $1 where $6 = 'abroad'),
    totals as (select raw.bucket, %s as n from raw group by raw.bucket),
    cells as (select raw.bucket, raw.key, %s as n from raw group by raw.bucket, raw.key),
    tables as (
      select buckets.bucket, coalesce(max(totals.n), 0) as total,
             coalesce(array_agg(cells.key order by cells.key) filter (where cells.key is not null), '{}') as keys,
             coalesce(array_agg(cells.n order by cells.key) filter (where cells.key is not null), '{}') as counts
        from buckets
        left join totals on totals.bucket = buckets.bucket
        left join cells on cells.bucket = buckets.bucket
       group by buckets.bucket)
    select tables.bucket, shown.key, shown.n
      from tables,
           lateral unnest(tables.keys || null::text, abroad_suppress(tables.counts, tables.total, $7)) as shown (key, n)
     order by tables.bucket, shown.key nulls last$t$, raw,
    -- Members abroad may be on two trips at once: counted distinct. Everything else is counted
    -- once per row, or per first occurrence where a trip lists a country twice.
    case when measure = 'abroad' then 'count(distinct raw.subject)' else 'count(*) filter (where raw.subject_once)' end,
    case when measure = 'abroad' then 'count(distinct raw.subject)' else 'count(*) filter (where raw.key_once)' end)
    using period_from, period_to, bucket, today, step, measure, threshold;
end
$$;
set local role none;
revoke create on schema public from abroad_statistics;
set local role abroad_owner;
