import type { DatabaseError, TenantTx } from "@abroad/db"
import type { Effect } from "effect"
import { Schema } from "effect"
import { readSetting, type SettingDefinition, type StoredSetting, writeSetting } from "./store.ts"

/**
 * How long a member has after returning to file the after-return report (báo cáo sau chuyến
 * đi): working days skip weekends and public holidays, calendar days do not. The regulation
 * allows 7 working days or 15 days; a tenant may choose either, or shorten it, never lengthen
 * it (a tenant setting tightens the regulation, it cannot loosen it).
 */
const deadlineOf = <K extends "working_days" | "calendar_days">(kind: K, most: number, vi: string, en: string) =>
  Schema.Struct({
    kind: Schema.Literal(kind).annotate({ description: en }),
    days: Schema.Int.check(
      Schema.isBetween(
        { minimum: 1, maximum: most },
        // Worded as the platform words a rule's issue, `<rule>: <Vietnamese> / <English>`: a page shows its own half.
        { message: `report_deadline.days: ${vi}. / ${en}: between 1 and ${most} days.` },
      ),
    ),
  })

export const ReportDeadline = Schema.Union([
  deadlineOf(
    "working_days",
    7,
    "Thời hạn theo ngày làm việc từ 1 đến 7 ngày",
    "Working days, weekends and public holidays skipped",
  ),
  deadlineOf("calendar_days", 15, "Thời hạn theo ngày lịch từ 1 đến 15 ngày", "Calendar days, every day counts"),
]).annotate({ identifier: "ReportDeadline" })
export type ReportDeadline = typeof ReportDeadline.Type

/** Until a tenant chooses: 7 working days. */
export const DEFAULT_REPORT_DEADLINE: ReportDeadline = { kind: "working_days", days: 7 }

const definition: SettingDefinition<ReportDeadline> = {
  key: "report.deadline",
  schema: ReportDeadline,
  defaultValue: DEFAULT_REPORT_DEADLINE,
}

/** The current tenant's report deadline, or the default while it has chosen none. */
export const reportDeadlineSetting: Effect.Effect<StoredSetting<ReportDeadline>, DatabaseError, TenantTx> = readSetting(
  definition,
)

/** Sets the current tenant's report deadline. */
export const setReportDeadline = (
  value: ReportDeadline,
  updatedBy: string,
): Effect.Effect<
  { readonly before: StoredSetting<ReportDeadline>; readonly after: StoredSetting<ReportDeadline> },
  DatabaseError,
  TenantTx
> => writeSetting(definition, value, updatedBy)
