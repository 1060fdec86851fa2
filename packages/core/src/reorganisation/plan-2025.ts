import type { CalendarDate, DatabaseError, DatabaseOwner } from "@abroad/db"
import { Effect } from "effect"
import type { TenantNotFound } from "../tenants/directory.ts"
import { referenceTenants } from "../tenants/reference.ts"
import { TenantMergeRefused } from "./errors.ts"
import { type MergeActor, type MergeOutcome, mergedInto, mergeTenantsTogether } from "./merge.ts"

/** The day the 2025 reorganisation took effect (Resolution 202/2025/QH15): 1 July 2025. */
export const REORGANISATION_2025_EFFECTIVE: CalendarDate = "2025-07-01"

export interface PlannedMerge {
  readonly into: string
  readonly from: ReadonlyArray<string>
}

/**
 * The 2025 reorganisation as the reference list gives it (column `merged_2025_into`): for each
 * province that took others in, the provinces merged into it, in list order. 63 provinces and
 * cities become 34: the 11 left as they were and the 23 successors.
 */
export const plan2025: ReadonlyArray<PlannedMerge> = (() => {
  const provinces = referenceTenants.filter((t) => t.kind !== "ministry")
  const codeByName = new Map(provinces.map((p) => [p.name, p.code]))
  const groups = new Map<string, Array<string>>()
  for (const province of provinces) {
    const into = province.mergedInto2025
    if (into === null || into === province.name) continue
    const successor = codeByName.get(into) as string
    groups.set(successor, [...(groups.get(successor) ?? []), province.code])
  }
  return [...groups].map(([into, from]) => ({ into, from }))
})()

export interface PlanOutcome {
  /** The merges carried out (or, in a dry run, that would be). */
  readonly merges: ReadonlyArray<MergeOutcome>
  /** Successors whose predecessors were all merged into them already: nothing left to do. */
  readonly alreadyApplied: ReadonlyArray<string>
}

/**
 * Applies the whole 2025 reorganisation in one transaction (all of it, or nothing). A group
 * already carried out is skipped, so the command may be run again; a group half carried out, or a
 * province merged elsewhere, refuses the whole plan.
 */
export const applyPlan2025 = (options: {
  readonly effectiveOn: CalendarDate
  readonly dryRun: boolean
  readonly actor: MergeActor
}): Effect.Effect<PlanOutcome, TenantMergeRefused | TenantNotFound | DatabaseError, DatabaseOwner> =>
  Effect.gen(function* () {
    const done = yield* mergedInto(plan2025.flatMap((group) => group.from))
    const pending: Array<PlannedMerge> = []
    const alreadyApplied: Array<string> = []
    for (const group of plan2025) {
      const merged = group.from.filter((code) => done.get(code) === group.into)
      if (merged.length === group.from.length) alreadyApplied.push(group.into)
      else if (merged.length === 0) pending.push(group)
      else {
        return yield* new TenantMergeRefused({
          reason: "already_merged",
          message: {
            vi: `Phương án 2025 cho ${group.into} mới thực hiện một phần (${merged.join(", ")}).`,
            en: `The 2025 plan for ${group.into} was carried out in part only (${merged.join(", ")}).`,
          },
        })
      }
    }
    const merges =
      pending.length === 0
        ? []
        : yield* mergeTenantsTogether(
            pending.map((group) => ({ ...group, effectiveOn: options.effectiveOn, actor: options.actor })),
            options.dryRun,
          )
    return { merges, alreadyApplied }
  })
