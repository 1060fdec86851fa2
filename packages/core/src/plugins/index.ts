export { pluginMemberOf, pluginTripOf } from "./bridge.ts"
export * from "./delivery/index.ts"
export { DEMO_PLUGINS, type DemoPluginReport, installDemoPlugins } from "./demo.ts"
export {
  type EventDelivery,
  type JobRun,
  type JobSchedule,
  PLUGIN_FAILURE_KINDS,
  PluginDispatch,
  PluginFailed,
  type PluginFailureKind,
} from "./dispatch.ts"
export { PluginInputInvalid, PluginNotFound, PluginStateConflict } from "./errors.ts"
export {
  decodePluginFields,
  type EnabledPlugin,
  enabledPlugins,
  enabledTarget,
  type PluginOutcome,
  type PluginWarning,
  pluginDispatchLayer,
  runDeadlineHooks,
  runRuleHook,
} from "./hooks.ts"
export {
  type DataScope,
  DEFAULT_BUDGETS,
  type HookBudgets,
  makePluginHost,
  noPlugins,
  PluginHost,
  type PluginHostOptions,
  type PluginHostService,
  pluginHostLayer,
  type RunTarget,
} from "./host.ts"
export {
  type IncidentView,
  type Installation,
  installationOf,
  installations,
  installPlugin,
  pluginIncidents,
  removePlugin,
  setPluginEnabled,
  type TenantPlugin,
  tenantPlugin,
  tenantPlugins,
  upgradePlugin,
} from "./installations.ts"
export * from "./jobs/index.ts"
export { type FieldManifest, type Json, PLUGIN_FORMS, type PluginForm, type PluginManifest } from "./manifest.ts"
export { keepStoredSecrets, redactSecrets, secretPaths } from "./secrets.ts"
