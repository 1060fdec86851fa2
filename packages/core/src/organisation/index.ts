export { listOrgUnits, type OrgUnit } from "./units.ts"
