import { tripInbox } from "@abroad/core"
import { benchAccounts } from "../accounts.ts"
import { captureStatements } from "../harness/capture.ts"
import type { Scenario } from "./scenario.ts"

/**
 * Việc đang chờ: the inbox of an organisation officer over a whole large province — requests to
 * examine and reports to close — the first page of 50, as `GET /api/t/{tenant}/trips/inbox` serves it.
 */
export const inboxScenario: Scenario = {
  id: "inbox",
  title: "Officer's inbox, first page of 50 (largest province)",
  targets: { p99Ms: 50, throughputRatio: 0.8 },
  prepare: async (context) => {
    const tenant = context.largestTenants[0] ?? "ha-noi"
    const tenantId = await context.tenantId(tenant)
    const [account] = benchAccounts([tenant])
    if (account === undefined) throw new Error("no bench account")
    // An officer granted over the whole tenant, as `desksOf` and `reachFor` in the API read the grant.
    const statements = await captureStatements(
      tenantId,
      tripInbox({
        visibility: { kind: "tenant" },
        desks: { secretaryOf: [], approverFor: [], officerFor: "all", officerReach: { kind: "tenant" } },
        limit: 50,
      }),
    )
    return {
      account,
      variants: [{ request: { method: "GET", path: `/api/t/${tenant}/trips/inbox?limit=50` }, statements, tenantId }],
      idsOfPlatformAnswer: (body) => (body as { items: Array<{ trip: { id: string } }> }).items.map((i) => i.trip.id),
      // The core asks for one row more than the page to know whether another page follows.
      idsOfBaselineRows: (rows) => rows.slice(0, 50).map((row) => String(row.id)),
    }
  },
}
