-- Pre-counted figures for the two cross-tenant desks that count (issue 8, `pnpm bench`). At the
-- size of the country the oversight map counted 40,000 trips under way per request and the 5-year
-- national view 175,000 departures: at 50 clients on two cores a request must take a few ms, so the
-- counting moves to the writes. Triggers on `trip` keep tallies exact in the same transaction as
-- the trip they count; the desks sum a few hundred rows.
--
-- The tallies hold counts only, no person and no trip. They are not tenant tables (no `tenant_id`
-- column: nobody reads them inside one tenant, and a merge carries them by moving the trips they
-- count, the triggers moving the counts); row-level security lets exactly the roles that read the
-- counts today read them: the oversight role with no tenant set, the statistics definer role.
-- A count may fall to zero and its row stay: every reader ignores counts of zero. No check says
-- a count is not negative: PostgreSQL checks the row an upsert proposes (a delta of -1) before it
-- finds the row the delta is added to; the tests recount instead.
set local role abroad_owner;

-- Trips under way (status 'departed': members abroad now), by the tenant that holds the trip.
create table abroad_now_by_tenant (
  home_tenant_id uuid not null references tenant (id),
  trips integer not null,
  primary key (home_tenant_id)
);

-- Trips under way by tenant and country of destination: `listings` counts each time a trip lists
-- the country (what the map counts by country), `trips` each trip going there once (what it counts
-- by tenant for one country).
create table abroad_now_by_country (
  home_tenant_id uuid not null references tenant (id),
  country text not null,
  listings integer not null,
  trips integer not null,
  primary key (home_tenant_id, country)
);

-- Departures by month (the trips measure of the national statistics): per purpose, per country
-- (a trip listing a country twice counts once), per tenant. Per tenant, the tenant the trip counts
-- under is decided when read, as abroad_counted_tenant decides it, because a merge recorded later
-- changes it: a trip moved by a merge keeps its origin and its departure day, a trip born in its
-- tenant needs neither. A month's total is the sum of its purpose rows (every trip has one).
create table trip_departure_tally (
  month date not null check (month = date_trunc('month', month)::date),
  dimension text not null check (dimension in ('purpose', 'country', 'tenant')),
  -- The purpose, the country code, or the holding tenant's id.
  key text not null,
  origin_tenant_id uuid references tenant (id),
  departed_on date,
  trips integer not null,
  check ((origin_tenant_id is null) = (departed_on is null)),
  check (dimension = 'tenant' or origin_tenant_id is null),
  constraint trip_departure_tally_key unique nulls not distinct (month, dimension, key, origin_tenant_id, departed_on)
);

alter table abroad_now_by_tenant enable row level security;
alter table abroad_now_by_country enable row level security;
alter table trip_departure_tally enable row level security;
-- Not forced: the owner, whose trigger function below keeps the tallies, writes them past the
-- policies (it owns the tables and could lift the wall anyway); nobody else writes them at all.
create policy oversight_without_tenant on abroad_now_by_tenant for select to abroad_oversight
  using ((select abroad_current_tenant()) is null);
create policy oversight_without_tenant on abroad_now_by_country for select to abroad_oversight
  using ((select abroad_current_tenant()) is null);
grant select on abroad_now_by_tenant, abroad_now_by_country to abroad_oversight;
create policy statistics_read on trip_departure_tally for select to abroad_statistics using (true);
grant select on trip_departure_tally to abroad_statistics;

-- One trip's part in every tally, added (delta 1) or taken away (delta -1). Rows are upserted in
-- key order so that two transactions counting trips to the same countries lock them in one order.
create function abroad_tally_trip(
  holder uuid, origin uuid, status text, purpose text, countries char(2)[], departed date, delta integer
) returns void
  language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if status = 'departed' then
    insert into abroad_now_by_tenant as t (home_tenant_id, trips) values (holder, delta)
      on conflict (home_tenant_id) do update set trips = t.trips + excluded.trips;
    insert into abroad_now_by_country as t (home_tenant_id, country, listings, trips)
      select holder, d.country::text, count(*) * delta, delta
        from unnest(countries) as d (country) group by d.country order by d.country
      on conflict (home_tenant_id, country)
        do update set listings = t.listings + excluded.listings, trips = t.trips + excluded.trips;
  end if;
  if departed is not null then
    insert into trip_departure_tally as t (month, dimension, key, origin_tenant_id, departed_on, trips)
      select date_trunc('month', departed)::date, cell.dimension, cell.key, cell.origin, cell.day, delta
        from (select 'purpose' as dimension, purpose as key, null::uuid as origin, null::date as day
              union all
              select distinct 'country', d.country::text, null::uuid, null::date from unnest(countries) as d (country)
              union all
              select 'tenant', holder::text, origin, case when origin is null then null else departed end) as cell
       order by cell.dimension, cell.key
      on conflict on constraint trip_departure_tally_key do update set trips = t.trips + excluded.trips;
  end if;
end
$$;
revoke execute on function abroad_tally_trip(uuid, uuid, text, text, char(2)[], date, integer) from public;

create function abroad_trip_tallies() returns trigger
  language plpgsql security definer set search_path = public, pg_temp as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform abroad_tally_trip(old.tenant_id, old.origin_tenant_id, old.status, old.purpose, old.countries,
      old.actual_departure, -1);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform abroad_tally_trip(new.tenant_id, new.origin_tenant_id, new.status, new.purpose, new.countries,
      new.actual_departure, 1);
  end if;
  return null;
end
$$;
revoke execute on function abroad_trip_tallies() from public;

create trigger trip_tallies_insert_delete after insert or delete on trip
  for each row execute function abroad_trip_tallies();
-- Only updates that change what is counted: most (a record's revision, a report) do not.
create trigger trip_tallies_update after update on trip
  for each row when ((old.tenant_id, old.origin_tenant_id, old.status, old.purpose, old.countries, old.actual_departure)
                     is distinct from
                     (new.tenant_id, new.origin_tenant_id, new.status, new.purpose, new.countries, new.actual_departure))
  execute function abroad_trip_tallies();

-- The tallies counted afresh from the trips: the migration's initial fill, and a repair (or a bulk
-- load with the triggers off) by the owner. It reads every tenant's trips, so the caller must see
-- them all: the owner with the wall lifted for its transaction, as a merge does.
create function abroad_refill_trip_tallies() returns void
  language plpgsql set search_path = public, pg_temp as $$
begin
  delete from abroad_now_by_tenant;
  delete from abroad_now_by_country;
  delete from trip_departure_tally;
  insert into abroad_now_by_tenant (home_tenant_id, trips)
    select tenant_id, count(*) from trip where status = 'departed' group by tenant_id;
  insert into abroad_now_by_country (home_tenant_id, country, listings, trips)
    select tenant_id, country, sum(listed), count(*)
      from (select trip.tenant_id, d.country::text as country, count(*) as listed
              from trip, unnest(trip.countries) as d (country)
             where trip.status = 'departed' group by trip.tenant_id, trip.id, d.country) as listed
     group by tenant_id, country;
  insert into trip_departure_tally (month, dimension, key, origin_tenant_id, departed_on, trips)
    select date_trunc('month', actual_departure)::date, 'purpose', purpose, null::uuid, null::date, count(*)
      from trip where actual_departure is not null group by 1, 3
    union all
    select month, 'country', country, null::uuid, null::date, count(*)
      from (select distinct trip.tenant_id, trip.id, date_trunc('month', trip.actual_departure)::date as month,
                   d.country::text as country
              from trip, unnest(trip.countries) as d (country) where trip.actual_departure is not null) as went
     group by month, country
    union all
    select date_trunc('month', actual_departure)::date, 'tenant', tenant_id::text, origin_tenant_id,
           case when origin_tenant_id is null then null else actual_departure end, count(*)
      from trip where actual_departure is not null group by 1, 3, 4, 5;
end
$$;
revoke execute on function abroad_refill_trip_tallies() from public;

alter table trip no force row level security;
select abroad_refill_trip_tallies();
alter table trip force row level security;

-- The trips measure of the national statistics sums the tally; every other measure is counted as
-- before (migration 0013). Same answers, same suppression, same whole buckets; replaced as its
-- owner, keeping its grants. Each query now yields (bucket, key, subject, key_n, total_n): what a
-- row adds to its key's cell and to its bucket's total (members abroad are still counted as
-- distinct subjects). A tally row with no key adds to the total alone.
set local role none;
grant create on schema public to abroad_statistics;
set local role abroad_statistics;
create or replace function abroad_national_statistics(
  measure text, dimension text, period_from date, period_to date, bucket text
) returns table (bucket_start date, key text, count bigint)
  language plpgsql stable security definer
  set search_path = public, pg_temp
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
  -- their difference would single that person out past the suppression. Whole buckets are whole
  -- months, which the tally counts by.
  period_from := date_trunc(bucket, period_from::timestamp)::date;
  period_to := (date_trunc(bucket, (period_to - 1)::timestamp) + step)::date;

  raw := case measure || '/' || dimension
    when 'trips/purpose' then
      $q$select date_trunc($3, tally.month)::date, tally.key, null, tally.trips, tally.trips
           from trip_departure_tally tally
          where tally.dimension = 'purpose' and tally.month >= $1 and tally.month < $2$q$
    when 'trips/country' then
      $q$select date_trunc($3, tally.month)::date, case when tally.dimension = 'country' then tally.key end, null,
                case when tally.dimension = 'country' then tally.trips else 0 end,
                case when tally.dimension = 'purpose' then tally.trips else 0 end
           from trip_departure_tally tally
          where tally.dimension in ('purpose', 'country') and tally.month >= $1 and tally.month < $2$q$
    when 'trips/tenant' then
      $q$select date_trunc($3, tally.month)::date, tenant.code, null, tally.trips, tally.trips
           from trip_departure_tally tally join tenant
             on tenant.id = case when tally.origin_tenant_id is null then tally.key::uuid
                  else abroad_counted_tenant(tally.key::uuid, tally.origin_tenant_id, tally.departed_on) end
          where tally.dimension = 'tenant' and tally.month >= $1 and tally.month < $2$q$
    when 'abroad/purpose' then
      $q$select $1, trip.purpose, trip.tenant_id::text || trip.member_id::text, 1, 1
           from trip where trip.status = 'departed'$q$
    when 'abroad/country' then
      $q$select $1, destination::text, trip.tenant_id::text || trip.member_id::text, 1, 1
           from trip, unnest(trip.countries) as destination where trip.status = 'departed'$q$
    when 'abroad/tenant' then
      $q$select $1, tenant.code, trip.tenant_id::text || trip.member_id::text, 1, 1
           from trip join tenant on tenant.id = trip.tenant_id where trip.status = 'departed'$q$
    when 'reports/state' then
      $q$select date_trunc($3, trip.report_due_on)::date,
                case when trip.report_submitted_on is null and trip.report_due_on < $4 then 'missing'
                     when trip.report_submitted_on is null then 'pending'
                     when trip.report_submitted_on > trip.report_due_on then 'late'
                     else 'on_time' end,
                null, 1, 1
           from trip where trip.report_due_on >= $1 and trip.report_due_on < $2$q$
    when 'reports/tenant' then
      $q$select date_trunc($3, trip.report_due_on)::date, tenant.code, null, 1, 1
           from trip join tenant
             on tenant.id = case when trip.origin_tenant_id is null then trip.tenant_id
                  else abroad_counted_tenant(trip.tenant_id, trip.origin_tenant_id, trip.report_due_on) end
          where trip.report_due_on >= $1 and trip.report_due_on < $2
            and ((trip.report_submitted_on is null and trip.report_due_on < $4)
              or trip.report_submitted_on > trip.report_due_on)$q$
    when 'violations/kind' then
      $q$select date_trunc($3, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date)::date,
                violation.kind, null, 1, 1
           from violation
          where (violation.opened_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.opened_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'violations/tenant' then
      $q$select date_trunc($3, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date)::date,
                tenant.code, null, 1, 1
           from violation join tenant on tenant.id = case when violation.origin_tenant_id is null then violation.tenant_id
             else abroad_counted_tenant(violation.tenant_id,
             violation.origin_tenant_id, (violation.opened_at at time zone 'UTC' + interval '7 hours')::date) end
          where (violation.opened_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.opened_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'outcomes/outcome' then
      $q$select date_trunc($3, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date)::date,
                violation.outcome, null, 1, 1
           from violation
          where violation.status = 'closed'
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date >= $1
            and (violation.closed_at at time zone 'UTC' + interval '7 hours')::date < $2$q$
    when 'outcomes/tenant' then
      $q$select date_trunc($3, (violation.closed_at at time zone 'UTC' + interval '7 hours')::date)::date,
                tenant.code, null, 1, 1
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

  -- A cell of nought (a tally row counted down to zero) is no cell, as no row was none before.
  return query execute format($t$
    with raw (bucket, key, subject, key_n, total_n) as (%s),
    buckets (bucket) as (
      select generate_series(date_trunc($3, $1::timestamp), $2::timestamp - interval '1 day', $5)::date
       where $6 <> 'abroad'
      union all select $1 where $6 = 'abroad'),
    totals as (select raw.bucket, %s as n from raw group by raw.bucket),
    cells as (select raw.bucket, raw.key, %s as n from raw group by raw.bucket, raw.key having %s > 0),
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
    case when measure = 'abroad' then 'count(distinct raw.subject)' else 'sum(raw.total_n)::bigint' end,
    case when measure = 'abroad' then 'count(distinct raw.subject)' else 'sum(raw.key_n)::bigint' end,
    case when measure = 'abroad' then 'count(distinct raw.subject)' else 'sum(raw.key_n)' end)
    using period_from, period_to, bucket, today, step, measure, threshold;
end
$$;
set local role none;
revoke create on schema public from abroad_statistics;
set local role abroad_owner;
