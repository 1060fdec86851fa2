import { inboxScenario } from "./inbox.ts"
import { memberSearchScenario } from "./member-search.ts"
import { nationalStatisticsScenario } from "./national-statistics.ts"
import { oversightAbroadScenario } from "./oversight-abroad.ts"
import type { Scenario } from "./scenario.ts"
import { tripRequestScenario } from "./trip-request.ts"

/**
 * Every scenario `pnpm bench` measures, in order: the reads first, then the write, so that the
 * trips a write adds (and the run removes after) do not change a read's figures.
 */
export const SCENARIOS: ReadonlyArray<Scenario> = [
  inboxScenario,
  memberSearchScenario,
  oversightAbroadScenario,
  nationalStatisticsScenario,
  tripRequestScenario,
]
