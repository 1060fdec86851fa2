export { type JobRunView, listJobRuns } from "./listing.ts"
export { firstRun, nextRun, scheduleText } from "./schedule.ts"
