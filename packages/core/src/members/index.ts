export { findMember, listMembers, type MemberSummary } from "./directory.ts"
export type { Visibility } from "./visibility.ts"
