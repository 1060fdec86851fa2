/**
 * The test kit: runs a plugin against an in-memory tenant, with no database and no server.
 *
 * ```ts
 * const tenant = testTenant({ plugin, config: { … }, members: [{ id: "m1", fullName: "Nguyễn Văn A" }] })
 * const { outcomes } = await tenant.validateTrip({ memberId: "m1", purpose: "private_tourism" })
 * ```
 */
export { type TestClock, testClock } from "./clock.ts"
export { configWordsMissing } from "./config-words.ts"
export { type HolidayCalendar, VIETNAM_HOLIDAYS_2024_2027 } from "./holidays.ts"
export { type Decoded, decodeWithIssues, type FieldIssue, PluginInputInvalid } from "./issues.ts"
export {
  type LogEntry,
  type TestMember,
  type TestRequestInit,
  type TestTenant,
  type TestTenantOptions,
  type TestTrip,
  type TestTripRequest,
  type TripValidation,
  testTenant,
} from "./tenant.ts"
