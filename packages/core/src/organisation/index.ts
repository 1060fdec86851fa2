export { createOrgUnit, moveOrgUnit, OrgUnitNotFound, OrgUnitRefused } from "./changes.ts"
export { listOrgUnits, type OrgUnit } from "./units.ts"
