export { type AuditEntry, recordAudit, recordPlatformAudit } from "./audit/record.ts"
export { type AuditBreak, type AuditChainReport, verifyAuditChains } from "./audit/verify.ts"
export { ARGON2_PARAMETERS, DECOY_HASH, hashPassword, needsRehash, verifyPassword } from "./passwords/hashing.ts"
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  PASSWORD_PROBLEM_MESSAGES,
  type PasswordProblem,
  passwordProblems,
} from "./passwords/policy.ts"
export {
  createSession,
  invalidateSession,
  invalidateUserSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_BUMP_MS,
  SESSION_IDLE_MS,
  type Session,
  validateSession,
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
export { parseSessionToken } from "./sessions/token.ts"
export {
  matchingTotpStep,
  newTotpKey,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  type TotpKeyring,
  totpCodeAt,
  totpEnrolmentUri,
  totpKeyBase32,
  totpKeyring,
} from "./totp/totp.ts"
