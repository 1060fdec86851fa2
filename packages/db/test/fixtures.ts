import { Database, DatabaseOwner, databaseLayer, globalQuery, type OwnerTransaction, tenantQuery } from "@abroad/db"
import { createTestDatabase, type TestDatabase, withAppLogin } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { sql } from "kysely"
import type { DialectName } from "../src/connection.ts"

export interface MigratedDatabase {
  readonly db: TestDatabase
  /** PostgreSQL: the URL of the request login (a member of abroad_app only). */
  readonly appUrl: string | undefined
  readonly runtime: ManagedRuntime.ManagedRuntime<Database | DatabaseOwner, unknown>
  readonly owner: <A>(work: (tx: OwnerTransaction) => Promise<A>) => Promise<A>
  readonly close: () => Promise<void>
}

/** A fresh, migrated database of `dialect`, with its runtime; `close` disposes and drops it. */
export const migratedDatabase = async (dialect: DialectName, poolSize = 4): Promise<MigratedDatabase> => {
  const db = await createTestDatabase(dialect, poolSize)
  const open = (location: TestDatabase["location"]) =>
    ManagedRuntime.make(databaseLayer(location), { memoMap: Layer.makeMemoMapUnsafe() })
  let runtime = open(db.location)
  await runtime.runPromise(DatabaseOwner.use((o) => o.migrate))
  let appUrl: string | undefined
  if (dialect === "postgres") {
    // Serve the suite's requests through the app login, as production does.
    await runtime.dispose()
    const location = await withAppLogin(db, poolSize)
    appUrl = location._tag === "postgres" ? location.appUrl : undefined
    runtime = open(location)
  }
  return {
    db,
    appUrl,
    runtime,
    owner: (work) => runtime.runPromise(DatabaseOwner.use((o) => o.transaction(work))),
    close: async () => {
      await runtime.dispose()
      await db.drop()
    },
  }
}

export interface SeededTenant {
  readonly id: string
  readonly cellId: string
  readonly memberId: string
}

/** Inserts a tenant as the owner, then its committee, a cell and one member as the app role. */
export const seedTenant = async (m: MigratedDatabase, code: string, adminCode: string): Promise<SeededTenant> => {
  const [row] = await m.owner(async (tx) => {
    // A trip's destinations must be countries of the reference table, which the owner writes.
    await tx.query(
      "insert into country (code, alpha3, numeric, name_vi, name_en) values ('JP', 'JPN', '392', 'Nhật Bản', 'Japan') on conflict do nothing",
    )
    return tx.query<{ id: string }>(
      "insert into tenant (code, name, kind, admin_code, party_body) values ($1, $2, 'province', $3, $4) returning id",
      [code, `Tỉnh ${code}`, adminCode, `Tỉnh ủy ${code}`],
    )
  })
  const id = row?.id as string
  const mergeId = crypto.randomUUID()
  await m.owner((tx) =>
    tx.query(
      "insert into tenant_merge (id, successor_id, effective_on, performed_by, report) values ($1, $2, '2025-07-01', 'cli', '{}')",
      [mergeId, id],
    ),
  )
  const committeeId = crypto.randomUUID()
  const cellId = crypto.randomUUID()
  const memberId = crypto.randomUUID()
  let noticeTrip: string | undefined
  // A platform account is a global row: a tenant's unit of work may not write it.
  const operator = await m.runtime.runPromise(
    Database.use((database) =>
      database.withGlobal(
        globalQuery((tx) =>
          tx
            .insertInto("app_user")
            .values({
              username: `operator-${code}@platform`,
              display_name: "Vận hành",
              platform_role: "operator",
              password_hash: "not-a-real-hash",
            })
            .returning("id")
            .executeTakeFirstOrThrow(),
        ),
      ),
    ),
  )
  await m.runtime.runPromise(
    Database.use((database) =>
      database.withTenant(
        id,
        Effect.gen(function* () {
          yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("org_unit")
              .values([
                {
                  tenant_id: tenantId,
                  id: committeeId,
                  kind: "committee",
                  name: "Ban Thường vụ",
                  path: `/${committeeId}/`,
                },
                {
                  tenant_id: tenantId,
                  id: cellId,
                  parent_id: committeeId,
                  kind: "cell",
                  name: "Chi bộ 1",
                  path: `/${committeeId}/${cellId}/`,
                },
              ])
              .execute(),
          )
          yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("org_unit_move")
              .values({
                tenant_id: tenantId,
                org_unit_id: cellId,
                from_parent_id: null,
                to_parent_id: committeeId,
                effective_on: "2025-07-01",
              })
              .execute(),
          )
          yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("member")
              .values({ tenant_id: tenantId, id: memberId, org_unit_id: cellId, full_name: `Nguyễn Văn ${code}` })
              .execute(),
          )
          const user = yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("app_user")
              .values({
                username: `member@${code}`,
                display_name: `Nguyễn Văn ${code}`,
                home_tenant_id: tenantId,
                password_hash: "not-a-real-hash",
              })
              .returning("id")
              .executeTakeFirstOrThrow(),
          )
          yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("role_grant")
              .values({ tenant_id: tenantId, user_id: user.id, role: "member", member_id: memberId })
              .execute(),
          )
          yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("break_glass_grant")
              .values({
                tenant_id: tenantId,
                operator_user_id: operator.id,
                operator_username: `operator-${code}@platform`,
                reason: "Sự cố dữ liệu cần kiểm tra",
                expires_at: new Date(Date.now() + 60 * 60 * 1000),
              })
              .execute(),
          )
          // One row in each table around the trips, so that every tenant table has rows to hide.
          yield* tenantQuery(async (tx, tenantId) => {
            const violationId = crypto.randomUUID()
            const bulletinId = crypto.randomUUID()
            await sql`
              insert into tenant_setting (tenant_id, key, value) values (${tenantId}, 'report.deadline', '{"kind":"working_days","days":7}');
            `.execute(tx)
            await sql`insert into outbox_event (tenant_id, type, entity_type, entity_id) values (${tenantId}, 'member.created', 'member', ${memberId})`.execute(
              tx,
            )
            await sql`insert into idempotency_key (tenant_id, key, user_id, request_hash, status, response) values (${tenantId}, 'key-12345678', ${user.id}, 'h', 201, '{}')`.execute(
              tx,
            )
            await sql`insert into violation (tenant_id, id, member_id, kind, description, source) values (${tenantId}, ${violationId}, ${memberId}, 'other', 'Ghi chú', 'officer')`.execute(
              tx,
            )
            await sql`insert into violation_event (tenant_id, violation_id, action) values (${tenantId}, ${violationId}, 'opened')`.execute(
              tx,
            )
            await sql`insert into task (tenant_id, member_id, title, due_on) values (${tenantId}, ${memberId}, 'Báo cáo', '2026-12-31')`.execute(
              tx,
            )
            await sql`insert into bulletin (tenant_id, id, title, body) values (${tenantId}, ${bulletinId}, 'Thông báo', 'Nội dung')`.execute(
              tx,
            )
            await sql`insert into bulletin_read (tenant_id, bulletin_id, member_id) values (${tenantId}, ${bulletinId}, ${memberId})`.execute(
              tx,
            )
            await sql`insert into plugin_installation (tenant_id, plugin_id, version, config, enabled) values (${tenantId}, 'ho-chi-minh', '1.0.0', '{}', true)`.execute(
              tx,
            )
            await sql`insert into plugin_record (tenant_id, plugin_id, key, value) values (${tenantId}, 'ho-chi-minh', 'cursor', '{"at":1}')`.execute(
              tx,
            )
            await sql`insert into plugin_incident (tenant_id, plugin_id, plugin_version, hook, kind, message) values (${tenantId}, 'ho-chi-minh', '1.0.0', 'trip.validate', 'timeout', 'no answer')`.execute(
              tx,
            )
            await sql`insert into plugin_delivery (tenant_id, plugin_id, event_id, seq, event_type, entity_type, entity_id, next_attempt_at)
              select tenant_id, 'ho-chi-minh', id, seq, type, entity_type, entity_id, now() from outbox_event where tenant_id = ${tenantId}`.execute(
              tx,
            )
            await sql`insert into plugin_job_run (tenant_id, plugin_id, job_id, schedule, due_at) values (${tenantId}, 'ho-chi-minh', 'nightly-import', 'daily 02:00', now())`.execute(
              tx,
            )
            await sql`insert into handbook_article (tenant_id, slug, version, title, body) values (${tenantId}, 'truoc-chuyen-di', 1, 'Trước chuyến đi', 'Nội dung')`.execute(
              tx,
            )
            const tripId = crypto.randomUUID()
            const record = JSON.stringify({ id: tripId, memberId, status: "draft", revision: 1 })
            await sql`insert into trip (tenant_id, id, member_id, cell_id, status, purpose, funding, countries, planned_departure, planned_return, revision, record)
              values (${tenantId}, ${tripId}, ${memberId}, ${cellId}, 'draft', 'private_tourism', 'own', '{JP}', '2026-04-01', '2026-04-20', 1, ${record}::text::jsonb)`.execute(
              tx,
            )
            await sql`insert into trip_event (tenant_id, trip_id, revision, type, actor_kind, actor, occurred_on) values (${tenantId}, ${tripId}, 1, 'trip.drafted', 'member', ${`member:${memberId}`}, '2026-03-02')`.execute(
              tx,
            )
            await sql`insert into trip_report (tenant_id, trip_id, body) values (${tenantId}, ${tripId}, 'Báo cáo')`.execute(
              tx,
            )
            await sql`insert into activity_transfer (tenant_id, trip_id, member_id, form, kind, member_name, home_unit_name, purpose, countries, planned_departure, planned_return)
              values (${tenantId}, ${tripId}, ${memberId}, '3-SHĐ', 'temporary', ${`Nguyễn Văn ${code}`}, 'Chi bộ 1', 'private_tourism', '{JP}', '2026-04-01', '2026-04-20')`.execute(
              tx,
            )
            noticeTrip = tripId
          })
          // A merge's records (member_merge, member_conflict) hang off a global tenant_merge row.
          yield* tenantQuery(async (tx, tenantId) => {
            await sql`insert into member_merge (tenant_id, removed_member_id, removed_from_tenant_id, kept_member_id, merge_id, removed_record)
              values (${tenantId}, ${crypto.randomUUID()}, ${tenantId}, ${memberId}, ${mergeId}, '{}')`.execute(tx)
            await sql`insert into member_conflict (tenant_id, merge_id, member_ids, differing_fields)
              values (${tenantId}, ${mergeId}, ${`{${memberId},${memberId}}`}::uuid[], '{full_name}')`.execute(tx)
          })
          yield* tenantQuery((tx, tenantId) =>
            tx
              .insertInto("audit_event")
              .values({ tenant_id: tenantId, actor: "system", action: "tenant.seeded", details: "{}" })
              .execute(),
          )
        }),
      ),
    ),
  )
  // Notices are written by the oversight role only; the owner stands in for it here.
  await m.owner(async (tx) => {
    await tx.query("select set_config('app.tenant_id', $1, true)", [id])
    await tx.query(
      "insert into oversight_notice (tenant_id, member_id, trip_id, kind, body, sent_by_name) values ($1, $2, $3, 'concern', 'Cần liên hệ chi bộ', 'Giám sát')",
      [id, memberId, noticeTrip],
    )
  })
  return { id, cellId, memberId }
}
