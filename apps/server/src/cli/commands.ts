import cluster from "node:cluster"
import {
  DEMO_PASSWORD_DEFAULT,
  DEMO_TOTP_SECRET_DEFAULT,
  demoCredentials,
  demoUsernames,
  recordAudit,
  seedDemoAccounts,
  TotpSealing,
  verifyAuditChains,
} from "@abroad/auth"
import {
  applyPlan2025,
  dayInVietnam,
  deliverOnce,
  demoTenants,
  findTenantByCode,
  installDemoPlugins,
  listMemberConflicts,
  listTenants,
  type MergeOutcome,
  mergeTenants,
  REORGANISATION_2025_EFFECTIVE,
  seedDemoData,
  seedDemoHandbook,
  seedDemoOverseasOrgs,
  seedDemoTransfers,
  seedReferenceData,
  TenantMergeRefused,
  TenantNotFound,
} from "@abroad/core"
import { Database, DatabaseOwner } from "@abroad/db"
import { Effect, type ManagedRuntime } from "effect"
import type { ServerConfig } from "../config.ts"
import { startHttpServer } from "../http-server.ts"
import { overdueCheck, type Schedule, scheduleOverdueCheck } from "../jobs/overdue-check.ts"
import { deliveryPolicy, startPluginWorker } from "../jobs/plugin-worker.ts"
import { logWriter } from "../logging.ts"
import type { PlatformServices } from "../runtime.ts"
import { isServingWorker, reportListening, serveInProcesses, servingLines } from "../server-processes.ts"
import { conflictLines, mergeReportLines } from "./merge-report.ts"

type Runtime = ManagedRuntime.ManagedRuntime<PlatformServices, unknown>

export interface CommandContext {
  readonly config: ServerConfig
  readonly runtime: Runtime
  readonly flags: Readonly<Record<string, string | boolean | undefined>>
  readonly print: (line: string) => void
}

export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  readonly options: Readonly<Record<string, { readonly type: "boolean" | "string"; readonly description: string }>>
  /** What is wrong with the options taken together (checked before anything opens); none when fine. */
  readonly combination?: (flags: Readonly<Record<string, string | boolean | undefined>>) => ReadonlyArray<string>
  /** Resolves with the exit code; a long-running command resolves when it has stopped. */
  readonly run: (context: CommandContext) => Promise<number>
}

const where = (config: ServerConfig) =>
  config.database._tag === "postgres"
    ? `PostgreSQL ${new URL(config.database.url).host}${new URL(config.database.url).pathname}`
    : `PGlite ${config.database.dataDir ?? "(in memory)"}`

const migrateNow = async ({ runtime, config, print }: CommandContext) => {
  const applied = await runtime.runPromise(DatabaseOwner.use((owner) => owner.migrate))
  print(
    applied.length === 0
      ? `Cơ sở dữ liệu đã cập nhật / database up to date (${where(config)})`
      : `Đã áp dụng / applied ${applied.length} migration(s) on ${where(config)}: ${applied.join(", ")}`,
  )
}

/** Refuses to work on a schema that is behind, with the command that fixes it. */
const requireCurrentSchema = async ({ runtime, print }: CommandContext): Promise<boolean> => {
  const status = await runtime.runPromise(Database.use((database) => database.migrations))
  if (status.pending.length === 0) return true
  print(
    `Cơ sở dữ liệu chưa cập nhật / the database schema is behind: ${status.pending.join(", ")}\n` +
      "Chạy / run: pnpm platform migrate",
  )
  return false
}

const seedNow = async ({ runtime, flags, print }: CommandContext) => {
  // Demo settings are checked before anything is written: a bad one stops the seed whole.
  const credentials = flags.demo === true ? demoCredentials(process.env) : undefined
  if (credentials !== undefined && "problem" in credentials) throw new Error(credentials.problem)
  const reference = await runtime.runPromise(seedReferenceData)
  print(`Dữ liệu danh mục / reference data: ${reference.tenants} tenants, ${reference.countries} countries`)
  if (flags.demo === true) {
    const demo = await runtime.runPromise(seedDemoData)
    for (const report of demo) {
      print(
        report.created
          ? `Dữ liệu mẫu / demo data ${report.tenant}: ${report.orgUnits} org units, ${report.members} members, ${report.trips} trips`
          : `Dữ liệu mẫu / demo data ${report.tenant}: already there, left as it was${report.trips > 0 ? ` (${report.trips} trips added)` : ""}`,
      )
    }
    // The demo's plugins (a province's own), where the workspace has them: installed and enabled once.
    const plugins = await runtime.runPromise(
      installDemoPlugins((pluginId, version) =>
        recordAudit({
          actorUserId: null,
          actor: "system",
          action: "plugin.installed",
          entityType: "plugin",
          entityId: pluginId,
          details: { version, enabled: true, demo: true },
        }),
      ),
    )
    for (const plugin of plugins.filter((item) => item.outcome === "installed" || item.outcome === "config_refused")) {
      print(
        plugin.outcome === "installed"
          ? `Phần mở rộng mẫu / demo plugin ${plugin.pluginId} → ${plugin.tenant}: installed and enabled`
          : `Phần mở rộng mẫu / demo plugin ${plugin.pluginId}: its config refused the demo's (DEMO_PLUGINS), not installed`,
      )
    }
    const overseas = await runtime.runPromise(seedDemoOverseasOrgs)
    const transfers = await runtime.runPromise(seedDemoTransfers(demoTenants))
    print(
      `Tổ chức đảng ở nước ngoài mẫu / demo organisations abroad: ${overseas.created} created, ` +
        `${transfers.created} transfers accepted`,
    )
    const handbook = await runtime.runPromise(seedDemoHandbook)
    const articles = handbook.reduce((sum, tenant) => sum + tenant.articles, 0)
    print(`Cẩm nang mẫu / demo handbook: ${articles} articles`)
    if (credentials !== undefined) {
      const accounts = await runtime.runPromise(
        TotpSealing.use((keyring) => seedDemoAccounts({ ...credentials, keyring })),
      )
      print(`Tài khoản mẫu / demo accounts: ${accounts.created} created`)
    }
  }
}

/** What a user starting the platform needs to know: where it is, and with --demo, how to sign in. */
const printServing = (context: CommandContext, url: string) => {
  for (const line of servingLines(url)) context.print(line)
  if (context.flags.demo === true) {
    context.print(`Dữ liệu mẫu / demo data: ${demoTenants.join(", ")}`)
    context.print(`Tài khoản mẫu / demo accounts: ${demoUsernames().join(", ")}`)
    context.print(
      process.env.DEMO_PASSWORD
        ? "Mật khẩu / password: DEMO_PASSWORD"
        : `Mật khẩu / password: ${DEMO_PASSWORD_DEFAULT} (DEMO_PASSWORD to change)`,
    )
    context.print(
      process.env.DEMO_TOTP_SECRET
        ? "Mã TOTP / TOTP secret: DEMO_TOTP_SECRET"
        : `Mã TOTP / TOTP secret (base32, add to an authenticator app): ${DEMO_TOTP_SECRET_DEFAULT}`,
    )
  }
}

/** SERVER_PROCESSES above 1: this process starts the serving workers and keeps them running. */
const serveInWorkers = async (context: CommandContext) => {
  // The workers each open their own runtime; this one's pools and plugin workers would only idle.
  await context.runtime.dispose()
  return serveInProcesses(context.config, (url) => printServing(context, url))
}

const serveUntilSignalled = async (context: CommandContext) => {
  if (context.config.processes > 1 && cluster.isPrimary) return serveInWorkers(context)
  // The signals are taken before the server listens, not after: from its "listening" on it may hold
  // requests, and a SIGTERM in the moment before the handler was set (systemd and the primary signal
  // a worker as soon as it has said so) killed it without its drain. One that comes while it starts
  // stops it, by the same drain, once it has started.
  // Kept to the end of the process, not once: under systemd (KillMode=control-group) a worker gets
  // the SIGTERM its primary forwards as well as its own, and a second signal without a handler would
  // kill it mid-drain, or turn its exit code 0 into "killed". (A worker whose primary dies is ended
  // by node:cluster at once.)
  const stopAsked = Promise.withResolvers<void>()
  const signalled = () => stopAsked.resolve()
  process.on("SIGTERM", signalled)
  process.on("SIGINT", signalled)
  const log = logWriter(context.config.logLevel)
  const server = await startHttpServer(context.config, context.runtime)
  const jobs: Array<Schedule> = []
  try {
    jobs.push(scheduleOverdueCheck(context.runtime, log))
    jobs.push(startPluginWorker(context.runtime, { policy: deliveryPolicy(context.config) }))
    // A worker's primary tells the user, once for all of them.
    if (isServingWorker()) reportListening(server.url)
    else printServing(context, server.url)
    await stopAsked.promise
  } finally {
    // A failure once the server listens stops it too, by the same drain, before it is reported: a
    // server left listening would keep the process alive, and the signals only ask for this stop.
    await Promise.all(jobs.map((job) => job.stop()))
      .then(() => server.shutdown())
      .catch((error: unknown) => log("error", "the stop failed", { error }))
  }
  return 0
}

export const commands: ReadonlyArray<Command> = [
  {
    name: "migrate",
    summary: "Apply pending database migrations (all or nothing)",
    usage: "pnpm platform migrate",
    options: {},
    run: async (context) => {
      await migrateNow(context)
      return 0
    },
  },
  {
    name: "seed",
    summary: "Write the reference tenants and countries; with --demo also the demo data set",
    usage: "pnpm platform seed [--demo]",
    options: { demo: { type: "boolean", description: "also seed the demo organisation trees and members" } },
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      await seedNow(context)
      return 0
    },
  },
  {
    name: "tenants list",
    summary: "List the active tenants",
    usage: "pnpm platform tenants list [--json] [--kind province|city|ministry]",
    options: {
      json: { type: "boolean", description: "print JSON instead of a table" },
      kind: { type: "string", description: "only tenants of this kind" },
    },
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      const all = await context.runtime.runPromise(Database.use((database) => database.withGlobal(listTenants)))
      const kind = context.flags.kind
      if (kind !== undefined && kind !== "province" && kind !== "city" && kind !== "ministry") {
        context.print("--kind: province, city hoặc/or ministry")
        return 2
      }
      const tenants = all.filter((t) => kind === undefined || t.kind === kind)
      if (context.flags.json === true) {
        context.print(
          JSON.stringify(
            tenants.map(({ code, name, kind, isOversight }) => ({ code, name, kind, isOversight })),
            null,
            2,
          ),
        )
      } else {
        const width = Math.max(...tenants.map((t) => t.code.length), 4)
        context.print(`${"code".padEnd(width)}  ${"kind".padEnd(8)}  name`)
        for (const t of tenants) {
          context.print(
            `${t.code.padEnd(width)}  ${t.kind.padEnd(8)}  ${t.name}${t.isOversight ? "  (oversight)" : ""}`,
          )
        }
        context.print(`${tenants.length} tenants`)
      }
      return 0
    },
  },
  {
    name: "audit verify",
    summary: "Recompute the audit log's hash chains and report any edited or removed entry",
    usage: "pnpm platform audit verify [--tenant CODE]",
    options: { tenant: { type: "string", description: "only this tenant's chain (e.g. ho-chi-minh)" } },
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      const tenant = typeof context.flags.tenant === "string" ? context.flags.tenant : undefined
      const reports = await context.runtime.runPromise(verifyAuditChains(tenant))
      if (tenant !== undefined && reports.length === 0) {
        context.print(`Không có đơn vị / no tenant with the code ${tenant}`)
        return 2
      }
      let broken = 0
      for (const report of reports) {
        if (report.breaks.length === 0) continue
        broken += report.breaks.length
        for (const b of report.breaks) context.print(`${report.chain}  #${b.seq}  ${b.problem}`)
      }
      const entries = reports.reduce((sum, r) => sum + r.entries, 0)
      context.print(
        broken === 0
          ? `Nhật ký toàn vẹn / audit log intact: ${reports.length} chain(s), ${entries} entries`
          : `PHÁT HIỆN SỬA ĐỔI / TAMPERING FOUND: ${broken} break(s) in ${entries} entries`,
      )
      return broken === 0 ? 0 : 1
    },
  },
  {
    name: "tenants merge",
    summary: "Merge tenants into one (sáp nhập), or apply the 2025 plan; --dry-run reports what would move",
    usage:
      "pnpm platform tenants merge --into CODE --from CODE[,CODE…] [--effective YYYY-MM-DD] [--dry-run] [--json]\n" +
      "       pnpm platform tenants merge --plan 2025 [--effective YYYY-MM-DD] [--dry-run] [--json]",
    options: {
      into: { type: "string", description: "the successor, which goes on and takes the others in" },
      from: { type: "string", description: "the tenants merged into it, comma-separated" },
      plan: { type: "string", description: "2025: the whole 2025 reorganisation from the reference list" },
      effective: { type: "string", description: "the successor's first day (default: today; 2025-07-01 for --plan)" },
      "dry-run": { type: "boolean", description: "report exactly what would move, change nothing" },
      json: { type: "boolean", description: "print the report as JSON" },
    },
    combination: (flags) => {
      if (flags.plan !== undefined) {
        return flags.into !== undefined || flags.from !== undefined
          ? ["--plan không đi cùng --into, --from / --plan does not go with --into or --from"]
          : []
      }
      if (flags.into === undefined || flags.from === undefined) {
        return ["Cần --into và --from, hoặc --plan 2025 / --into and --from are needed, or --plan 2025"]
      }
      const from = String(flags.from).split(",")
      if (from.includes(String(flags.into))) {
        return [`Không thể sáp nhập ${flags.into} vào chính nó / a tenant cannot be merged into itself: ${flags.into}`]
      }
      const twice = from.find((code, index) => from.indexOf(code) !== index)
      return twice === undefined ? [] : [`--from nêu ${twice} hai lần / --from names ${twice} twice`]
    },
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      const { flags } = context
      const dryRun = flags["dry-run"] === true
      const actor = { userId: null, name: "cli" }
      const program =
        flags.plan === "2025"
          ? applyPlan2025({
              effectiveOn: typeof flags.effective === "string" ? flags.effective : REORGANISATION_2025_EFFECTIVE,
              dryRun,
              actor,
            })
          : mergeTenants({
              into: String(flags.into),
              from: String(flags.from).split(","),
              effectiveOn: typeof flags.effective === "string" ? flags.effective : dayInVietnam(new Date()),
              dryRun,
              actor,
            }).pipe(Effect.map((outcome) => ({ merges: [outcome], alreadyApplied: [] as ReadonlyArray<string> })))
      const result = await context.runtime.runPromise(
        program.pipe(
          Effect.catchIf(
            (error): error is TenantMergeRefused | TenantNotFound =>
              error instanceof TenantMergeRefused || error instanceof TenantNotFound,
            (error) => Effect.succeed(error),
          ),
        ),
      )
      if (result instanceof TenantNotFound) {
        context.print(`Không có đơn vị / no tenant with the code ${result.code}`)
        return 2
      }
      if (result instanceof TenantMergeRefused) {
        context.print(`Từ chối / refused: ${result.message.vi} / ${result.message.en}`)
        return result.isBadInput ? 2 : 1
      }
      if (flags.json === true) {
        context.print(JSON.stringify(result, null, 2))
        return 0
      }
      for (const outcome of result.merges as ReadonlyArray<MergeOutcome>) {
        for (const line of mergeReportLines(outcome)) context.print(line)
      }
      if (result.alreadyApplied.length > 0) {
        context.print(`Đã thực hiện trước đây / done already: ${result.alreadyApplied.join(", ")}`)
      }
      const conflicts = result.merges.reduce((sum, m) => sum + m.report.members.conflicts, 0)
      context.print(
        `${dryRun ? "Chạy thử, không thay đổi gì / dry run, nothing changed" : "Đã sáp nhập / merged"}: ` +
          `${result.merges.length} merge(s), ${conflicts} conflict(s) to resolve` +
          (conflicts > 0 && !dryRun ? " (pnpm platform tenants conflicts --tenant CODE)" : ""),
      )
      return 0
    },
  },
  {
    name: "tenants conflicts",
    summary: "List a tenant's member records in conflict after a merge, for a person to resolve",
    usage: "pnpm platform tenants conflicts --tenant CODE [--json]",
    options: {
      tenant: { type: "string", description: "the tenant (e.g. tuyen-quang)" },
      json: { type: "boolean", description: "print JSON instead of lines" },
    },
    combination: (flags) => (flags.tenant === undefined ? ["Cần --tenant / --tenant is needed"] : []),
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      const code = String(context.flags.tenant)
      const conflicts = await context.runtime.runPromise(
        Database.use((database) =>
          database.withGlobal(findTenantByCode(code)).pipe(
            Effect.flatMap((tenant) => database.withTenant(tenant.id, listMemberConflicts())),
            Effect.catchIf(
              (error): error is TenantNotFound => error instanceof TenantNotFound,
              () => Effect.succeed(undefined),
            ),
          ),
        ),
      )
      if (conflicts === undefined) {
        context.print(`Không có đơn vị / no tenant with the code ${code}`)
        return 2
      }
      if (context.flags.json === true) context.print(JSON.stringify(conflicts, null, 2))
      else {
        for (const line of conflictLines(conflicts)) context.print(line)
        context.print(`${conflicts.length} hồ sơ mâu thuẫn đang chờ / open conflict(s)`)
      }
      return 0
    },
  },
  {
    name: "trips check-overdue",
    summary: "Mark trips overdue: no return after the planned date, no report by its deadline (safe to repeat)",
    usage: "pnpm platform trips check-overdue [--tenant CODE]",
    options: { tenant: { type: "string", description: "only this tenant (e.g. ho-chi-minh)" } },
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      const code = typeof context.flags.tenant === "string" ? context.flags.tenant : undefined
      const result = await context.runtime.runPromise(
        overdueCheck(code).pipe(
          Effect.catchIf(
            (error): error is TenantNotFound => error instanceof TenantNotFound,
            () => Effect.succeed(undefined),
          ),
        ),
      )
      if (result === undefined) {
        context.print(`Không có đơn vị / no tenant with the code ${code}`)
        return 2
      }
      for (const report of result.tenants) {
        if (report.skipped) {
          context.print(
            `${report.tenant}  bỏ qua, đơn vị đang được kiểm tra ở tiến trình khác / skipped, being checked elsewhere`,
          )
        } else if (report.returnOverdue.length + report.reportOverdue.length > 0) {
          context.print(
            `${report.tenant}  quá hạn về nước / overdue return: ${report.returnOverdue.length}, ` +
              `quá hạn báo cáo / report overdue: ${report.reportOverdue.length}`,
          )
        }
      }
      const returns = result.tenants.reduce((sum, t) => sum + t.returnOverdue.length, 0)
      const reports = result.tenants.reduce((sum, t) => sum + t.reportOverdue.length, 0)
      context.print(
        `Kiểm tra quá hạn ngày / overdue check for ${result.today}: ${result.tenants.length} tenant(s), ` +
          `${returns} newly overdue return(s), ${reports} newly overdue report(s)`,
      )
      return 0
    },
  },
  {
    name: "plugins deliver",
    summary: "Hand new events to plugins, deliver what is due and run due plugin jobs, once (safe beside servers)",
    usage: "pnpm platform plugins deliver [--tenant CODE]",
    options: { tenant: { type: "string", description: "only this tenant (e.g. ho-chi-minh)" } },
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      const code = typeof context.flags.tenant === "string" ? context.flags.tenant : undefined
      const report = await context.runtime.runPromise(
        deliverOnce({ tenantCode: code, policy: deliveryPolicy(context.config) }).pipe(
          Effect.catchIf(
            (error): error is TenantNotFound => error instanceof TenantNotFound,
            () => Effect.succeed(undefined),
          ),
        ),
      )
      if (report === undefined) {
        context.print(`Không có đơn vị / no tenant with the code ${code}`)
        return 2
      }
      context.print(
        `Sự kiện cho plugin / plugin events: ${report.tenants} tenant(s)` +
          (report.skipped > 0 ? ` (${report.skipped} being handled elsewhere)` : "") +
          `, ${report.fannedOut} new event(s) handed out, ${report.delivered} delivered, ` +
          `${report.retrying} to retry, ${report.parked} parked, ${report.released} put back; ` +
          `jobs: ${report.jobsSucceeded} succeeded, ${report.jobsFailed} failed`,
      )
      return 0
    },
  },
  {
    name: "serve",
    summary: "Serve the API on an already migrated database",
    usage: "pnpm platform serve",
    options: {},
    run: async (context) => {
      if (!(await requireCurrentSchema(context))) return 1
      return serveUntilSignalled(context)
    },
  },
  {
    name: "start",
    summary: "Migrate, seed, then serve (what `pnpm start` runs, with --demo)",
    usage: "pnpm platform start [--demo]",
    options: { demo: { type: "boolean", description: "seed the demo data set as well" } },
    run: async (context) => {
      await migrateNow(context)
      await seedNow(context)
      return serveUntilSignalled(context)
    },
  },
]
