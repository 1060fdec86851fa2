export { dayInVietnam, todayInVietnam } from "./calendar-day.ts"
export { CalendarOutOfRange, FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR } from "./coverage.ts"
export { hungKingsDay, lunarNewYear } from "./lunar-calendar.ts"
export {
  type Holiday,
  type HolidayKind,
  type HolidayScheduleSource,
  holidayScheduleSource,
  holidaysOf,
  type MakeUpWorkingDay,
  makeUpWorkingDays,
} from "./public-holidays.ts"
export {
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  type ReportDeadlineRule,
  reportDeadline,
} from "./working-days.ts"
