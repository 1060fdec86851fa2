import { DEFAULT_DELIVERY_POLICY, deliverOnce, listJobRuns, type Tenant } from "@abroad/core"
import { DIALECTS, dialectAvailable, type TestDatabase } from "@abroad/db/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { visitTenant } from "../src/plugins/delivery/worker.ts"
import { firstRun, nextRun } from "../src/plugins/jobs/schedule.ts"
import {
  failingJobs,
  install,
  inTenant,
  jobRuns,
  MINUTE,
  preparedDatabase,
  type Runtime,
  testClock,
} from "./plugin-delivery-fixtures.ts"

/**
 * Plugins' scheduled jobs run for each tenant that enabled the plugin, on their schedule, by one
 * process at a time: a restart neither skips a run nor runs one twice, and a failure is kept for
 * the tenant's administrator.
 */

const HOUR = 60 * MINUTE

describe("job schedules", () => {
  it("puts a daily job at its hour in Vietnam, and an interval job on its grid", () => {
    // 10:00 in Vietnam: 02:00 has passed today, so the next is tomorrow at 02:00 (19:00 UTC today).
    const morning = new Date("2026-03-02T03:00:00Z")
    expect(firstRun({ dailyAt: "02:00" }, morning).toISOString()).toBe("2026-03-02T19:00:00.000Z")
    expect(firstRun({ dailyAt: "23:30" }, morning).toISOString()).toBe("2026-03-02T16:30:00.000Z")
    expect(firstRun({ everyMinutes: 15 }, morning)).toEqual(morning)
    // A run due at 10:00 that ended at 10:01 is next due at 10:15; one three hours late, at the next slot only.
    expect(nextRun({ everyMinutes: 15 }, morning, new Date("2026-03-02T03:01:00Z")).toISOString()).toBe(
      "2026-03-02T03:15:00.000Z",
    )
    expect(nextRun({ everyMinutes: 15 }, morning, new Date("2026-03-02T06:07:00Z")).toISOString()).toBe(
      "2026-03-02T06:15:00.000Z",
    )
    // A daily run that ends right at its hour is next due a day later.
    const atTwo = new Date("2026-03-02T19:00:00Z")
    expect(nextRun({ dailyAt: "02:00" }, atTwo, atTwo).toISOString()).toBe("2026-03-03T19:00:00.000Z")
  })
})

for (const dialect of DIALECTS) {
  describe.skipIf(!(await dialectAvailable(dialect)))(`plugin jobs on ${dialect}`, () => {
    let db: TestDatabase | undefined
    let runtime: Runtime
    let tenants: ReadonlyArray<Tenant>
    let nextTenant = 0
    // 10:00 in Vietnam.
    const clock = testClock(Date.parse("2026-03-02T03:00:00Z"))

    beforeAll(async () => {
      jobRuns.length = 0
      const prepared = await preparedDatabase(dialect)
      db = prepared.db
      runtime = prepared.runtime
      tenants = prepared.tenants
    }, 120_000)
    afterAll(async () => {
      await runtime?.dispose()
      await db?.drop()
    })

    const freshTenant = () => {
      const tenant = tenants[nextTenant++]
      if (tenant === undefined) throw new Error("out of tenants")
      return tenant
    }

    const pass = () => runtime.runPromise(clock.run(deliverOnce()))
    const runsOf = (tenant: Tenant) => jobRuns.filter((run) => run.tenant === tenant.code).map((run) => run.job)
    const jobsOf = (tenant: Tenant) => inTenant(runtime, tenant, listJobRuns({}))

    it("runs each job of an enabled plugin on its schedule, and none where the plugin is off", async () => {
      const tenant = freshTenant()
      const disabled = freshTenant()
      await install(runtime, tenant, "scheduled")
      await install(runtime, disabled, "scheduled", false)
      await pass()
      expect(runsOf(tenant).sort()).toEqual(["border-import", "quarter-hourly"])
      await pass()
      clock.advance(14 * MINUTE)
      await pass()
      expect(runsOf(tenant)).toHaveLength(2)
      clock.advance(MINUTE)
      await pass()
      expect(runsOf(tenant).slice(2)).toEqual(["quarter-hourly"])
      // 02:00 in Vietnam: the nightly job, and the interval jobs once each for the hours they missed.
      clock.set(new Date("2026-03-02T19:00:00Z"))
      await pass()
      expect(runsOf(tenant).slice(3).sort()).toEqual(["border-import", "nightly", "quarter-hourly"])
      await pass()
      expect(runsOf(tenant)).toHaveLength(6)
      const jobs = await jobsOf(tenant)
      expect(jobs.map((job) => [job.jobId, job.schedule, job.dueAt.toISOString(), job.runs, job.lastStatus])).toEqual([
        ["border-import", "every 60 min", "2026-03-02T20:00:00.000Z", 2, "succeeded"],
        ["nightly", "daily 02:00", "2026-03-03T19:00:00.000Z", 1, "succeeded"],
        ["quarter-hourly", "every 15 min", "2026-03-02T19:15:00.000Z", 3, "succeeded"],
      ])
      expect(runsOf(disabled)).toEqual([])
      expect(await jobsOf(disabled)).toEqual([])
    })

    it("keeps a failed run for the administrator and tries again sooner, but not later than the next slot", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "scheduled")
      failingJobs.add("border-import")
      try {
        await pass()
        const failed = (await jobsOf(tenant)).find((job) => job.jobId === "border-import")
        expect(failed).toMatchObject({
          lastStatus: "failed",
          consecutiveFailures: 1,
          running: false,
          lastError: {
            kind: "throw",
            hook: "job:border-import",
            message: { en: "Plugin scheduled failed: border-import: border records unavailable" },
          },
        })
        expect(failed?.dueAt.getTime()).toBe(clock.now().getTime() + DEFAULT_DELIVERY_POLICY.jobRetryBaseMs)
        clock.advance(DEFAULT_DELIVERY_POLICY.jobRetryBaseMs)
        await pass()
        const again = (await jobsOf(tenant)).find((job) => job.jobId === "border-import")
        expect(again).toMatchObject({ lastStatus: "failed", consecutiveFailures: 2 })
        expect(again?.dueAt.getTime()).toBe(clock.now().getTime() + 2 * DEFAULT_DELIVERY_POLICY.jobRetryBaseMs)
      } finally {
        failingJobs.delete("border-import")
      }
      clock.advance(2 * DEFAULT_DELIVERY_POLICY.jobRetryBaseMs)
      await pass()
      const recovered = (await jobsOf(tenant)).find((job) => job.jobId === "border-import")
      expect(recovered).toMatchObject({ lastStatus: "succeeded", consecutiveFailures: 0, lastError: null, runs: 3 })
    })

    it("runs again a run cut short by a dying process once its claim lapses — and not before", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "scheduled")
      const policy = DEFAULT_DELIVERY_POLICY
      const visit = await runtime.runPromise(clock.run(visitTenant(tenant, { policy, busy: new Set(), capacity: 8 })))
      expect(visit.jobs.map((job) => job.jobId).sort()).toEqual(["border-import", "quarter-hourly"])
      // The process that claimed them died without running them.
      await pass()
      expect(runsOf(tenant)).toEqual([])
      expect((await jobsOf(tenant)).filter((job) => job.running).map((job) => job.jobId)).toEqual([
        "border-import",
        "quarter-hourly",
      ])
      clock.advance(policy.jobClaimMs)
      await pass()
      expect(runsOf(tenant).sort()).toEqual(["border-import", "quarter-hourly"])
    })

    it("runs a due job once when several processes pass at the same time", async () => {
      const tenant = freshTenant()
      await install(runtime, tenant, "scheduled")
      await Promise.all([pass(), pass(), pass()])
      expect(runsOf(tenant).sort()).toEqual(["border-import", "quarter-hourly"])
      clock.advance(HOUR)
      await Promise.all([pass(), pass(), pass()])
      expect(runsOf(tenant).sort()).toEqual(["border-import", "border-import", "quarter-hourly", "quarter-hourly"])
    })
  })
}
