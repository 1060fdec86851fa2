export {
  addViolationEvidence,
  addViolationNote,
  closeViolation,
  openViolation,
  startViolationReview,
  type ViolationCase,
  type ViolationHistoryEntry,
  ViolationInvalid,
  ViolationNotFound,
  type ViolationOpening,
  ViolationRefused,
  type ViolationStatus,
  type ViolationSummary,
  violationCase,
} from "./case.ts"
export { listViolations, VIOLATION_CURSOR, type ViolationFilter } from "./directory.ts"
export {
  closingProblems,
  type Evidence,
  openingProblems,
  VIOLATION_KINDS,
  VIOLATION_OUTCOMES,
  type ViolationIssue,
  type ViolationKind,
  type ViolationOutcome,
  type ViolationSource,
} from "./validation.ts"
