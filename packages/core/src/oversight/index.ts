export {
  ABROAD_CURSOR,
  type AbroadDimension,
  type AbroadFilter,
  type AbroadGroup,
  type AbroadSummary,
  countMembersAbroad,
  listMembersAbroad,
  type MemberAbroad,
  summariseMembersAbroad,
} from "./abroad.ts"
export { DEMO_OVERSEAS_ORGS, seedDemoOverseasOrgs, seedDemoTransfers } from "./demo.ts"
export { OversightConflict, OversightNotFound, OversightRefused } from "./errors.ts"
export {
  listNotices,
  listSentNotices,
  markNoticeRead,
  NOTICE_KINDS,
  type NoticeForm,
  type OversightNotice,
  sendNotice,
  sentNotice,
  tenantNotice,
} from "./notices.ts"
export {
  createOverseasOrg,
  deleteOverseasOrg,
  listOverseasOrgs,
  type OverseasOrg,
  type OverseasOrgForm,
  overseasOrgById,
  type RegisterQuery,
  unknownOverseasOrgs,
  updateOverseasOrg,
} from "./overseas-orgs.ts"
export {
  type ActivityTransfer,
  decideTransfer,
  intakeTransfer,
  listTenantTransfers,
  listTransferIntake,
  sendTransfers,
  TRANSFER_FORMS,
  TRANSFER_STATUSES,
  type TransferDecision,
  type TransferRequest,
  tenantTransfer,
} from "./transfers.ts"
