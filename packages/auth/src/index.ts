export { normaliseUsername } from "./accounts/account.ts"
export {
  type CreateAccountError,
  type CreatedAccount,
  createAccount,
  createPlatformAccount,
  type NewPlatformAccount,
  type NewTenantAccount,
} from "./accounts/create.ts"
export {
  DEMO_ACCOUNT_TENANTS,
  DEMO_PASSWORD_DEFAULT,
  DEMO_TOTP_SECRET_DEFAULT,
  demoCredentials,
  demoUsernames,
  seedDemoAccounts,
} from "./accounts/demo.ts"
export { type AccountSummary, findAccount, listAccounts, updateAccount } from "./accounts/directory.ts"
export { InvalidDisplayName, InvalidUsername, UsernameTaken, WeakPassword } from "./accounts/errors.ts"
export { changePassword } from "./accounts/password-change.ts"
export { unlockAccount } from "./accounts/unlock.ts"
export { type AuditFilter, type AuditRecord, listAuditEvents } from "./audit/read.ts"
export { type AuditEntry, recordAudit, recordOversightAudit, recordPlatformAudit } from "./audit/record.ts"
export { type AuditBreak, type AuditChainReport, verifyAuditChains } from "./audit/verify.ts"
export {
  BREAK_GLASS_MAX_MINUTES,
  type BreakGlassGrant,
  closeBreakGlass,
  listBreakGlass,
  openBreakGlass,
} from "./break-glass/break-glass.ts"
export { ARGON2_PARAMETERS, DECOY_HASH, hashPassword, needsRehash, verifyPassword } from "./passwords/hashing.ts"
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordProblem,
  passwordProblems,
} from "./passwords/policy.ts"
export {
  completePasswordReset,
  InvalidResetToken,
  issuePasswordReset,
  PASSWORD_RESET_TTL_MS,
  type PasswordResetIssued,
} from "./passwords/reset.ts"
export {
  type Actor,
  accessByGrants,
  actorForToken,
  type CapabilityScope,
  type GrantScope,
  grantScopes,
  homeCapabilities,
  scopeOf,
  type TenantAccess,
  tenantAccess,
} from "./permissions/access.ts"
export {
  BREAK_GLASS_CAPABILITIES,
  CAPABILITIES,
  type Capability,
  PLATFORM_ROLES,
  ROLE_CAPABILITIES,
  ROLE_NAMES,
  type Role,
  SECOND_FACTOR_ROLES,
  TENANT_ROLES,
  TENANT_WIDE_CAPABILITIES,
} from "./permissions/capabilities.ts"
export { AccountNotFound, GrantExists, GrantNotFound, GrantRefused } from "./permissions/errors.ts"
export { type Grant, type GrantRequest, grantRole, listGrants, revokeGrant } from "./permissions/grants.ts"
export { capabilityMatrixMarkdown } from "./permissions/matrix.ts"
export {
  actorOfSession,
  type RequestPresence,
  requestActor,
  type SessionActorRow,
  validateSession,
} from "./permissions/request-actor.ts"
export {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_BUMP_MS,
  SESSION_IDLE_MS,
  type Session,
} from "./sessions/store.ts"
export {
  clearFailures,
  recordFailure,
  slowDownMs,
  THROTTLE,
  type ThrottleKey,
  type ThrottleState,
  throttleState,
} from "./sessions/throttle.ts"
export { hashSecret, parseSessionToken } from "./sessions/token.ts"
export { AccountLocked, InvalidCredentials, TotpRequired } from "./sign-in/errors.ts"
export { requiresSecondFactor } from "./sign-in/second-factor.ts"
export {
  type SignedIn,
  type SignedInUser,
  type SignInError,
  type SignInInput,
  signIn,
  usernameFingerprint,
} from "./sign-in/sign-in.ts"
export { confirmTotpEnrolment, InvalidTotpCode, startTotpEnrolment, type TotpEnrolment } from "./totp/enrolment.ts"
export {
  matchingTotpStep,
  newTotpKey,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  type TotpKeyring,
  TotpSealing,
  totpCodeAt,
  totpEnrolmentUri,
  totpKeyBase32,
  totpKeyFromBase32,
  totpKeyring,
} from "./totp/totp.ts"
