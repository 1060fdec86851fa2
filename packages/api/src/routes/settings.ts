import { ReportDeadline, reportDeadlineSetting, setReportDeadline } from "@abroad/core"
import { Effect, Schema } from "effect"
import { actorOf, auditByActor, inTenant } from "../auth/context.ts"
import { defineRoute } from "./route.ts"
import { Instant, TenantCode, Uuid } from "./schemas.ts"

const ReportDeadlineAnswer = Schema.Struct({
  reportDeadline: ReportDeadline,
  isDefault: Schema.Boolean.annotate({ description: "True while the tenant has chosen none (7 working days)" }),
  updatedBy: Schema.NullOr(Uuid),
  updatedAt: Schema.NullOr(Instant),
}).annotate({ identifier: "ReportDeadlineSetting" })

const toAnswer = (setting: {
  readonly value: ReportDeadline
  readonly isDefault: boolean
  readonly updatedBy: string | null
  readonly updatedAt: Date | null
}) => ({
  reportDeadline: setting.value,
  isDefault: setting.isDefault,
  updatedBy: setting.updatedBy,
  updatedAt: setting.updatedAt,
})

const PATH = "/api/t/{tenantCode}/settings/report-deadline"

export const getReportDeadlineRoute = defineRoute({
  method: "get",
  path: PATH,
  operationId: "getReportDeadline",
  summary: "Thời hạn nộp báo cáo sau chuyến đi — the after-return report deadline",
  description: "The tenant's choice, or 7 working days while it has made none.",
  tags: ["settings"],
  access: { kind: "tenant", capability: "settings.manage" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  success: { status: 200, description: "The setting", schema: ReportDeadlineAnswer },
  errors: [404, 503],
  handler: ({ context }) => inTenant(context, reportDeadlineSetting).pipe(Effect.map(toAnswer)),
})

export const setReportDeadlineRoute = defineRoute({
  method: "put",
  path: PATH,
  operationId: "setReportDeadline",
  summary: "Đặt thời hạn nộp báo cáo — set the after-return report deadline",
  description:
    "`working_days` skip weekends and Vietnamese public holidays (lunar ones included); `calendar_days` do not. " +
    "1 to 60 days. Audited with the value before and after.",
  tags: ["settings"],
  access: { kind: "tenant", capability: "settings.manage" },
  params: Schema.Struct({ tenantCode: TenantCode }),
  body: ReportDeadline,
  success: { status: 200, description: "The setting", schema: ReportDeadlineAnswer },
  errors: [404, 503],
  handler: ({ body, context }) =>
    inTenant(
      context,
      Effect.gen(function* () {
        const { before, after } = yield* setReportDeadline(body, actorOf(context).userId)
        yield* auditByActor(context, {
          action: "settings.updated",
          entityType: "tenant_setting",
          entityId: "report.deadline",
          details: { before: before.isDefault ? null : before.value, after: after.value },
        })
        return toAnswer(after)
      }),
    ),
})

export const settingsRoutes = [getReportDeadlineRoute, setReportDeadlineRoute]
