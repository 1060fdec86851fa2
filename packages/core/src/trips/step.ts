import type { TripEventBody } from "./events.ts"
import type { TripTransitionRefused } from "./refusal.ts"
import type { Trip } from "./trip.ts"

/**
 * What one command handler yields: the changed trip and the one event saying so, or a refusal.
 * A handler cannot yield two events or none: the machine puts the envelope on the one it gets.
 */
export type Step = { readonly trip: Trip; readonly event: TripEventBody } | TripTransitionRefused
