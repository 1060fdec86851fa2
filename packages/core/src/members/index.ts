export { findMember, listMembers, type MemberSummary } from "./directory.ts"
export {
  createMember,
  type MemberDraft,
  MemberDuplicate,
  MemberInvalid,
  MemberNotFound,
  type MemberRecord,
  memberRecord,
  updateMember,
} from "./record.ts"
export { type MemberFields, type MemberIssue, memberProblems, type Sex } from "./validation.ts"
export type { Visibility } from "./visibility.ts"
