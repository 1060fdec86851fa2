/**
 * The plugin SDK: all a plugin author imports. Contracts only; the platform's plugin host
 * implements them, and `@abroad/plugin-sdk/testing` runs a plugin against an in-memory tenant.
 */

export { Schema } from "effect"
export { type ConfigFieldUi, configField } from "./config.ts"
export type {
  MailMessage,
  MailTransport,
  PluginCapability,
  PluginClock,
  PluginContext,
  PluginLogger,
  PluginMember,
  PluginStore,
  PluginTrip,
  PluginTripStatus,
  TenantData,
  ViolationProposal,
} from "./context.ts"
export { PluginCapabilityMissing, PluginError } from "./context.ts"
/** Integrations receive CSV (border and immigration feeds): one parser for every plugin. */
export { parseCsv } from "./csv.ts"
export type { PluginDefinition, PluginRegistrations, PluginRegistry } from "./define.ts"
export { collectRegistrations, definePlugin } from "./define.ts"
export type { EventHandlers, PluginEvent } from "./events.ts"
export type { FieldDefinition, FieldSets, FieldWidget } from "./fields.ts"
export type { JobDefinition } from "./jobs.ts"
export type { ReportDefinition } from "./reports.ts"
export type { PluginRequest, PluginResponse, RouteDefinition } from "./routes.ts"
export type {
  ApprovalLevel,
  Awaitable,
  DeadlinesInput,
  DeadlinesOutcome,
  RuleHooks,
  RuleOutcome,
  TripRequestView,
  TripRuleInput,
} from "./rules.ts"
export type { BilingualText } from "./text.ts"
