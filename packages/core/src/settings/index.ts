export {
  DEFAULT_REPORT_DEADLINE,
  ReportDeadline,
  reportDeadlineSetting,
  setReportDeadline,
} from "./report-deadline.ts"
export { readSetting, type SettingDefinition, type StoredSetting, writeSetting } from "./store.ts"
