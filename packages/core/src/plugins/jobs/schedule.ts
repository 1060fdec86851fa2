import type { JobSchedule } from "../dispatch.ts"

type Schedule = JobSchedule["schedule"]

const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * MINUTE_MS
/** Vietnam keeps UTC+7 all year, with no daylight saving. */
const VIETNAM_OFFSET_MS = 7 * 60 * MINUTE_MS
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/

/** The schedule as stored beside the job's next run: `every 15 min`, `daily 02:00`; undefined when it is not one. */
export const scheduleText = (schedule: Schedule): string | undefined => {
  if ("everyMinutes" in schedule) {
    const minutes = schedule.everyMinutes
    return Number.isInteger(minutes) && minutes >= 1 && minutes <= 7 * 24 * 60 ? `every ${minutes} min` : undefined
  }
  return HH_MM.test(schedule.dailyAt) ? `daily ${schedule.dailyAt}` : undefined
}

/** The first instant at or after `from` that is `dailyAt` (HH:MM) on the clock in Vietnam. */
const nextDailyAt = (dailyAt: string, from: number): number => {
  const match = HH_MM.exec(dailyAt)
  const minutes = Number(match?.[1]) * 60 + Number(match?.[2])
  const localMidnight = Math.floor((from + VIETNAM_OFFSET_MS) / DAY_MS) * DAY_MS - VIETNAM_OFFSET_MS
  const today = localMidnight + minutes * MINUTE_MS
  return today >= from ? today : today + DAY_MS
}

/**
 * When a job first runs once its plugin is enabled: an interval job at once, a daily job at its
 * next hour in Vietnam.
 */
export const firstRun = (schedule: Schedule, now: Date): Date =>
  "everyMinutes" in schedule ? now : new Date(nextDailyAt(schedule.dailyAt, now.getTime()))

/**
 * The slot after a run that was due at `due` and ended at `now`: the first slot of the job's grid
 * after `now`. Slots missed while no process ran are not made up one by one — the overdue run
 * stood for them — and an interval job keeps its grid rather than drifting by its run time.
 */
export const nextRun = (schedule: Schedule, due: Date, now: Date): Date => {
  if ("dailyAt" in schedule) return new Date(nextDailyAt(schedule.dailyAt, now.getTime() + 1))
  const every = schedule.everyMinutes * MINUTE_MS
  const steps = Math.floor((now.getTime() - due.getTime()) / every) + 1
  return new Date(due.getTime() + Math.max(1, steps) * every)
}
