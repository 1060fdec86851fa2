export { type Catalogue, NAMED_TABLES, readCatalogue, type TableHandling, type UnaccountedTable } from "./catalogue.ts"
export { type ConflictingRecord, listMemberConflicts, type MemberConflict } from "./conflicts.ts"
export { TenantMergeRefused } from "./errors.ts"
export { type OriginalTenantTrips, tripsByOriginalTenant } from "./history.ts"
export { PERSON_FIELDS } from "./members.ts"
export {
  type ConflictSummary,
  checkMergeRequest,
  type MergeActor,
  type MergeOutcome,
  type MergeReport,
  type MergeRequest,
  mergeTenants,
  mergeTenantsTogether,
  type TableReport,
} from "./merge.ts"
export {
  applyPlan2025,
  type PlannedMerge,
  type PlanOutcome,
  plan2025,
  REORGANISATION_2025_EFFECTIVE,
} from "./plan-2025.ts"
