import { fileURLToPath } from "node:url"
import { makeApi } from "@abroad/api"
import { createSession, recordAudit } from "@abroad/auth"
import {
  makePluginHost,
  PluginDispatch,
  PluginFailed,
  PluginHost,
  type PluginHostService,
  pluginDispatchLayer,
  reportDeadline,
  TripAudit,
} from "@abroad/core"
import { Database, type TenantRole, tenantQuery } from "@abroad/db"
import { DIALECTS, dialectAvailable } from "@abroad/db/testing"
import { Clock, Effect, Exit, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { A, type AccessWorld, B, seedAccessWorld, type TenantFixture } from "./access-fixtures.ts"
import { type TestApi, testApi } from "./fixtures.ts"

/**
 * The plugin host through the real API, with two fixture plugins (packages/core/test/fixtures/plugins):
 * `friendly`, which has one of everything, and `hostile`, which throws, hangs, loops, and reaches
 * for the environment, the file system, the network, the core and another tenant. Tenant A installs
 * them; tenant B does not, and must never notice.
 */

const FIXTURES = fileURLToPath(new URL("../../core/test/fixtures/plugins/", import.meta.url))

const realClock = Effect.runSync(Clock.clockWith(Effect.succeed))
const clockAt = (now: () => Date): Clock.Clock => ({
  currentTimeMillisUnsafe: () => now().getTime(),
  currentTimeMillis: Effect.sync(() => now().getTime()),
  currentTimeNanosUnsafe: () => BigInt(now().getTime()) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(now().getTime()) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => realClock.monotonicTimeNanosUnsafe(),
  monotonicTimeNanos: realClock.monotonicTimeNanos,
  sleep: (duration) => realClock.sleep(duration),
})

// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever the API answered
type Json = Record<string, any>

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`plugin host on ${dialect}`, () => {
    let api: TestApi
    let app: ReturnType<typeof makeApi>
    let host: PluginHostService
    let closeHost: () => Promise<void>
    let now = new Date("2026-03-02T03:00:00Z")
    const on = (day: string) => {
      now = new Date(`${day}T03:00:00Z`)
    }
    const world: AccessWorld = { tenants: {}, users: {} }
    const a = () => world.tenants[A] as TenantFixture
    const b = () => world.tenants[B] as TenantFixture

    const account = (tenant: () => TenantFixture, name: string, role: TenantRole) =>
      api.run(
        Database.use((database) =>
          database.withTenant(
            tenant().id,
            tenantQuery(async (db, tenantId) => {
              const user = await db
                .insertInto("app_user")
                .values({ username: `${name}@t`, display_name: name, home_tenant_id: tenantId, password_hash: "x" })
                .returning("id")
                .executeTakeFirstOrThrow()
              await db.insertInto("role_grant").values({ tenant_id: tenantId, user_id: user.id, role }).execute()
              return user.id
            }),
          ),
        ),
      )

    const withHost = <X, E, R>(program: Effect.Effect<X, E, R>) =>
      Effect.provideService(
        Effect.provideService(program, PluginHost, host),
        Clock.Clock,
        clockAt(() => now),
      )

    beforeAll(async () => {
      api = await testApi(dialect, { migrated: true, seed: seedAccessWorld(world) })
      const database = await api.run(
        Effect.gen(function* () {
          return yield* Database
        }),
      )
      const made = await makePluginHost(database, {
        pluginsDir: FIXTURES,
        maxWorkerMemoryMb: 64,
        audit: (pluginId) =>
          TripAudit.of({
            record: (entry) =>
              recordAudit({
                actorUserId: null,
                actor: `plugin:${pluginId}`,
                action: entry.action,
                entityType: "trip",
                entityId: entry.tripId,
                details: entry.details,
              }),
          }),
      })
      host = made.host
      closeHost = made.close
      app = makeApi({
        run: (program) => api.run(Effect.exit(withHost(program))),
        version: "test",
        log: () => {},
        now: () => now,
        plugins: host.catalogue,
      })
      world.users.officerOfB = await account(b, "officer-b", "officer")
    }, 180_000)
    afterAll(async () => {
      await closeHost?.()
      await api?.close()
    })

    const send = async (persona: string | undefined, method: string, path: string, body?: unknown, headers = {}) => {
      const auth: Record<string, string> = {}
      if (persona !== undefined) {
        const userId = world.users[persona] as string
        const { token } = await api.run(Database.use((database) => database.withGlobal(createSession(userId, now))))
        auth.authorization = `Bearer ${token}`
      }
      const response = await app.request(path, {
        method,
        headers: { ...auth, "content-type": "application/json", ...headers },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      })
      return { status: response.status, body: (await response.json()) as Json }
    }
    const expectStatus = async (
      status: number,
      persona: string | undefined,
      method: string,
      path: string,
      body?: unknown,
    ) => {
      const answer = await send(persona, method, path, body)
      expect({ status: answer.status, error: answer.status === status ? undefined : answer.body.error }).toEqual({
        status,
        error: undefined,
      })
      return answer.body
    }
    const plugins = (tenant: string) => `/api/t/${tenant}/plugins`
    const incidents = async (tenant: string, persona: string) => {
      await host.incidentsWritten()
      return (await expectStatus(200, persona, "GET", `${plugins(tenant)}/incidents?limit=200`))
        .incidents as Array<Json>
    }
    const auditActions = async (entityId: string) =>
      (
        (await send("admin", "GET", `/api/t/${A}/audit?entityType=plugin&entityId=${entityId}&limit=200`)).body
          .entries as Array<Json>
      )
        .map((entry) => entry.action as string)
        .reverse()
    const tripForm = (extra: Json | undefined, overrides: Json = {}) => ({
      memberId: a().memberInX,
      purpose: "official_work",
      funding: "state_budget",
      countries: ["JP"],
      plannedDeparture: "2026-05-04",
      plannedReturn: "2026-05-10",
      ...(extra === undefined ? {} : { extra }),
      ...overrides,
    })
    const FRIENDLY_CONFIG = {
      congress: { from: "2026-04-01", to: "2026-04-30" },
      reportWorkingDays: 3,
      sharedSecret: "secret-123",
    }

    it("finds the workspace plugins by running each in a worker, and lists them with this tenant's state", async () => {
      expect(host.catalogue.map((plugin) => plugin.id)).toEqual(["friendly", "hostile"])
      const { plugins: list } = await expectStatus(200, "admin", "GET", plugins(A))
      const friendly = list.find((plugin: Json) => plugin.id === "friendly")
      expect(friendly).toMatchObject({
        version: "2.0.0",
        capabilities: ["members.read", "trips.read", "store"],
        rules: ["trip.validate", "trip.route", "trip.deadlines", "member.validate"],
        events: ["trip.submitted"],
        jobs: [{ id: "tick", schedule: { everyMinutes: 60 } }],
        installation: null,
        upgradeAvailable: false,
      })
      expect(friendly.configSchema).toMatchObject({ type: "object" })
      expect(friendly.configSchema.properties.reportWorkingDays).toMatchObject({ type: "integer" })
      expect(friendly.fields.tripRequest.map((field: Json) => field.name)).toEqual(["hostAddress", "emergencyPhone"])
      // Only administrators manage plugins.
      await expectStatus(403, "officer", "GET", plugins(A))
    })

    it("refuses a config that fails the plugin's schema, naming each wrong field", async () => {
      const refused = await send("admin", "PUT", `${plugins(A)}/friendly`, {
        config: { reportWorkingDays: 9, sharedSecret: "short", congress: { from: "soon" } },
      })
      expect(refused.status).toBe(400)
      const paths = (refused.body.error.details.issues as Array<Json>).map((issue) => issue.path.join("."))
      expect(paths).toEqual(
        expect.arrayContaining([
          "body.config.reportWorkingDays",
          "body.config.sharedSecret",
          "body.config.congress.from",
          "body.config.congress.to",
        ]),
      )
      await expectStatus(404, "admin", "PUT", `${plugins(A)}/no-such-plugin`, { config: {} })
      const { plugin } = await expectStatus(200, "admin", "GET", `${plugins(A)}/friendly`)
      expect(plugin.installation).toBeNull()
    })

    it("installs, configures, disables, enables, upgrades and removes — every step audited", async () => {
      const installed = await expectStatus(200, "admin", "PUT", `${plugins(A)}/friendly`, {
        config: { sharedSecret: "secret-123" },
      })
      expect(installed.plugin.installation).toMatchObject({ version: "2.0.0", enabled: false })
      await expectStatus(200, "admin", "PUT", `${plugins(A)}/friendly`, { config: FRIENDLY_CONFIG })
      await expectStatus(200, "admin", "POST", `${plugins(A)}/friendly/enable`)
      await expectStatus(200, "admin", "POST", `${plugins(A)}/friendly/disable`)
      await expectStatus(409, "admin", "POST", `${plugins(A)}/friendly/upgrade`, {})
      // As if installed from the previous version: the upgrade re-validates the config against 2.0.0.
      await api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery((db) =>
              db
                .updateTable("plugin_installation")
                .set({ version: "1.0.0" })
                .where("plugin_id", "=", "friendly")
                .execute(),
            ),
          ),
        ),
      )
      const stale = await expectStatus(200, "admin", "GET", `${plugins(A)}/friendly`)
      expect(stale.plugin.upgradeAvailable).toBe(true)
      const badUpgrade = await send("admin", "POST", `${plugins(A)}/friendly/upgrade`, {
        config: { reportWorkingDays: 0 },
      })
      expect(badUpgrade.status).toBe(400)
      expect(badUpgrade.body.error.details.issues[0].path).toEqual(["body", "config", "reportWorkingDays"])
      const upgraded = await expectStatus(200, "admin", "POST", `${plugins(A)}/friendly/upgrade`, {})
      expect(upgraded.plugin).toMatchObject({
        upgradeAvailable: false,
        installation: { version: "2.0.0", enabled: false },
      })
      await expectStatus(200, "admin", "DELETE", `${plugins(A)}/friendly`)
      await expectStatus(404, "admin", "DELETE", `${plugins(A)}/friendly`)
      await expectStatus(200, "admin", "PUT", `${plugins(A)}/friendly`, { config: FRIENDLY_CONFIG, enabled: true })
      expect(await auditActions("friendly")).toEqual([
        "plugin.installed",
        "plugin.configured",
        "plugin.enabled",
        "plugin.disabled",
        "plugin.upgraded",
        "plugin.removed",
        "plugin.installed",
      ])
      // The audit keeps the config's keys, never its values (a shared secret).
      const entries = (await send("admin", "GET", `/api/t/${A}/audit?entityType=plugin&limit=200`)).body
        .entries as Array<Json>
      expect(JSON.stringify(entries)).not.toContain("secret-123")
    })

    it("never answers a stored secret, and keeps it when a config is saved without it", async () => {
      const storedConfig = () =>
        api
          .run(
            Database.use((database) =>
              database.withTenant(
                a().id,
                tenantQuery((db) =>
                  db
                    .selectFrom("plugin_installation")
                    .select("config")
                    .where("plugin_id", "=", "friendly")
                    .executeTakeFirstOrThrow(),
                ),
              ),
            ),
          )
          .then((row) => row.config as Json)
      const one = await send("admin", "GET", `${plugins(A)}/friendly`)
      const list = await send("admin", "GET", plugins(A))
      expect(JSON.stringify([one.body, list.body])).not.toContain("secret-123")
      expect(one.body.plugin.installation).toMatchObject({
        secretsSet: ["sharedSecret"],
        config: { reportWorkingDays: 3 },
      })
      expect(one.body.plugin.installation.config).not.toHaveProperty("sharedSecret")
      // The administrator's form cannot send the secret back: saving without it keeps it.
      const saved = await expectStatus(200, "admin", "PUT", `${plugins(A)}/friendly`, {
        config: { congress: FRIENDLY_CONFIG.congress, reportWorkingDays: 2 },
      })
      expect(saved.plugin.installation).toMatchObject({ secretsSet: ["sharedSecret"], enabled: true })
      expect(await storedConfig()).toMatchObject({ sharedSecret: "secret-123", reportWorkingDays: 2 })
      // A kept secret is still checked by the schema with the rest; `null` removes it.
      const cleared = await expectStatus(200, "admin", "PUT", `${plugins(A)}/friendly`, {
        config: { reportWorkingDays: 2, sharedSecret: null },
      })
      expect(cleared.plugin.installation.secretsSet).toEqual([])
      expect(await storedConfig()).not.toHaveProperty("sharedSecret")
      await expectStatus(200, "admin", "PUT", `${plugins(A)}/friendly`, { config: FRIENDLY_CONFIG })
    })

    it("describes the plugins' fields to the web app and in the OpenAPI document", async () => {
      const fields = await expectStatus(
        200,
        "member",
        "GET",
        `${plugins(A)}/fields?form=tripRequest&purpose=official_work`,
      )
      expect(fields.plugins).toEqual([
        expect.objectContaining({
          pluginId: "friendly",
          fields: [expect.objectContaining({ name: "emergencyPhone", widget: "phone", required: false })],
        }),
      ])
      const tourism = await expectStatus(
        200,
        "member",
        "GET",
        `${plugins(A)}/fields?form=tripRequest&purpose=private_tourism`,
      )
      expect(tourism.plugins[0].fields[0]).toMatchObject({
        name: "hostAddress",
        label: { vi: "Địa chỉ lưu trú ở nước ngoài", en: "Address abroad" },
        required: true,
        purposes: ["private_tourism", "private_family_visit"],
        jsonSchema: { type: "string" },
      })
      // The JSON Schema is Effect's rendering of the field's Schema, the same in the OpenAPI document.
      expect(tourism.plugins[0].fields[0].jsonSchema.minLength).toBeTypeOf("number")
      // Tenant B did not install it: its forms have no such field.
      expect((await expectStatus(200, "adminOfB", "GET", `${plugins(B)}/fields?form=tripRequest`)).plugins).toEqual([])
      const document = (await (await app.request("/api/openapi.json")).json()) as Json
      const extra = document.components.schemas.TripRequest.properties.extra
      expect(extra.properties.friendly.properties.hostAddress).toMatchObject(tourism.plugins[0].fields[0].jsonSchema)
      expect(extra.properties.friendly.description).toContain("enabled")
      expect(
        document.components.schemas.MemberForm.properties.extra.properties.friendly.properties.nickname,
      ).toBeDefined()
      expect(document.paths["/api/t/{tenantCode}/plugins/friendly/records"].post).toBeDefined()
    })

    it("validates the fields on the server: required for the purpose, by their Schema, no unknown ones, only for enabled plugins", async () => {
      const trips = `/api/t/${A}/trips`
      const missing = await send(
        "officer",
        "POST",
        trips,
        tripForm(undefined, { purpose: "private_tourism", funding: "own" }),
      )
      expect(missing.status).toBe(400)
      expect(missing.body.error.details.issues).toEqual([
        expect.objectContaining({ path: ["body", "extra", "friendly", "hostAddress"] }),
      ])
      const short = await send(
        "officer",
        "POST",
        trips,
        tripForm({ friendly: { hostAddress: "abc" } }, { purpose: "private_tourism", funding: "own" }),
      )
      expect(short.status).toBe(400)
      expect(short.body.error.details.issues[0].path).toEqual(["body", "extra", "friendly", "hostAddress"])
      const unknown = await send("officer", "POST", trips, tripForm({ friendly: { bogus: 1 } }))
      expect(unknown.body.error.details.issues[0].path).toEqual(["body", "extra", "friendly", "bogus"])
      const notEnabled = await send("officer", "POST", trips, tripForm({ hostile: { how: "" } }))
      expect(notEnabled.status).toBe(400)
      expect(notEnabled.body.error.details.issues[0].path).toEqual(["body", "extra", "hostile"])
      const kept = await expectStatus(
        201,
        "officer",
        "POST",
        trips,
        tripForm({ friendly: { emergencyPhone: "+84 90 123 4567" } }),
      )
      expect(kept.trip.extra).toEqual({ friendly: { emergencyPhone: "+84 90 123 4567" } })
      // In tenant B, without the plugin, the same field is refused.
      const inB = await send("officerOfB", "POST", `/api/t/${B}/trips`, {
        ...tripForm({ friendly: { emergencyPhone: "+84 90 123 4567" } }),
        memberId: b().memberInX,
      })
      expect(inB.status).toBe(400)
      expect(inB.body.error.details.issues[0].path).toEqual(["body", "extra", "friendly"])
    })

    it("applies the rules through the real API: block, warn, a higher approval level, a stricter report deadline", async () => {
      const trips = `/api/t/${A}/trips`
      const blocked = await send("officer", "POST", trips, tripForm(undefined, { countries: ["KP"] }))
      expect(blocked.status).toBe(422)
      expect(blocked.body.error.details.rule).toBe("friendly.no-kp")
      const warned = await expectStatus(201, "officer", "POST", trips, tripForm(undefined, { countries: ["US"] }))
      expect(warned.warnings).toEqual([
        { pluginId: "friendly", rule: "far-away", message: { vi: "Đi xa", en: "A long way" } },
      ])
      // A private trip during the congress period goes to the Standing Committee (the root).
      const during = await expectStatus(
        201,
        "officer",
        "POST",
        trips,
        tripForm(
          { friendly: { hostAddress: "12 Rue de Rivoli, Paris" } },
          {
            purpose: "private_tourism",
            funding: "own",
            countries: ["FR"],
            plannedDeparture: "2026-04-10",
            plannedReturn: "2026-04-20",
          },
        ),
      )
      const raised = await expectStatus(200, "officer", "POST", `${trips}/${during.trip.id}/submit`, {})
      expect(raised.trip.submission.routing).toEqual({
        committeeId: a().committee,
        basis: "higher_committee",
        raisedBy: {
          pluginId: "friendly",
          rule: "congress-period",
          level: "standing_committee",
          message: { vi: "Trong thời gian Đại hội", en: "During the Party Congress period" },
        },
      })
      const after = await expectStatus(
        201,
        "officer",
        "POST",
        trips,
        tripForm(
          { friendly: { hostAddress: "12 Rue de Rivoli, Paris" } },
          {
            purpose: "private_tourism",
            funding: "own",
            countries: ["FR"],
            plannedDeparture: "2026-05-10",
            plannedReturn: "2026-05-20",
          },
        ),
      )
      const direct = await expectStatus(200, "officer", "POST", `${trips}/${after.trip.id}/submit`, {})
      expect(direct.trip.submission.routing).toEqual({ committeeId: a().x, basis: "direct_committee" })

      // Through to the return: the plugin's 3 working days beat the tenant's 7.
      await expectStatus(200, "cellSecretary", "POST", `${trips}/${after.trip.id}/cell-opinion`, {
        verdict: "agree",
        comment: "",
      })
      await expectStatus(200, "approver", "POST", `${trips}/${after.trip.id}/decision`, { outcome: "approve" })
      on("2026-05-10")
      await expectStatus(200, "officer", "POST", `${trips}/${after.trip.id}/departure`, { on: "2026-05-10" })
      on("2026-05-20")
      const returned = await expectStatus(200, "officer", "POST", `${trips}/${after.trip.id}/return`, {
        on: "2026-05-20",
      })
      const expected = reportDeadline("2026-05-20", { kind: "working_days", days: 3 })
      expect(Result.isSuccess(expected) && returned.trip.reportDueOn === expected.success).toBe(true)
      // The report form has the plugin's field too, required.
      const report = `/api/t/${A}/me/trips/${after.trip.id}/report`
      const bare = await send("member", "POST", report, { text: "Đã đi Paris." })
      expect(bare.status).toBe(400)
      expect(bare.body.error.details.issues[0].path).toEqual(["body", "extra", "friendly", "metWith"])
      await expectStatus(200, "member", "POST", report, {
        text: "Đã đi Paris.",
        extra: { friendly: { metWith: "Không ai" } },
      })
      const kept = await api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery((db) =>
              db.selectFrom("trip_report").select("extra").where("trip_id", "=", after.trip.id).executeTakeFirst(),
            ),
          ),
        ),
      )
      expect(kept?.extra).toEqual({ friendly: { metWith: "Không ai" } })
      on("2026-03-02")
    })

    it("validates member fields and applies member rules", async () => {
      const member = (await expectStatus(200, "officer", "GET", `/api/t/${A}/members/${a().memberInY}`)).member
      const form = {
        fullName: member.fullName,
        sex: null,
        birthDate: null,
        citizenId: null,
        partyCardNo: null,
        admittedOn: null,
        fullMemberOn: null,
        orgUnitId: a().cell,
        managedByUnitId: null,
        status: "active",
        politicalIssuePending: false,
      }
      const path = `/api/t/${A}/members/${a().memberInY}`
      const unknown = await send("officer", "PUT", path, { ...form, extra: { friendly: { alias: "x" } } })
      expect(unknown.status).toBe(400)
      expect(unknown.body.error.details.issues[0].path).toEqual(["body", "extra", "friendly", "alias"])
      const forbidden = await send("officer", "PUT", path, { ...form, extra: { friendly: { nickname: "forbidden" } } })
      expect(forbidden.status).toBe(422)
      expect(forbidden.body.error.details.rule).toBe("member.record")
      expect(forbidden.body.error.details.issues[0]).toMatchObject({ path: ["body", "member"] })
      expect(forbidden.body.error.details.issues[0].message).toContain("friendly.nickname")
      const saved = await expectStatus(200, "officer", "PUT", path, {
        ...form,
        extra: { friendly: { nickname: "Ba" } },
      })
      expect(saved.member.extra).toEqual({ friendly: { nickname: "Ba" } })
    })

    it("serves the plugin's routes only where it is enabled, with the signature left to the plugin", async () => {
      const records = `${plugins(A)}/friendly/records`
      const unsigned = await app.request(records, { method: "POST", body: "001234567890" })
      expect(unsigned.status).toBe(401)
      const signed = await app.request(records, {
        method: "POST",
        body: "001234567890",
        headers: { "x-secret": "secret-123" },
      })
      expect(signed.status).toBe(200)
      expect(await signed.json()).toEqual({ kept: true, member: null })
      const inB = await app.request(`${plugins(B)}/friendly/records`, {
        method: "POST",
        body: "x",
        headers: { "x-secret": "secret-123" },
      })
      expect(inB.status).toBe(404)
      expect((await send(undefined, "GET", `${plugins(A)}/friendly/whoami`)).status).toBe(401)
      expect((await send("member", "GET", `${plugins(A)}/friendly/whoami`)).status).toBe(403)
      expect(await expectStatus(200, "officer", "GET", `${plugins(A)}/friendly/whoami`)).toEqual({
        user: "officer@ho-chi-minh",
        tenant: A,
      })
      const thrown = await app.request(records, {
        method: "POST",
        body: "throw",
        headers: { "x-secret": "secret-123" },
      })
      expect(thrown.status).toBe(503)
      expect(((await thrown.json()) as Json).error).toMatchObject({
        code: "plugin_failed",
        details: { plugin: "friendly" },
      })
      const reports = await expectStatus(200, "officer", "GET", `${plugins(A)}/reports`)
      expect(reports.reports.map((report: Json) => `${report.pluginId}/${report.id}`)).toEqual(["friendly/records"])
      const ran = await expectStatus(200, "officer", "POST", `${plugins(A)}/friendly/reports/records`, {})
      expect(ran.rows).toHaveLength(1)
      await expectStatus(404, "adminOfB", "POST", `${plugins(B)}/friendly/reports/records`, {})
    })

    it("delivers events and runs jobs for the events worker, only where the plugin is enabled", async () => {
      const dispatch = <X, E>(use: (d: PluginDispatch["Service"]) => Effect.Effect<X, E>) =>
        api.run(
          Effect.exit(
            withHost(
              Effect.gen(function* () {
                return yield* use(yield* PluginDispatch)
              }).pipe(Effect.provide(pluginDispatchLayer)),
            ),
          ),
        )
      expect(
        await api.run(
          withHost(
            Effect.gen(function* () {
              const d = yield* PluginDispatch
              return {
                subscriptions: d.subscriptions("friendly"),
                jobs: d.jobs("friendly"),
                none: d.subscriptions("nope"),
              }
            }).pipe(Effect.provide(pluginDispatchLayer)),
          ),
        ),
      ).toEqual({
        subscriptions: ["trip.submitted"],
        jobs: [{ id: "tick", schedule: { everyMinutes: 60 } }],
        none: [],
      })
      const event = {
        id: crypto.randomUUID(),
        type: "trip.submitted",
        entityType: "trip",
        entityId: a().trip,
        payload: {},
        occurredAt: now.toISOString(),
        attempt: 1,
      }
      const delivered = await dispatch((d) =>
        d.deliverEvent({ tenantId: a().id, tenantCode: A, pluginId: "friendly", event }),
      )
      expect(Exit.isSuccess(delivered)).toBe(true)
      const inB = await dispatch((d) =>
        d.deliverEvent({ tenantId: b().id, tenantCode: B, pluginId: "friendly", event }),
      )
      expect(Exit.isFailure(inB) && JSON.stringify(inB.cause)).toContain("not_enabled")
      await dispatch((d) => d.runJob({ tenantId: a().id, tenantCode: A, pluginId: "friendly", jobId: "tick" }))
      await dispatch((d) => d.runJob({ tenantId: a().id, tenantCode: A, pluginId: "friendly", jobId: "tick" }))
      const stored = await api.run(
        Database.use((database) =>
          database.withTenant(
            a().id,
            tenantQuery((db) =>
              db.selectFrom("plugin_record").select(["key", "value"]).where("plugin_id", "=", "friendly").execute(),
            ),
          ),
        ),
      )
      expect(stored).toEqual(
        expect.arrayContaining([
          { key: `event:${event.id}`, value: { type: "trip.submitted", entityId: a().trip } },
          { key: "ticks", value: 2 },
        ]),
      )
    })

    describe("a hostile plugin", () => {
      beforeAll(async () => {
        await expectStatus(200, "admin", "PUT", `${plugins(A)}/hostile`, { config: {}, enabled: true })
      })

      /** Files a request whose hostile field says how to misbehave. */
      const misbehave = (how: string) => send("officer", "POST", `/api/t/${A}/trips`, tripForm({ hostile: { how } }))

      /** Tenant B, without the plugin, files a request as if nothing happened. */
      const tenantBUntouched = async () => {
        await expectStatus(201, "officerOfB", "POST", `/api/t/${B}/trips`, {
          ...tripForm(undefined),
          memberId: b().memberInX,
        })
        expect(host.workerAlive(b().id, "hostile")).toBe(false)
        expect(await incidents(B, "adminOfB")).toEqual([])
      }

      const failsClosed = async (how: string, kind: string) => {
        const answer = await misbehave(how)
        expect({
          how,
          status: answer.status,
          code: answer.body.error?.code,
          plugin: answer.body.error?.details?.plugin,
        }).toEqual({
          how,
          status: 503,
          code: "plugin_failed",
          plugin: "hostile",
        })
        expect(answer.body.error.message.vi).toContain("hostile")
        expect(answer.body.error.message.en).toContain("hostile")
        const latest = (await incidents(A, "admin"))[0]
        expect(latest).toMatchObject({ pluginId: "hostile", hook: "trip.validate", kind })
        await tenantBUntouched()
        // The server keeps serving, and the plugin's next call works in a fresh worker if need be.
        await expectStatus(201, "officer", "POST", `/api/t/${A}/trips`, tripForm({ hostile: { how: "" } }))
      }

      it("throws or rejects: a clear error to the user, an incident for the administrator", async () => {
        await failsClosed("throw", "throw")
        await failsClosed("reject", "throw")
      })

      it("hangs or loops: stopped at its budget, its worker replaced", async () => {
        await failsClosed("hang", "timeout")
        await failsClosed("loop", "timeout")
      })

      it("runs out of memory: its worker dies at the ceiling, the server does not", async () => {
        await failsClosed("oom", "crash")
      })

      it("floods the database with calls: refused past a bound, the flood not left queued for others", async () => {
        const answer = await misbehave("flood")
        expect({ status: answer.status, plugin: answer.body.error?.details?.plugin }).toEqual({
          status: 503,
          plugin: "hostile",
        })
        const latest = (await incidents(A, "admin"))[0]
        expect(latest).toMatchObject({ pluginId: "hostile", hook: "trip.validate" })
        expect(latest?.message).toContain("too many data calls at once")
        await tenantBUntouched()
        await expectStatus(201, "officer", "POST", `/api/t/${A}/trips`, tripForm({ hostile: { how: "" } }))
      })

      it("has no process environment", async () => {
        const answer = await misbehave("env")
        expect(answer.status).toBe(422)
        expect(answer.body.error.message).toBeDefined()
        expect(answer.body.error.details.issues[0].message).toContain("{} / {}")
      })

      it("cannot reach the file system, the network, the process, or the core", async () => {
        for (const how of ["fs", "net", "builtin", "fetch", "kill", "core"]) await failsClosed(how, "capability")
      })

      it("reads nothing of another tenant, even with its ids", async () => {
        const answer = await expectStatus(
          201,
          "officer",
          "POST",
          `/api/t/${A}/trips`,
          tripForm({ hostile: { how: `peek:${b().memberInX}` } }),
        )
        expect(answer.warnings).toEqual([
          { pluginId: "hostile", rule: "peek", message: { vi: "không thấy", en: "nothing" } },
        ])
        const own = await expectStatus(
          201,
          "officer",
          "POST",
          `/api/t/${A}/trips`,
          tripForm({ hostile: { how: `peek:${a().memberInX}` } }),
        )
        expect(own.warnings[0].message.en).toBe("FOUND")
      })

      it("is refused a capability it did not declare, and the administrator sees it", async () => {
        const answer = await send("officer", "GET", `${plugins(A)}/hostile/store`)
        expect(answer.status).toBe(503)
        const latest = (await incidents(A, "admin"))[0]
        expect(latest).toMatchObject({ pluginId: "hostile", hook: "route:GET /store", kind: "capability" })
        expect(latest?.message).toContain("store")
      })

      it("fails alone in events too: the delivery fails, retryable, for this tenant", async () => {
        const exit = await api.run(
          Effect.exit(
            withHost(
              Effect.gen(function* () {
                const d = yield* PluginDispatch
                return yield* d.deliverEvent({
                  tenantId: a().id,
                  tenantCode: A,
                  pluginId: "hostile",
                  event: {
                    id: crypto.randomUUID(),
                    type: "trip.approved",
                    entityType: "trip",
                    entityId: a().trip,
                    payload: { how: "throw" },
                    occurredAt: now.toISOString(),
                    attempt: 1,
                  },
                })
              }).pipe(Effect.provide(pluginDispatchLayer)),
            ),
          ),
        )
        expect(Exit.isFailure(exit)).toBe(true)
        const failure = Exit.isFailure(exit) ? exit.cause.reasons.find((reason) => reason._tag === "Fail") : undefined
        expect(failure !== undefined && failure._tag === "Fail" && failure.error instanceof PluginFailed).toBe(true)
        expect(failure?._tag === "Fail" && (failure.error as PluginFailed).retryable).toBe(true)
      })

      it("never runs once disabled", async () => {
        await expectStatus(200, "admin", "POST", `${plugins(A)}/hostile/disable`)
        const answer = await misbehave("throw")
        expect(answer.status).toBe(400)
        expect(answer.body.error.details.issues[0].path).toEqual(["body", "extra", "hostile"])
        await expectStatus(201, "officer", "POST", `/api/t/${A}/trips`, tripForm(undefined))
      })
    })
  })
}
