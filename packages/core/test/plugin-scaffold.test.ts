import { execFile } from "node:child_process"
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { makePluginHost, type PluginHostService } from "@abroad/core"
import { Database, databaseLayer } from "@abroad/db"
import { createTestDatabase, type TestDatabase } from "@abroad/db/testing"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { createPlugin } from "../../plugin-sdk/scaffold/create-plugin.ts"

/**
 * `pnpm create-plugin NAME` writes a plugin that typechecks, that the plugin host loads in its
 * locked-down worker, whose rule and field work through the host, and whose own test (with the
 * SDK's test kit) passes.
 */

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL("../../../", import.meta.url))
const NODE = process.execPath
const kit = (await import("@abroad/plugin-sdk/testing")) as Record<string, unknown>
const KIT_AVAILABLE = typeof kit.testTenant === "function"

describe("pnpm create-plugin", () => {
  let workspace: string
  let db: TestDatabase
  let runtime: ManagedRuntime.ManagedRuntime<Database, unknown>
  let host: PluginHostService
  let closeHost: () => Promise<void>

  beforeAll(async () => {
    // A workspace of its own, linked to the repository's SDK and tools as pnpm would link a new plugin.
    workspace = await mkdtemp(join(tmpdir(), "abroad-scaffold-"))
    await mkdir(join(workspace, "node_modules", "@abroad"), { recursive: true })
    await mkdir(join(workspace, "node_modules", "@types"), { recursive: true })
    await symlink(join(ROOT, "packages", "plugin-sdk"), join(workspace, "node_modules", "@abroad", "plugin-sdk"))
    await symlink(join(ROOT, "node_modules", "vitest"), join(workspace, "node_modules", "vitest"))
    await symlink(join(ROOT, "node_modules", "@types", "node"), join(workspace, "node_modules", "@types", "node"))
    db = await createTestDatabase("pglite")
    runtime = ManagedRuntime.make(databaseLayer(db.location), { memoMap: Layer.makeMemoMapUnsafe() })
  }, 120_000)
  afterAll(async () => {
    await closeHost?.()
    await runtime?.dispose()
    await db?.drop()
    if (workspace !== undefined) await rm(workspace, { recursive: true, force: true })
  })

  it("writes the package, the plugin, its test and a README; refuses a bad name or an existing folder", async () => {
    const made = await createPlugin("da-nang", join(workspace, "plugins"))
    expect(made.files).toEqual(["package.json", "src/index.ts", "test/da-nang.test.ts", "README.md"])
    const pkg = JSON.parse(await readFile(join(made.directory, "package.json"), "utf8"))
    expect(pkg).toMatchObject({ name: "@abroad/plugin-da-nang", dependencies: { "@abroad/plugin-sdk": "workspace:*" } })
    await expect(createPlugin("da-nang", join(workspace, "plugins"))).rejects.toThrow("already exists")
    await expect(createPlugin("Da Nang", join(workspace, "plugins"))).rejects.toThrow("kebab-case")
  })

  it("typechecks under the repository's strict settings", async () => {
    await writeFile(
      join(workspace, "tsconfig.json"),
      JSON.stringify({
        extends: join(ROOT, "tsconfig.json"),
        compilerOptions: { typeRoots: [join(workspace, "node_modules", "@types")] },
        include: ["plugins/da-nang/src", ...(KIT_AVAILABLE ? ["plugins/da-nang/test"] : [])],
      }),
    )
    const checked = await run(
      NODE,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", workspace, "--noEmit"],
      {
        cwd: workspace,
      },
    ).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    expect(checked).toBe("")
  }, 120_000)

  it("loads in the plugin host, and its rule, field and config work there", async () => {
    const database = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* Database
      }),
    )
    const made = await makePluginHost(database, {
      pluginsDir: join(workspace, "plugins"),
      audit: () => ({ record: () => Effect.void }),
    })
    host = made.host
    closeHost = made.close
    expect(host.unavailable).toEqual([])
    const manifest = host.manifest("da-nang")
    expect(manifest).toMatchObject({ rules: ["trip.validate"], capabilities: [] })
    expect(manifest?.fields.tripRequest.map((field) => field.name)).toEqual(["contactAbroad"])

    expect(await Effect.runPromise(host.validateConfig("da-nang", { longStayDays: 0 }))).toEqual([
      expect.objectContaining({ path: ["longStayDays"] }),
    ])
    const target = {
      tenantId: crypto.randomUUID(),
      tenantCode: "da-nang",
      tenantName: "Đà Nẵng",
      pluginId: "da-nang",
      version: "0.1.0",
      config: { longStayDays: 10 },
    }
    const decoded = await Effect.runPromise(
      host.run(target, {
        hook: "fields.tripRequest",
        call: { kind: "decodeFields", form: "tripRequest", values: {}, purpose: "private_tourism" },
        budgetMs: 5_000,
        scope: { kind: "own" },
      }),
    )
    expect(decoded).toEqual({ ok: false, issues: [{ path: ["contactAbroad"], message: "Required" }] })
    const outcomes = await Effect.runPromise(
      host.run(target, {
        hook: "trip.validate",
        call: {
          kind: "rule",
          hook: "trip.validate",
          input: {
            trip: {
              memberId: "m1",
              purpose: "private_tourism",
              funding: "own",
              countries: ["JP"],
              plannedDeparture: "2026-05-01",
              plannedReturn: "2026-05-20",
              companionsWhoAreMembers: 0,
              fields: { contactAbroad: "Trần Văn B" },
            },
            member: {
              id: "m1",
              fullName: "Nguyễn Văn A",
              citizenId: null,
              partyCardNumber: null,
              birthDate: "1980-01-01",
              orgUnitId: "u1",
              status: "active",
              fields: {},
            },
          },
        },
        budgetMs: 5_000,
        scope: { kind: "own" },
      }),
    )
    expect(outcomes).toEqual([expect.objectContaining({ kind: "warn", rule: "long-stay" })])
  }, 120_000)

  it.skipIf(!KIT_AVAILABLE)(
    "writes a test that passes with the SDK's test kit",
    async () => {
      const result = await run(
        NODE,
        [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--root", workspace, "plugins/da-nang/test"],
        { cwd: workspace },
      ).then(
        ({ stdout }) => ({ ok: true, stdout }),
        (error: { stdout?: string; stderr?: string }) => ({ ok: false, stdout: `${error.stdout}\n${error.stderr}` }),
      )
      expect(result).toMatchObject({ ok: true })
      expect(result.stdout).toContain("3 passed")
    },
    120_000,
  )
  it("refuses a plugin whose folder is not named by its id, so no copy can take a real plugin's place", async () => {
    // A copy of da-nang in a folder sorting first keeps the id "da-nang": it must not replace the real one.
    await cp(join(workspace, "plugins", "da-nang"), join(workspace, "plugins", "an-giang"), { recursive: true })
    const database = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* Database
      }),
    )
    const made = await makePluginHost(database, {
      pluginsDir: join(workspace, "plugins"),
      audit: () => ({ record: () => Effect.void }),
    })
    try {
      expect(made.host.unavailable).toEqual([
        {
          directory: join(workspace, "plugins", "an-giang"),
          problem: expect.stringContaining('differs from its folder\'s name "an-giang"'),
        },
      ])
      expect(made.host.manifest("da-nang")).toBeDefined()
      expect(made.host.manifest("an-giang")).toBeUndefined()
    } finally {
      await made.close()
      await rm(join(workspace, "plugins", "an-giang"), { recursive: true, force: true })
    }
  }, 120_000)
})
