import { seedReferenceData } from "@abroad/core"
import { DatabaseOwner, databaseLayer } from "@abroad/db"
import { Effect, ManagedRuntime } from "effect"
import postgres from "postgres"
import { allBenchAccounts, createBenchAccounts } from "./accounts.ts"
import { openPostgres } from "./connection.ts"
import { type GenerateReport, generateNationalData } from "./generator/load.ts"
import { planTenants } from "./generator/tenants.ts"

/** The request login of bench databases: a member of `abroad_app` only, as infra/postgres/request-login.sql makes. */
export const BENCH_APP_LOGIN = "abroad_bench_api"

export interface DatasetOptions {
  /** A superuser URL of the PostgreSQL server, on its maintenance database. */
  readonly adminUrl: string
  /** The bench database's name. */
  readonly database: string
  readonly scale: number
  readonly seed: number
  readonly today: string
  /** Regenerate even when the database holds the data set asked for. */
  readonly fresh?: boolean
  readonly log?: (line: string) => void
}

export interface Dataset {
  /** The owner's (superuser's) URL of the bench database: migrations, generation, the baseline. */
  readonly ownerUrl: string
  /** The request login's URL: what the server serves requests with. */
  readonly appUrl: string
  readonly report: GenerateReport
  /** False when the database already held this data set and was reused. */
  readonly generated: boolean
  /** The tenants with bench accounts, largest first. */
  readonly largestTenants: ReadonlyArray<string>
}

const urlOf = (adminUrl: string, database: string, user?: string) => {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  if (user !== undefined) {
    url.username = user
    url.password = ""
  }
  return url.toString()
}

const quoted = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`)
  return name
}

/** The tenants the scenarios use, largest first: they get an officer each. */
export const largestTenants = (scale: number, count = 5): ReadonlyArray<string> =>
  [...planTenants(scale)]
    .filter((tenant) => tenant.kind !== "ministry")
    .sort((a, b) => b.members - a.members)
    .slice(0, count)
    .map((tenant) => tenant.code)

/** Applies the platform's pending migrations (and on a new database, the reference data); returns their names. */
const migrate = async (ownerUrl: string, seed = false): Promise<ReadonlyArray<string>> => {
  const runtime = ManagedRuntime.make(
    databaseLayer({ _tag: "postgres", url: ownerUrl, appUrl: undefined, poolSize: 2 }),
  )
  try {
    const applied = await runtime.runPromise(DatabaseOwner.use((owner) => owner.migrate))
    if (seed) await runtime.runPromise(Effect.asVoid(seedReferenceData))
    return applied
  } finally {
    await runtime.dispose()
  }
}

/**
 * The request login, with the roles a production request login has (infra/postgres/request-login.sql):
 * the tenant role, and the oversight and analyst roles the cross-tenant desks switch to.
 */
const ensureRequestLogin = (sql: postgres.Sql) =>
  sql
    .unsafe(`
      do $$ begin
        begin
          create role ${BENCH_APP_LOGIN} login noinherit nobypassrls;
        exception when duplicate_object or unique_violation then null;
        end;
        if not pg_has_role('${BENCH_APP_LOGIN}', 'abroad_app', 'member') then
          grant abroad_app to ${BENCH_APP_LOGIN};
        end if;
        if not pg_has_role('${BENCH_APP_LOGIN}', 'abroad_oversight', 'member') then
          grant abroad_oversight to ${BENCH_APP_LOGIN};
        end if;
        if not pg_has_role('${BENCH_APP_LOGIN}', 'abroad_analyst', 'member') then
          grant abroad_analyst to ${BENCH_APP_LOGIN};
        end if;
      end $$;`)
    .simple()

/**
 * The bench database with the data set asked for: reused when its manifest (kept as the database's
 * comment) names the same scale, seed and day, otherwise dropped, created, migrated, seeded with the
 * reference tenants, loaded by the generator, analysed, and given the bench accounts.
 */
export const prepareDataset = async (options: DatasetOptions): Promise<Dataset> => {
  const log = options.log ?? (() => {})
  const name = quoted(options.database)
  const ownerUrl = urlOf(options.adminUrl, name)
  const appUrl = urlOf(options.adminUrl, name, BENCH_APP_LOGIN)
  const largest = largestTenants(options.scale)
  const admin = postgres(options.adminUrl, { max: 1, onnotice: () => {} })
  try {
    const [existing] = await admin<Array<{ manifest: string | null }>>`
      select shobj_description(oid, 'pg_database') as manifest from pg_database where datname = ${name}`
    if (existing?.manifest && !options.fresh) {
      const report = JSON.parse(existing.manifest) as GenerateReport
      if (report.scale === options.scale && report.seed === options.seed) {
        log(`reusing ${name}: scale ${report.scale}, seed ${report.seed}, day ${report.today} (--fresh to regenerate)`)
        // A data set generated before a scenario needed its account gets it now.
        const applied = await migrate(ownerUrl)
        const sql = openPostgres(ownerUrl)
        try {
          if (applied.length > 0) {
            // A new index is built on the data set; vacuum marks the pages all-visible for index-only scans.
            log(`applied ${applied.join(", ")}; vacuuming`)
            await sql.unsafe("vacuum (analyze)")
          }
          await ensureRequestLogin(sql)
          await createBenchAccounts(sql, allBenchAccounts(largest))
        } finally {
          await sql.end({ timeout: 5 })
        }
        return { ownerUrl, appUrl, report, generated: false, largestTenants: largest }
      }
    }
    log(`creating ${name}`)
    await admin.unsafe(`drop database if exists ${name} with (force)`)
    await admin.unsafe(`create database ${name}`)
  } finally {
    await admin.end({ timeout: 5 })
  }
  await migrate(ownerUrl, true)
  const sql = openPostgres(ownerUrl, 2)
  try {
    const report = await generateNationalData(sql, {
      scale: options.scale,
      seed: options.seed,
      today: options.today,
      log,
    })
    log(`analysing (${report.seconds.toFixed(0)} s so far)`)
    await ensureRequestLogin(sql)
    await sql.unsafe("analyze")
    await createBenchAccounts(sql, allBenchAccounts(largest))
    const manifest = JSON.stringify(report).replaceAll("'", "''")
    await sql.unsafe(`comment on database ${name} is '${manifest}'`)
    return { ownerUrl, appUrl, report, generated: true, largestTenants: largest }
  } finally {
    await sql.end({ timeout: 5 })
  }
}
