import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { run } from "./launch.ts"

/** `pnpm platform tenants merge`, run as an operator would, on the embedded database with the demo data. */
describe("pnpm platform tenants merge", () => {
  let scratch: string
  let env: Record<string, string>

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), "abroad-merge-"))
    env = { DATA_DIR: join(scratch, "pglite"), LOG_LEVEL: "error" }
    expect((await run(["migrate"], env)).code).toBe(0)
    const seeded = await run(["seed", "--demo"], env)
    expect(seeded.code, seeded.stderr).toBe(0)
  }, 240_000)
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it.each([
    [["tenants", "merge", "--into", "ha-noi"], "--into and --from are needed"],
    [["tenants", "merge", "--into", "ha-noi", "--from", "ha-noi"], "cannot be merged into itself"],
    [["tenants", "merge", "--into", "ha-noi", "--from", "ha-nam,ha-nam"], "names ha-nam twice"],
    [["tenants", "merge", "--into", "ha-noi", "--from", "Hà Nam"], "expected tenant codes separated by commas"],
    [["tenants", "merge", "--into", "ha-noi", "--from", "ha-nam", "--effective", "2025-02-29"], "expected a real day"],
    [["tenants", "merge", "--plan", "2024"], "expected 2025"],
    [["tenants", "merge", "--plan", "2025", "--into", "ha-noi"], "does not go with --into"],
    [["tenants", "merge", "--plan", "2025", "--dry-run=yes"], "takes no value"],
    [["tenants", "conflicts"], "--tenant is needed"],
  ])("refuses %j with a reason in both languages, exit code 2, before opening any database", async (args, reason) => {
    const untouched = join(scratch, "never-opened")
    const result = await run(args, { DATA_DIR: untouched })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(reason)
    expect(result.stderr).toContain(" / ")
    expect(result.stderr).toMatch(/Cần|cần|Không thể|hai lần|không đi cùng|không nhận giá trị/)
    expect(existsSync(untouched)).toBe(false)
  })

  it("reports in a dry run exactly what the merge then does, and keeps the audit log intact", async () => {
    const dry = await run(
      [
        "tenants",
        "merge",
        "--into",
        "ha-noi",
        "--from",
        "quang-ninh",
        "--effective",
        "2025-07-01",
        "--dry-run",
        "--json",
      ],
      env,
    )
    expect(dry.code, dry.stderr).toBe(0)
    const planned = JSON.parse(dry.stdout)
    expect(planned.merges[0].dryRun).toBe(true)
    const members = planned.merges[0].report.tables.find((t: { table: string }) => t.table === "member")
    expect(members.moved).toBe(120)
    const done = await run(
      ["tenants", "merge", "--into", "ha-noi", "--from", "quang-ninh", "--effective", "2025-07-01", "--json"],
      env,
    )
    expect(done.code, done.stderr).toBe(0)
    const applied = JSON.parse(done.stdout)
    expect(applied.merges[0].mergeId).toMatch(/^[0-9a-f-]{36}$/)
    expect(applied.merges[0].report).toEqual(planned.merges[0].report)
    const verify = await run(["audit", "verify"], env)
    expect(verify.code, verify.stdout).toBe(0)
    expect(verify.stdout).toMatch(/intact/)
  }, 120_000)

  it("refuses to merge into a tenant merged away, with exit code 1", async () => {
    const result = await run(["tenants", "merge", "--into", "quang-ninh", "--from", "ha-nam"], env)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain("was merged away already")
    expect(result.stdout).toContain("đã được sáp nhập")
  })

  it("applies the 2025 plan: 34 provincial tenants, and a second run finds it done", async () => {
    const dry = await run(["tenants", "merge", "--plan", "2025", "--dry-run"], env)
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain("dry run, nothing changed: 23 merge(s)")
    const done = await run(["tenants", "merge", "--plan", "2025"], env)
    expect(done.code, done.stderr).toBe(0)
    expect(done.stdout).toContain("binh-duong, ba-ria-vung-tau → ho-chi-minh")
    const list = await run(["tenants", "list", "--json"], env)
    const active = JSON.parse(list.stdout) as Array<{ code: string; kind: string }>
    // 34 after the plan; quang-ninh went into ha-noi in the test before.
    expect(active.filter((t) => t.kind !== "ministry")).toHaveLength(34 - 1)
    const again = await run(["tenants", "merge", "--plan", "2025"], env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain("done already")
    expect((await run(["tenants", "conflicts", "--tenant", "ha-noi"], env)).stdout).toContain("0 hồ sơ")
    expect((await run(["audit", "verify"], env)).code).toBe(0)
    // Seeding again leaves a merged demo tenant merged: no new tree grows in it.
    const reseeded = await run(["seed", "--demo"], env)
    expect(reseeded.code, reseeded.stderr).toBe(0)
    expect(reseeded.stdout).toContain("demo data quang-ninh: already there")
  }, 240_000)
})
