import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase, type SeededTenant, seedTenant } from "./fixtures.ts"

/**
 * The tallies of migration 0015 — trips under way by tenant and country, departures by month — are
 * kept by triggers on `trip`. Whatever is written to trips, in whatever order, they must equal a
 * count of the trips themselves, and the national statistics read from them must say what the
 * count of the trips said before them (migration 0013), suppression and all.
 */

const COUNTRIES = ["JP", "KR", "FR", "DE"] as const
const PURPOSES = ["study", "official_work", "private_tourism"] as const
const STATUSES = ["draft", "approved", "departed", "returned", "reported"] as const
// Departures over a year and a half, so that buckets of a month, a quarter and a year all hold several.
const DEPARTURES = [
  "2025-02-03",
  "2025-02-27",
  "2025-05-14",
  "2025-09-30",
  "2025-10-01",
  "2025-10-20",
  "2026-01-10",
  "2026-06-30",
]

/** A small deterministic generator, so that a failing sequence can be replayed. */
const generator = (seed: number) => {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(next() * items.length)] as A
  return { next, pick }
}

interface TripRow {
  readonly tenant_id: string
  readonly origin_tenant_id: string | null
  readonly status: string
  readonly purpose: string
  readonly countries: string
  readonly actual_departure: string | null
}

/** The trips' columns the tallies count, as text (the same on both drivers). */
const TRIPS = `select tenant_id::text, origin_tenant_id::text, status, purpose,
                      array_to_string(countries, ',') as countries, actual_departure::text from trip`

/** The tallies as the trips say they should be: the test's own recount, rows of nought left out. */
const recount = (trips: ReadonlyArray<TripRow>) => {
  const byTenant = new Map<string, number>()
  const byCountry = new Map<string, { listings: number; trips: number }>()
  const departures = new Map<string, number>()
  const add = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1)
  for (const trip of trips) {
    const countries = trip.countries.split(",")
    if (trip.status === "departed") {
      add(byTenant, trip.tenant_id)
      for (const country of countries) {
        const key = `${trip.tenant_id}/${country}`
        const cell = byCountry.get(key) ?? { listings: 0, trips: 0 }
        byCountry.set(key, { listings: cell.listings + 1, trips: cell.trips })
      }
      for (const country of new Set(countries)) {
        const key = `${trip.tenant_id}/${country}`
        const cell = byCountry.get(key) ?? { listings: 0, trips: 0 }
        byCountry.set(key, { listings: cell.listings, trips: cell.trips + 1 })
      }
    }
    if (trip.actual_departure !== null) {
      const month = `${trip.actual_departure.slice(0, 7)}-01`
      add(departures, `${month}/purpose/${trip.purpose}//`)
      for (const country of new Set(countries)) add(departures, `${month}/country/${country}//`)
      add(
        departures,
        trip.origin_tenant_id === null
          ? `${month}/tenant/${trip.tenant_id}//`
          : `${month}/tenant/${trip.tenant_id}/${trip.origin_tenant_id}/${trip.actual_departure}`,
      )
    }
  }
  const sorted = <V>(map: Map<string, V>) => Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)))
  return { byTenant: sorted(byTenant), byCountry: sorted(byCountry), departures: sorted(departures) }
}

const TALLIES = {
  byTenant: "select home_tenant_id::text as key, trips from abroad_now_by_tenant where trips > 0",
  byCountry: `select home_tenant_id::text || '/' || country as key, listings, trips from abroad_now_by_country
               where listings > 0`,
  departures: `select month::text || '/' || dimension || '/' || key || '/' || coalesce(origin_tenant_id::text, '')
                      || '/' || coalesce(departed_on::text, '') as key, trips
                 from trip_departure_tally where trips > 0`,
}

/**
 * The national statistics of trips as migration 0013 computed them, from the trips themselves:
 * the test's reference. Run as the statistics role, which reads trips across tenants.
 */
const REFERENCE_TRIPS: Record<string, string> = {
  purpose: `select date_trunc($3, trip.actual_departure)::date, trip.purpose, true, true
              from trip where trip.actual_departure >= $1 and trip.actual_departure < $2`,
  country: `select date_trunc($3, trip.actual_departure)::date, destination::text,
                   array_position(trip.countries, destination) = ordinal, ordinal = 1
              from trip, unnest(trip.countries) with ordinality as d (destination, ordinal)
             where trip.actual_departure >= $1 and trip.actual_departure < $2`,
  tenant: `select date_trunc($3, trip.actual_departure)::date, tenant.code, true, true
             from trip join tenant
               on tenant.id = abroad_counted_tenant(trip.tenant_id, trip.origin_tenant_id, trip.actual_departure)
            where trip.actual_departure >= $1 and trip.actual_departure < $2`,
}

const referenceStatistics = (dimension: string) => `
  with bounds as (
    select date_trunc($3, $1::date::timestamp)::date as from_day,
           (date_trunc($3, ($2::date - 1)::timestamp) + $4::interval)::date as to_day),
  raw (bucket, key, key_once, subject_once) as (
    select r.* from bounds, lateral (${(REFERENCE_TRIPS[dimension] ?? "")
      .replaceAll("$1", "bounds.from_day")
      .replaceAll("$2", "bounds.to_day")
      .replaceAll("$3", "$3::text")}) as r),
  buckets (bucket) as (
    select generate_series(date_trunc($3, bounds.from_day::timestamp), bounds.to_day::timestamp - interval '1 day',
                           $4::interval)::date from bounds),
  totals as (select raw.bucket, count(*) filter (where raw.subject_once) as n from raw group by raw.bucket),
  cells as (select raw.bucket, raw.key, count(*) filter (where raw.key_once) as n from raw group by raw.bucket, raw.key),
  tables as (
    select buckets.bucket, coalesce(max(totals.n), 0) as total,
           coalesce(array_agg(cells.key order by cells.key) filter (where cells.key is not null), '{}') as keys,
           coalesce(array_agg(cells.n order by cells.key) filter (where cells.key is not null), '{}') as counts
      from buckets
      left join totals on totals.bucket = buckets.bucket
      left join cells on cells.bucket = buckets.bucket
     group by buckets.bucket)
  select tables.bucket::text as bucket, shown.key, shown.n::int as count
    from tables,
         lateral unnest(tables.keys || null::text, abroad_suppress(tables.counts, tables.total, 5)) as shown (key, n)
   order by tables.bucket, shown.key nulls last`

const STEP: Record<string, string> = { month: "1 month", quarter: "3 months", year: "1 year" }

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`the trip tallies on ${dialect}`, () => {
    let m: MigratedDatabase
    let tenants: ReadonlyArray<SeededTenant>
    const random = generator(86)

    /** Every trip, across tenants (the owner's transaction sees them all, as a merge does). */
    const trips = () =>
      m.owner(async (tx) => {
        await tx.exec("alter table trip no force row level security")
        const rows = await tx.query<TripRow>(TRIPS)
        await tx.exec("alter table trip force row level security")
        return rows
      })

    const tallies = () =>
      m.owner(async (tx) => {
        const rows = async (text: string) =>
          Object.fromEntries(
            (await tx.query<{ key: string; trips: number; listings?: number }>(text))
              .map(({ key, ...counts }): [string, unknown] => [
                key,
                counts.listings === undefined
                  ? Number(counts.trips)
                  : { listings: Number(counts.listings), trips: Number(counts.trips) },
              ])
              .sort(([a], [b]) => a.localeCompare(b)),
          )
        return {
          byTenant: await rows(TALLIES.byTenant),
          byCountry: await rows(TALLIES.byCountry),
          departures: await rows(TALLIES.departures),
        }
      })

    /** Writes to one tenant's trips, through the wall, as a request does. */
    const inTenant = (
      tenant: SeededTenant,
      work: (q: (text: string, params?: ReadonlyArray<unknown>) => Promise<unknown>) => Promise<unknown>,
    ) =>
      m.owner(async (tx) => {
        await tx.query("select set_config('app.tenant_id', $1, true)", [tenant.id])
        await work((text, params) => tx.query(text, params))
      })
    /** The trips the fixture seeded, which events and reports hang off: left alone. */
    let seeded = "{}"

    const randomTrip = () => {
      const status = random.pick(STATUSES)
      const countries = Array.from({ length: 1 + Math.floor(random.next() * 3) }, () => random.pick(COUNTRIES))
      const departed = status === "departed" || status === "returned" || status === "reported"
      return { status, countries, purpose: random.pick(PURPOSES), departure: departed ? random.pick(DEPARTURES) : null }
    }

    const insertTrip = (tenant: SeededTenant) => {
      const trip = randomTrip()
      const id = crypto.randomUUID()
      return inTenant(tenant, (q) =>
        q(
          `insert into trip (tenant_id, id, member_id, cell_id, status, purpose, funding, countries, planned_departure,
             planned_return, actual_departure, revision, record)
           values ($1, $2::text::uuid, $3::text::uuid, $4, $5::text, $6, 'own', string_to_array($7, ',')::char(2)[], '2025-01-01', '2027-01-01', $8, 1,
             jsonb_build_object('id', $2::text, 'memberId', $3::text, 'status', $5::text, 'revision', 1))`,
          [
            tenant.id,
            id,
            tenant.memberId,
            tenant.cellId,
            trip.status,
            trip.purpose,
            trip.countries.join(","),
            trip.departure,
          ],
        ),
      )
    }

    /** One random change to one random trip of the tenant: what is counted, or not, or the trip gone. */
    const changeTrip = (tenant: SeededTenant) => {
      const trip = randomTrip()
      const change = random.pick(["status", "countries", "purpose", "departure", "unrelated", "delete"] as const)
      const pickOne = `(select id from trip where tenant_id = $1 and id <> all ('${seeded}'::uuid[])
                          order by id limit 1 offset $2)`
      const offset = Math.floor(random.next() * 10)
      return inTenant(tenant, (q) => {
        switch (change) {
          case "status":
            // Departed, back, or not gone after all: the departure day follows, as the workflow sets it.
            return q(
              `update trip set status = $3, revision = revision + 1,
                      actual_departure = case when $3 in ('departed', 'returned', 'reported')
                                              then coalesce(actual_departure, $4::date) end,
                      record = record || jsonb_build_object('status', $3::text, 'revision', revision + 1)
                where tenant_id = $1 and id = ${pickOne}`,
              [tenant.id, offset, trip.status, trip.departure ?? DEPARTURES[0]],
            )
          case "countries":
            return q(
              `update trip set countries = string_to_array($3, ',')::char(2)[] where tenant_id = $1 and id = ${pickOne}`,
              [tenant.id, offset, trip.countries.join(",")],
            )
          case "purpose":
            return q(`update trip set purpose = $3 where tenant_id = $1 and id = ${pickOne}`, [
              tenant.id,
              offset,
              trip.purpose,
            ])
          case "departure":
            return q(
              `update trip set actual_departure = $3 where tenant_id = $1 and id = ${pickOne} and actual_departure is not null`,
              [tenant.id, offset, random.pick(DEPARTURES)],
            )
          case "unrelated":
            return q(
              `update trip set companions_who_are_members = companions_who_are_members + 1
                       where tenant_id = $1 and id = ${pickOne}`,
              [tenant.id, offset],
            )
          case "delete":
            return q(`delete from trip where tenant_id = $1 and id = ${pickOne}`, [tenant.id, offset])
        }
      })
    }

    beforeAll(async () => {
      m = await migratedDatabase(dialect)
      tenants = [
        await seedTenant(m, "tinh-a", "91"),
        await seedTenant(m, "tinh-b", "92"),
        await seedTenant(m, "tinh-c", "93"),
      ]
      await m.owner((tx) =>
        tx.exec(`insert into country (code, alpha3, numeric, name_vi, name_en) values
                   ('KR', 'KOR', '410', 'Hàn Quốc', 'Korea'), ('FR', 'FRA', '250', 'Pháp', 'France'),
                   ('DE', 'DEU', '276', 'Đức', 'Germany') on conflict do nothing`),
      )
      const before = await trips()
      seeded = await m.owner(async (tx) => {
        await tx.exec("alter table trip no force row level security")
        const [row] = await tx.query<{ ids: string }>("select array_agg(id)::text as ids from trip")
        await tx.exec("alter table trip force row level security")
        return row?.ids ?? "{}"
      })
      expect(before.length).toBeLessThan(10)
      for (let i = 0; i < 90; i++) await insertTrip(random.pick(tenants))
    }, 240_000)
    afterAll(async () => {
      await m?.close()
    })

    const statistics = async (dimension: string, from: string, to: string, bucket: string) =>
      m.owner(async (tx) => {
        await tx.exec("set local role abroad_statistics")
        const tallied = await tx.query(
          `select bucket_start::text as bucket, key, count::int as count
             from abroad_national_statistics('trips', $1, $2, $3, $4)`,
          [dimension, from, to, bucket],
        )
        const counted = await tx.query(referenceStatistics(dimension), [from, to, bucket, STEP[bucket]])
        return { tallied, counted }
      })

    const expectStatisticsAsCounted = async () => {
      for (const dimension of ["purpose", "country", "tenant"])
        for (const [from, to, bucket] of [
          ["2025-01-01", "2026-12-31", "month"],
          ["2025-02-15", "2026-03-10", "quarter"],
          ["2021-01-01", "2026-01-01", "year"],
        ] as const) {
          const { tallied, counted } = await statistics(dimension, from, to, bucket)
          expect(tallied, `${dimension} by ${bucket}`).toEqual(counted)
        }
    }

    it("fills from the trips there are and follows every write", async () => {
      expect(await tallies()).toEqual(recount(await trips()))
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 40; i++) {
          const tenant = random.pick(tenants)
          await (random.next() < 0.25 ? insertTrip(tenant) : changeTrip(tenant))
        }
        expect(await tallies()).toEqual(recount(await trips()))
      }
    })

    it("counts afresh, from the trips alone, what the triggers kept (the migration's initial fill)", async () => {
      const kept = await tallies()
      await m.owner(async (tx) => {
        await tx.exec("alter table trip no force row level security")
        await tx.exec("select abroad_refill_trip_tallies()")
        await tx.exec("alter table trip force row level security")
      })
      expect(await tallies()).toEqual(kept)
      expect(Object.keys(kept.departures).length).toBeGreaterThan(10)
      expect(Object.keys(kept.byCountry).length).toBeGreaterThan(3)
    })

    it("gives the national statistics of trips the figures counted from the trips", async () => {
      // Enough departures that some cells are shown and some suppressed.
      const statistics = await m.owner(async (tx) => {
        await tx.exec("set local role abroad_statistics")
        return tx.query<{ count: number | null }>(
          "select count from abroad_national_statistics('trips', 'purpose', '2025-01-01', '2026-12-31', 'year')",
        )
      })
      expect(statistics.some((row) => row.count !== null && Number(row.count) > 0)).toBe(true)
      await expectStatisticsAsCounted()
    })

    it("moves the counts with trips a merge moves, and counts them under their old tenant before it", async () => {
      const [successor, predecessor] = tenants as [SeededTenant, SeededTenant]
      // What a merge does to trips (packages/core/src/reorganisation): the predecessor's trips go to
      // the successor, keeping the tenant they came from; the lineage says from which day.
      await m.owner(async (tx) => {
        await tx.exec("alter table trip no force row level security")
        await tx.query(
          `update trip set tenant_id = $1, member_id = $2::text::uuid, cell_id = $3,
                  origin_tenant_id = coalesce(origin_tenant_id, tenant_id),
                  record = jsonb_set(record, '{memberId}', to_jsonb($2::text))
            where tenant_id = $4 and id <> all ('${seeded}'::uuid[])`,
          [successor.id, successor.memberId, successor.cellId, predecessor.id],
        )
        await tx.exec("alter table trip force row level security")
        const [merge] = await tx.query<{ id: string }>(
          "insert into tenant_merge (successor_id, effective_on, performed_by, report) values ($1, '2025-10-15', 'cli', '{}') returning id",
          [successor.id],
        )
        await tx.query(
          "insert into tenant_lineage (successor_id, predecessor_id, effective_on, merge_id) values ($1, $2, '2025-10-15', $3)",
          [successor.id, predecessor.id, merge?.id],
        )
      })
      expect(await tallies()).toEqual(recount(await trips()))
      await expectStatisticsAsCounted()
      // And the moved trips keep changing afterwards.
      for (let i = 0; i < 30; i++) await changeTrip(successor)
      expect(await tallies()).toEqual(recount(await trips()))
      await expectStatisticsAsCounted()
    })

    it("lets only the oversight role without a tenant and the statistics role read the tallies", async () => {
      const read = (role: string, table: string, tenant?: string) =>
        m.owner(async (tx) => {
          if (tenant !== undefined) await tx.query("select set_config('app.tenant_id', $1, true)", [tenant])
          await tx.exec(`set local role ${role}`)
          return tx.query<{ n: number }>(`select count(*)::int as n from ${table}`)
        })
      for (const table of ["abroad_now_by_tenant", "abroad_now_by_country"]) {
        expect((await read("abroad_oversight", table))[0]?.n).toBeGreaterThan(0)
        // With a tenant set (as a tenant's request would have), the oversight policy lets nothing through.
        expect((await read("abroad_oversight", table, tenants[0]?.id))[0]?.n).toBe(0)
        await expect(read("abroad_app", table, tenants[0]?.id)).rejects.toThrow(/permission denied/i)
        await expect(read("abroad_analyst", table)).rejects.toThrow(/permission denied/i)
      }
      expect((await read("abroad_statistics", "trip_departure_tally"))[0]?.n).toBeGreaterThan(0)
      for (const role of ["abroad_app", "abroad_analyst", "abroad_oversight"])
        await expect(read(role, "trip_departure_tally", tenants[0]?.id)).rejects.toThrow(/permission denied/i)
    })
  })
}
