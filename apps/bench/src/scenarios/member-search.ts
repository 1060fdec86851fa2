import { listMembers } from "@abroad/core"
import { benchAccounts } from "../accounts.ts"
import { COMMON_SEARCHES } from "../generator/names.ts"
import { captureStatements } from "../harness/capture.ts"
import type { Scenario } from "./scenario.ts"

/**
 * Tìm đảng viên: an officer of the largest province types a common name without diacritics
 * ("nguyen van hung"), as `GET /api/t/{tenant}/members?q=…` serves it; a dozen names in turn.
 */
export const memberSearchScenario: Scenario = {
  id: "member-search",
  title: "Member search without diacritics (largest province)",
  targets: { p99Ms: 50, throughputRatio: 0.8 },
  prepare: async (context) => {
    const tenant = context.largestTenants[0] ?? "ha-noi"
    const tenantId = await context.tenantId(tenant)
    const [account] = benchAccounts([tenant])
    if (account === undefined) throw new Error("no bench account")
    const variants = await Promise.all(
      COMMON_SEARCHES.map(async (search) => ({
        request: { method: "GET" as const, path: `/api/t/${tenant}/members?q=${encodeURIComponent(search)}` },
        statements: await captureStatements(
          tenantId,
          listMembers({ visibility: { kind: "tenant" }, search, limit: 50 }),
        ),
        tenantId,
      })),
    )
    return {
      account,
      variants,
      idsOfPlatformAnswer: (body) => (body as { members: Array<{ id: string }> }).members.map((member) => member.id),
      idsOfBaselineRows: (rows) => rows.map((row) => String(row.id)),
    }
  },
}
