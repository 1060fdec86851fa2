export * from "./delivery/index.ts"
export {
  type EventDelivery,
  type JobRun,
  type JobSchedule,
  PLUGIN_FAILURE_KINDS,
  PluginDispatch,
  PluginFailed,
  type PluginFailureKind,
} from "./dispatch.ts"
export * from "./jobs/index.ts"
