import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import postgres from "postgres"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type MigratedDatabase, migratedDatabase, type SeededTenant, seedTenant } from "./fixtures.ts"

/**
 * The oversight and analyst roles tried as an attacker would: raw SQL on a request connection,
 * as that role. Oversight reads members abroad now of every tenant and nothing else of them;
 * the analyst reads counts, never a person.
 */

type RawQuery = (text: string, params?: ReadonlyArray<unknown>) => Promise<ReadonlyArray<Record<string, unknown>>>

const asRole = async <A>(
  m: MigratedDatabase,
  role: "abroad_oversight" | "abroad_analyst",
  work: (q: RawQuery) => Promise<A>,
): Promise<A> => {
  if (m.appUrl === undefined) {
    return m.owner(async (tx) => {
      await tx.exec(`set local role ${role}`)
      return work((text, params) => tx.query(text, params))
    })
  }
  // PostgreSQL: through the request login itself, which may become this role and nothing stronger.
  const login = postgres(m.appUrl, { max: 1, onnotice: () => {} })
  try {
    return (await login.begin(async (tx) => {
      await tx.unsafe(`set local role ${role}`)
      return work((text, params) => tx.unsafe(text, (params ?? []) as never[]))
    })) as A
  } finally {
    await login.end({ timeout: 1 })
  }
}

const oversight = <A>(m: MigratedDatabase, work: (q: RawQuery) => Promise<A>) => asRole(m, "abroad_oversight", work)
const analyst = <A>(m: MigratedDatabase, work: (q: RawQuery) => Promise<A>) => asRole(m, "abroad_analyst", work)

interface Abroad {
  readonly memberId: string
  readonly tripId: string
}

/** A member of the tenant's cell, with a citizen ID, on a trip that departed and has not returned. */
const memberAbroad = (
  m: MigratedDatabase,
  tenant: SeededTenant,
  name: string,
  countries: ReadonlyArray<string>,
  status: "departed" | "returned" = "departed",
): Promise<Abroad> =>
  m.owner(async (tx) => {
    await tx.query("select set_config('app.tenant_id', $1, true)", [tenant.id])
    const citizenId = String(Math.floor(Math.random() * 1e12)).padStart(12, "0")
    const [member] = await tx.query<{ id: string }>(
      "insert into member (tenant_id, org_unit_id, full_name, birth_date, citizen_id) values ($1, $2, $3, '1985-03-04', $4) returning id",
      [tenant.id, tenant.cellId, name, citizenId],
    )
    const memberId = member?.id as string
    const tripId = crypto.randomUUID()
    const record = JSON.stringify({ id: tripId, memberId, status, revision: 5 })
    await tx.query(
      `insert into trip (tenant_id, id, member_id, cell_id, status, purpose, funding, countries, planned_departure,
         planned_return, actual_departure, actual_return, revision, record)
       values ($1, $2, $3, $4, $5, 'study', 'own', string_to_array($6, ',')::char(2)[], '2026-01-10', '2026-10-10',
         '2026-01-10', $7, 5, $8::text::jsonb)`,
      [
        tenant.id,
        tripId,
        memberId,
        tenant.cellId,
        status,
        countries.join(","),
        status === "returned" ? "2026-02-01" : null,
        record,
      ],
    )
    return { memberId, tripId }
  })

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`the oversight and analyst roles on ${dialect}`, () => {
    let m: MigratedDatabase
    let a: SeededTenant
    let b: SeededTenant
    let inJapan: Array<Abroad>
    let inKorea: Abroad
    let back: Abroad
    let cell: string

    beforeAll(async () => {
      m = await migratedDatabase(dialect)
      a = await seedTenant(m, "tinh-a", "01")
      b = await seedTenant(m, "tinh-b", "02")
      await m.owner((tx) =>
        tx.exec(
          "insert into country (code, alpha3, numeric, name_vi, name_en) values ('KR', 'KOR', '410', 'Hàn Quốc', 'Korea') on conflict do nothing",
        ),
      )
      inJapan = []
      for (let i = 0; i < 6; i++) inJapan.push(await memberAbroad(m, a, `Lê Văn Nhật ${i}`, ["JP"]))
      inKorea = await memberAbroad(m, b, "Phạm Thị Hàn", ["KR"])
      back = await memberAbroad(m, b, "Trần Văn Về", ["KR"], "returned")
      const [org] = await m.owner((tx) =>
        tx.query<{ id: string }>(
          "insert into overseas_org (id, kind, name, country, path) values ('6f1c2b7e-0000-4000-8000-000000000001', 'cell', 'Chi bộ Tokyo', 'JP', '/6f1c2b7e-0000-4000-8000-000000000001/') returning id",
        ),
      )
      cell = org?.id as string
    })
    afterAll(() => m?.close())

    it("lets oversight read the members abroad now of every tenant, and no one else", async () => {
      const rows = await oversight(m, (q) =>
        q(
          "select tenant_id, member_id, full_name, birth_date::text as birth_date, countries::text as countries from oversight_member_abroad",
        ),
      )
      expect(new Set(rows.map((row) => row.member_id))).toEqual(
        new Set([...inJapan.map((x) => x.memberId), inKorea.memberId]),
      )
      expect(new Set(rows.map((row) => row.tenant_id))).toEqual(new Set([a.id, b.id]))
      expect(rows.find((row) => row.member_id === inKorea.memberId)).toMatchObject({
        full_name: "Phạm Thị Hàn",
        birth_date: "1985-03-04",
      })
      // Straight at the table: the member at home and the one back from abroad are not there.
      const members = await oversight(m, (q) => q("select id from member"))
      expect(members.map((row) => row.id)).not.toContain(a.memberId)
      expect(members.map((row) => row.id)).not.toContain(back.memberId)
      expect(members).toHaveLength(7)
      expect(await oversight(m, (q) => q("select full_name from member where id = $1", [a.memberId]))).toEqual([])
      expect(await oversight(m, (q) => q("select id from trip where id = $1", [back.tripId]))).toEqual([])
    })

    it("gives oversight none of the other columns of a member or a trip, nor other tables", async () => {
      for (const statement of [
        "select citizen_id from member",
        "select party_card_no from member",
        "select status from member",
        "select * from member",
        "select record from trip",
        "select funding from trip",
        "select * from trip",
        "select path from org_unit",
        "select body from trip_report",
        "select description from violation",
        "select title from task",
        "select action from audit_event",
        "select password_hash from app_user",
        "select count(*) from role_grant",
      ]) {
        await expect(
          oversight(m, (q) => q(statement)),
          statement,
        ).rejects.toThrow(/permission denied/i)
      }
    })

    it("gives oversight nothing more for setting a tenant by hand", async () => {
      const rows = await oversight(m, async (q) => {
        await q("select set_config('app.tenant_id', $1, true)", [a.id])
        return q("select id from member")
      })
      expect(rows).toEqual([])
    })

    it("lets oversight write only a transfer's outcome, notices and its own audit entries", async () => {
      const refused = [
        ["insert into member (tenant_id, org_unit_id, full_name) values ($1, $2, 'Kẻ Lạ')", [a.id, a.cellId]],
        ["update member set full_name = 'Đã Sửa' where id = $1", [inKorea.memberId]],
        ["update trip set status = 'returned' where id = $1", [inKorea.tripId]],
        ["delete from trip where id = $1", [inKorea.tripId]],
        ["update activity_transfer set note = 'sửa'", []],
        ["delete from activity_transfer", []],
        ["update oversight_notice set body = 'sửa'", []],
        [
          "insert into violation (tenant_id, member_id, kind, description, source) values ($1, $2, 'other', 'x', 'officer')",
          [b.id, inKorea.memberId],
        ],
        ["insert into bulletin (tenant_id, title, body) values ($1, 'x', 'y')", [a.id]],
      ] as const
      for (const [statement, params] of refused) {
        await expect(
          oversight(m, (q) => q(statement, params)),
          statement,
        ).rejects.toThrow(/permission denied/i)
      }
      // The transfer each seeded tenant sent: accepted to a cell abroad.
      const decided = await oversight(m, (q) =>
        q(
          "update activity_transfer set status = 'accepted', assigned_overseas_org_id = $1, decided_at = now() where tenant_id = $2 returning id",
          [cell, a.id],
        ),
      )
      expect(decided).toHaveLength(1)
      // A decided transfer stays decided.
      const again = await oversight(m, (q) =>
        q(
          "update activity_transfer set status = 'returned', return_reason = 'Sai', decided_at = now() where tenant_id = $1 returning id",
          [a.id],
        ),
      )
      expect(again).toEqual([])
      // A notice about a member abroad now.
      const sent = await oversight(m, (q) =>
        q(
          "insert into oversight_notice (tenant_id, member_id, trip_id, kind, body, sent_by_name) values ($1, $2, $3, 'concern', 'Chưa liên hệ chi bộ', 'Giám sát') returning id",
          [b.id, inKorea.memberId, inKorea.tripId],
        ),
      )
      expect(sent).toHaveLength(1)
      // …but not about one who is back and was never transferred abroad.
      await expect(
        oversight(m, (q) =>
          q(
            "insert into oversight_notice (tenant_id, member_id, trip_id, kind, body, sent_by_name) values ($1, $2, $3, 'concern', 'Thử', 'Giám sát')",
            [b.id, back.memberId, back.tripId],
          ),
        ),
      ).rejects.toThrow(/row-level security/i)
      // Its own audit entries in any tenant's chain, and no other kind.
      await oversight(m, (q) =>
        q(
          "insert into audit_event (tenant_id, actor, action, entity_type, entity_id) values ($1, 'oversight@bng', 'oversight.member.read', 'member', $2)",
          [b.id, inKorea.memberId],
        ),
      )
      await expect(
        oversight(m, (q) =>
          q("insert into audit_event (tenant_id, actor, action) values ($1, 'oversight@bng', 'tenant.forged')", [b.id]),
        ),
      ).rejects.toThrow(/row-level security/i)
      const [logged] = await m.owner(async (tx) => {
        await tx.query("select set_config('app.tenant_id', $1, true)", [b.id])
        return tx.query<{ n: number }>(
          "select count(*)::int as n from audit_event where action = 'oversight.member.read'",
        )
      })
      expect(logged?.n).toBe(1)
    })

    it("gives the analyst no personal column, even by raw SQL", async () => {
      for (const statement of [
        "select full_name from member",
        "select citizen_id from member",
        "select id from member",
        "select id from trip",
        "select member_id from trip",
        "select count(*) from trip",
        "select count(*) from violation",
        "select member_name from activity_transfer",
        "select body from oversight_notice",
        "select full_name from oversight_member_abroad",
        "select username from app_user",
        "select action from audit_event",
        "select abroad_suppress(array[1]::bigint[], 1, 5)",
      ]) {
        await expect(
          analyst(m, (q) => q(statement)),
          statement,
        ).rejects.toThrow(/permission denied/i)
      }
    })

    it("gives the analyst counts, small ones suppressed with their complements", async () => {
      const byCountry = await analyst(m, (q) =>
        q(
          "select key, count::int as count from abroad_national_statistics('abroad', 'country', '2026-01-01', '2026-02-01', 'month')",
        ),
      )
      // Japan 6, Korea 1: Korea is suppressed, and Japan with it, or the total would give it away.
      expect(byCountry).toEqual([
        { key: "JP", count: null },
        { key: "KR", count: null },
        { key: null, count: 7 },
      ])
      const byPurpose = await analyst(m, (q) =>
        q(
          "select key, count::int as count from abroad_national_statistics('abroad', 'purpose', '2026-01-01', '2026-02-01', 'month')",
        ),
      )
      expect(byPurpose).toEqual([
        { key: "study", count: 7 },
        { key: null, count: 7 },
      ])
      // Departures in January 2026 by month: eight (the draft trips never left).
      const trips = await analyst(m, (q) =>
        q(
          "select bucket_start::text as bucket, key, count::int as count from abroad_national_statistics('trips', 'purpose', '2025-12-01', '2026-03-01', 'month')",
        ),
      )
      expect(trips).toEqual([
        { bucket: "2025-12-01", key: null, count: 0 },
        { bucket: "2026-01-01", key: "study", count: 8 },
        { bucket: "2026-01-01", key: null, count: 8 },
        { bucket: "2026-02-01", key: null, count: 0 },
      ])
      // A period is taken in whole buckets: ending it the day before the departures (10 January) or
      // after them counts the same, so two periods a day apart never single out one person's trip.
      const dayBefore = await analyst(m, (q) =>
        q(
          "select bucket_start::text as bucket, key, count::int as count from abroad_national_statistics('trips', 'purpose', '2026-01-05', '2026-01-10', 'year')",
        ),
      )
      expect(dayBefore).toEqual([
        { bucket: "2026-01-01", key: "study", count: 8 },
        { bucket: "2026-01-01", key: null, count: 8 },
      ])
      await expect(
        analyst(m, (q) =>
          q("select * from abroad_national_statistics('members', 'full_name', '2026-01-01', '2026-02-01', 'month')"),
        ),
      ).rejects.toThrow(/unknown measure/i)
    })

    it("suppresses a table's cells as the rules say", async () => {
      const suppress = async (counts: ReadonlyArray<number>, total: number) => {
        const [row] = await m.owner((tx) =>
          tx.query<{ r: string }>("select abroad_suppress(string_to_array($1, ',')::bigint[], $2, 5)::text as r", [
            counts.join(","),
            total,
          ]),
        )
        return row?.r
      }
      expect(await suppress([10, 3, 8], 21)).toBe("{10,NULL,NULL,21}")
      expect(await suppress([0, 7, 9], 16)).toBe("{0,7,9,16}")
      expect(await suppress([6, 4], 10)).toBe("{NULL,NULL,10}")
      expect(await suppress([2, 2], 4)).toBe("{NULL,NULL,NULL}")
      expect(await suppress([3, 3, 20], 26)).toBe("{NULL,NULL,20,26}")
      // One small cell and nothing else to hide it among: the total goes.
      expect(await suppress([3, 0], 5)).toBe("{NULL,0,NULL}")
    })

    // Last, as it adds trips the tests above do not count.
    it("counts a trip to two countries once in the total and once in each, in the map's view and the statistics", async () => {
      const twoCountries: Array<Abroad> = []
      for (let i = 0; i < 5; i++) twoCountries.push(await memberAbroad(m, a, `Ngô Văn Hai ${i}`, ["JP", "KR"]))
      // The database does not forbid a country listed twice: it counts once all the same.
      for (let i = 0; i < 5; i++) twoCountries.push(await memberAbroad(m, b, `Đỗ Thị Kép ${i}`, ["KR", "KR"]))
      // The map's view lists the same trips under way as the list's, without the member.
      const listed = await oversight(m, (q) => q("select trip_id from oversight_member_abroad"))
      const counted = await oversight(m, (q) => q("select trip_id, tenant_id from oversight_trip_abroad"))
      expect(new Set(counted.map((row) => row.trip_id))).toEqual(new Set(listed.map((row) => row.trip_id)))
      expect(counted).toHaveLength(7 + 10)
      await expect(oversight(m, (q) => q("select member_id from oversight_trip_abroad"))).rejects.toThrow()
      // Departures of January 2026: 8 before, 10 more; Japan 6 + 5, Korea 1 + 1 (back since) + 5 + 5.
      const trips = await analyst(m, (q) =>
        q(
          "select key, count::int as count from abroad_national_statistics('trips', 'country', '2026-01-01', '2026-02-01', 'month')",
        ),
      )
      expect(trips).toEqual([
        { key: "JP", count: 11 },
        { key: "KR", count: 12 },
        { key: null, count: 18 },
      ])
      // Members abroad now: Japan 6 + 5, Korea 1 + 5 + 5; 17 members in all.
      const abroad = await analyst(m, (q) =>
        q(
          "select key, count::int as count from abroad_national_statistics('abroad', 'country', '2026-01-01', '2026-02-01', 'month')",
        ),
      )
      expect(abroad).toEqual([
        { key: "JP", count: 11 },
        { key: "KR", count: 11 },
        { key: null, count: 17 },
      ])
    })
  })
}
