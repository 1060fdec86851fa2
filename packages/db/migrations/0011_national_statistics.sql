-- National statistics (Ban Tổ chức Trung ương): aggregates across tenants, without personal data.
--
-- The analyst role is granted no table at all. It may execute one function,
-- abroad_national_statistics(), which counts and suppresses small counts before anything leaves
-- it. The function is SECURITY DEFINER and owned by abroad_statistics, a role nobody signs in
-- as, which a dedicated policy lets read every tenant's trips and violations — and only the
-- columns the counts need, no name, no citizen ID. Owning the function by abroad_owner would
-- not do: every tenant table forces row-level security on its owner too, and with no tenant set
-- the owner sees nothing.

-- Roles are cluster-wide: created only where missing, tolerating a concurrent migrator.
do $$
begin
  begin
    create role abroad_statistics nologin nobypassrls;
  exception when duplicate_object or unique_violation then
    null;
  end;
  if exists (select 1 from pg_roles where rolname = 'abroad_statistics'
              and (rolbypassrls or rolsuper or rolcreaterole or rolcreatedb or rolcanlogin)) then
    raise exception 'abroad_statistics may not log in, bypass row-level security or create roles or databases';
  end if;
  -- The migrator creates the functions as abroad_statistics below, so it must be able to become it.
  if not (select rolsuper from pg_roles where rolname = session_user)
     and not pg_has_role(session_user, 'abroad_statistics', 'member') then
    execute format('grant abroad_statistics to %I', session_user);
  end if;
end
$$;

set local role abroad_owner;

-- What the statistics role reads: every tenant's rows (a policy for it alone), a few columns.
create policy statistics_read on trip for select to abroad_statistics using (true);
create policy statistics_read on violation for select to abroad_statistics using (true);
grant select (tenant_id, id, member_id, status, purpose, countries, actual_departure, report_due_on,
  report_submitted_on) on trip to abroad_statistics;
grant select (tenant_id, id, kind, status, outcome, opened_at, closed_at) on violation to abroad_statistics;
grant select (id, code) on tenant to abroad_statistics;

set local role none;
grant usage, create on schema public to abroad_statistics;
set local role abroad_statistics;

-- Small-count suppression of one table: `counts` are its cells, `total` its margin (not always
-- their sum: a trip to two countries counts in both). Returns the cells and then the total,
-- null where suppressed:
-- 1. a cell below the threshold (but not zero) is suppressed;
-- 2. while the suppressed cells could be worked out from the total and the cells shown — one
--    suppressed cell alone, or suppressed cells adding up to less than the threshold — the
--    smallest cell still shown is suppressed too (complementary suppression);
-- 3. if that cannot protect them, the total is suppressed; a total below the threshold hides all.
create function abroad_suppress(counts bigint[], total bigint, threshold integer) returns bigint[]
  language plpgsql immutable parallel safe
  set search_path = pg_catalog, pg_temp as $$
declare
  result bigint[] := counts;
  n integer := coalesce(array_length(counts, 1), 0);
  hidden_cells integer := 0;
  hidden_sum bigint := 0;
  smallest integer;
  i integer;
begin
  if total > 0 and total < threshold then
    return array_fill(null::bigint, array[n + 1]);
  end if;
  for i in 1 .. n loop
    if counts[i] > 0 and counts[i] < threshold then
      result[i] := null;
      hidden_cells := hidden_cells + 1;
      hidden_sum := hidden_sum + counts[i];
    end if;
  end loop;
  while hidden_cells > 0 and (hidden_cells = 1 or hidden_sum < threshold) loop
    smallest := null;
    for i in 1 .. n loop
      if result[i] is not null and result[i] > 0 and (smallest is null or result[i] < result[smallest]) then
        smallest := i;
      end if;
    end loop;
    exit when smallest is null;
    hidden_cells := hidden_cells + 1;
    hidden_sum := hidden_sum + result[smallest];
    result[smallest] := null;
  end loop;
  if hidden_cells > 0 and (hidden_cells = 1 or hidden_sum < threshold) then
    return result || null::bigint;
  end if;
  return result || total;
end
$$;

-- The one door the analyst has. `measure` and `dimension` pick a fixed query (no text of the
-- caller reaches the SQL); the period [period_from, period_to) is cut into buckets of a month, a
-- quarter or a year. Each bucket is one table: a row per key with its count, and a row with a
-- null key for the bucket's total; a null count is a suppressed one. Counts are of distinct
-- trips, members or cases, below 5 suppressed.
--   trips      × purpose | country | tenant  — trips by their actual departure
--   abroad     × purpose | country | tenant  — members abroad now (one bucket: today)
--   reports    × state | tenant              — reports by their deadline: on_time, late, missing,
--                                              pending; by tenant the late and missing ones
--   violations × kind | tenant               — cases by the day they were opened
--   outcomes   × outcome | tenant            — closed cases by the day they were closed
-- The tenant a row is counted under. Here, the one that holds it; migration 0012, which brings
-- merges, makes it the predecessor a row came from for days before the merge took effect, so that
-- earlier periods are shown in the old structure.
create function abroad_counted_tenant(holder uuid, origin uuid, on_day date) returns uuid
  language sql stable as $$ select holder $$;

create function abroad_national_statistics(
  measure text, dimension text, period_from date, period_to date, bucket text
) returns table (bucket_start date, key text, count bigint)
  language plpgsql stable security definer
  set search_path = public, pg_temp as $$
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

  -- Each query yields (bucket, key, subject): the subject is what is counted, once per key.
  raw := case measure || '/' || dimension
    when 'trips/purpose' then
      $q$select date_trunc($3, trip.actual_departure)::date, trip.purpose, trip.tenant_id::text || trip.id::text
           from trip where trip.actual_departure >= $1 and trip.actual_departure < $2$q$
    when 'trips/country' then
      $q$select date_trunc($3, trip.actual_departure)::date, destination::text, trip.tenant_id::text || trip.id::text
           from trip, unnest(trip.countries) as destination
          where trip.actual_departure >= $1 and trip.actual_departure < $2$q$
    when 'trips/tenant' then
      $q$select date_trunc($3, trip.actual_departure)::date, tenant.code, trip.tenant_id::text || trip.id::text
           from trip join tenant
             on tenant.id = abroad_counted_tenant(trip.tenant_id, trip.origin_tenant_id, trip.actual_departure)
          where trip.actual_departure >= $1 and trip.actual_departure < $2$q$
    when 'abroad/purpose' then
      $q$select $1, trip.purpose, trip.tenant_id::text || trip.member_id::text
           from trip where trip.status = 'departed'$q$
    when 'abroad/country' then
      $q$select $1, destination::text, trip.tenant_id::text || trip.member_id::text
           from trip, unnest(trip.countries) as destination where trip.status = 'departed'$q$
    when 'abroad/tenant' then
      $q$select $1, tenant.code, trip.tenant_id::text || trip.member_id::text
           from trip join tenant on tenant.id = trip.tenant_id where trip.status = 'departed'$q$
    when 'reports/state' then
      $q$select date_trunc($3, trip.report_due_on)::date,
                case when trip.report_submitted_on is null and trip.report_due_on < $4 then 'missing'
                     when trip.report_submitted_on is null then 'pending'
                     when trip.report_submitted_on > trip.report_due_on then 'late'
                     else 'on_time' end,
                trip.tenant_id::text || trip.id::text
           from trip where trip.report_due_on >= $1 and trip.report_due_on < $2$q$
    when 'reports/tenant' then
      $q$select date_trunc($3, trip.report_due_on)::date, tenant.code, trip.tenant_id::text || trip.id::text
           from trip join tenant
             on tenant.id = abroad_counted_tenant(trip.tenant_id, trip.origin_tenant_id, trip.report_due_on)
          where trip.report_due_on >= $1 and trip.report_due_on < $2
            and ((trip.report_submitted_on is null and trip.report_due_on < $4)
              or trip.report_submitted_on > trip.report_due_on)$q$
    when 'violations/kind' then
      $q$select date_trunc($3, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date)::date,
                violation.kind, violation.tenant_id::text || violation.id::text
           from violation
          where (violation.opened_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.opened_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'violations/tenant' then
      $q$select date_trunc($3, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date)::date,
                tenant.code, violation.tenant_id::text || violation.id::text
           from violation join tenant on tenant.id = abroad_counted_tenant(violation.tenant_id,
             violation.origin_tenant_id, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date)
          where (violation.opened_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.opened_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'outcomes/outcome' then
      $q$select date_trunc($3, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date)::date,
                violation.outcome, violation.tenant_id::text || violation.id::text
           from violation
          where violation.status = 'closed'
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'outcomes/tenant' then
      $q$select date_trunc($3, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date)::date,
                tenant.code, violation.tenant_id::text || violation.id::text
           from violation join tenant on tenant.id = abroad_counted_tenant(violation.tenant_id,
             violation.origin_tenant_id, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date)
          where violation.status = 'closed'
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
  end;
  if raw is null then
    raise exception 'unknown measure or dimension: %/%', measure, dimension using errcode = '22023';
  end if;

  return query execute format($t$
    with raw (bucket, key, subject) as (%s),
    buckets (bucket) as (
      select generate_series(date_trunc($3, $1::timestamp), $2::timestamp - interval '1 day', $5)::date
       where $6 <> 'abroad'
      union all select $1 where $6 = 'abroad'),
    totals as (select raw.bucket, count(distinct raw.subject) as n from raw group by raw.bucket),
    cells as (select raw.bucket, raw.key, count(distinct raw.subject) as n from raw group by raw.bucket, raw.key),
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
     order by tables.bucket, shown.key nulls last$t$, raw)
    using period_from, period_to, bucket, today, step, measure, threshold;
end
$$;

set local role none;
revoke create on schema public from abroad_statistics;
revoke execute on function abroad_suppress(bigint[], bigint, integer) from public;
revoke execute on function abroad_national_statistics(text, text, date, date, text) from public;
grant execute on function abroad_national_statistics(text, text, date, date, text) to abroad_analyst;
set local role abroad_owner;
