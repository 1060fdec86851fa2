export {
  type ArrangementKind,
  arrangementFor,
  type PartyActivityArrangement,
  type PlannedStay,
  stayReaches,
} from "./arrangement.ts"
export { BilingualText } from "./bilingual.ts"
export { addMonths, compareDates } from "./calendar-months.ts"
export {
  policyFor,
  policyInForce,
  REGULATION_VERSIONS,
  type RegulationPolicy,
  type RegulationVersionId,
  SanctionedReportDeadline,
  type StayThreshold,
  type TenantRegulationSettings,
  tenantPolicy,
  versionInForce,
} from "./policy.ts"
export {
  deadlineAtLeastAsStrict,
  InvalidRegulationOverride,
  RegulationLoosened,
  type RegulationTightening,
  type TightenedParameter,
  thresholdAtLeastAsStrict,
  tighten,
} from "./tighten.ts"
