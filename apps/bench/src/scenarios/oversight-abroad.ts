import { summariseMembersAbroad } from "@abroad/core"
import { OVERSIGHT_ACCOUNT } from "../accounts.ts"
import { captureOversightStatements } from "../harness/capture.ts"
import type { Scenario } from "./scenario.ts"

/** A group of the summary as both sides answer it: the country and its count. */
const groupKey = (group: { readonly key: unknown; readonly count: unknown }) =>
  `${String(group.key)}:${String(group.count)}`

/**
 * Đảng viên đang ở nước ngoài theo nước: Đảng ủy Bộ Ngoại giao's world map of members abroad now,
 * counted by country across every tenant, as `GET /api/oversight/abroad/summary?by=country` serves
 * it to `oversight@bng` (the oversight role, through the `oversight_member_abroad` view). The
 * baseline runs the same two statements (the total, then the groups) as the owner.
 */
export const oversightAbroadScenario: Scenario = {
  id: "oversight-abroad",
  title: "Oversight: members abroad now by country, all tenants",
  targets: { p99Ms: 150, throughputRatio: 0.8 },
  prepare: async () => ({
    account: OVERSIGHT_ACCOUNT,
    variants: [
      {
        request: { method: "GET", path: "/api/oversight/abroad/summary?by=country" },
        statements: await captureOversightStatements(summariseMembersAbroad("country", {})),
        tenantId: null,
        role: "abroad_oversight",
      },
    ],
    idsOfPlatformAnswer: (body) =>
      (body as { groups: ReadonlyArray<{ key: string; count: number }> }).groups.map(groupKey),
    idsOfBaselineRows: (rows) => rows.map((row) => groupKey({ key: row.key, count: row.count })),
  }),
}
