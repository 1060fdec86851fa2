import type { OrgUnit } from "../accounts.ts"

/** A unit's name indented by its depth, for a choice among the tree's units. */
export const unitOptions = (units: ReadonlyArray<OrgUnit>, filter: (unit: OrgUnit) => boolean = () => true) =>
  units.filter(filter).map((unit) => ({ value: unit.id, label: `${"— ".repeat(unit.depth)}${unit.name}` }))
