import { inboxScenario } from "./inbox.ts"
import { memberSearchScenario } from "./member-search.ts"
import type { Scenario } from "./scenario.ts"

/**
 * Every scenario `pnpm bench` measures, in order. Issue 8 also names a trip submission in a tenant
 * with the `ho-chi-minh` plugin, the oversight view of members abroad by country and the national
 * five-year statistics: each is one module of the `Scenario` shape added here once its API exists.
 */
export const SCENARIOS: ReadonlyArray<Scenario> = [inboxScenario, memberSearchScenario]
