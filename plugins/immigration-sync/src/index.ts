import { configField, definePlugin, type PluginResponse, Schema } from "@abroad/plugin-sdk"
import { inOrder, parseBatch } from "./records.ts"
import { checkSignature } from "./signature.ts"
import { checkOverstays, type ImmigrationSyncConfig, type RecordOutcome, takeRecord } from "./sync.ts"

const Config = Schema.Struct({
  /** The secret shared with the immigration service; at least 32 characters. */
  secret: configField(Schema.String.check(Schema.isMinLength(32)), {
    label: { vi: "Khóa bí mật dùng chung", en: "Shared secret" },
    help: {
      vi: "Ít nhất 32 ký tự, do cơ quan xuất nhập cảnh cấp.",
      en: "At least 32 characters, from the immigration service.",
    },
    secret: true,
  }),
  /** How far the signing time may be from the server's; default 300 s. */
  replayWindowSeconds: Schema.optionalKey(
    configField(Schema.Int.check(Schema.isBetween({ minimum: 30, maximum: 3600 })), {
      label: { vi: "Độ lệch thời gian ký cho phép (giây)", en: "Signing time tolerance (seconds)" },
      help: {
        vi: "Từ 30 đến 3600; mặc định 300. Lô dữ liệu ký xa hơn so với giờ máy chủ bị từ chối.",
        en: "30 to 3600; 300 when empty. A batch signed further from the server's time is refused.",
      },
    }),
  ),
  /** How many days before the planned departure an exit still matches a trip; default 3. */
  matchWindowDays: Schema.optionalKey(
    configField(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 30 })), {
      label: { vi: "Xuất cảnh sớm được khớp (ngày)", en: "Early exits matched (days)" },
      help: {
        vi: "Số ngày trước ngày đi dự kiến mà lần xuất cảnh vẫn được khớp với chuyến đi; từ 0 đến 30, mặc định 3.",
        en: "How many days before the planned departure an exit still matches a trip; 0 to 30, 3 when empty.",
      },
    }),
  ),
  /** Days past the approved return before a stay is proposed as an overstay; default 0. */
  overstayGraceDays: Schema.optionalKey(
    configField(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 30 })), {
      label: { vi: "Số ngày chờ trước khi báo quá hạn", en: "Grace days before an overstay" },
      help: {
        vi: "Số ngày sau ngày về được duyệt trước khi đề xuất là ở lại quá hạn; từ 0 đến 30, mặc định 0.",
        en: "Days past the approved return before a stay is proposed as an overstay; 0 to 30, 0 when empty.",
      },
    }),
  ),
})

const configSchema: Schema.Codec<ImmigrationSyncConfig, unknown> = Config

const failure = (
  status: number,
  code: string,
  message: { vi: string; en: string },
  details?: unknown,
): PluginResponse => ({
  status,
  body: { error: { code, message, ...(details === undefined ? {} : { details }) } },
})

/** Đồng bộ dữ liệu xuất nhập cảnh: the immigration service's exit and entry records, pushed to a signed route. */
export default definePlugin({
  id: "immigration-sync",
  version: "1.0.0",
  name: { vi: "Đồng bộ dữ liệu xuất nhập cảnh", en: "Immigration records sync" },
  description: {
    vi: "Nhận bản ghi xuất cảnh, nhập cảnh (CSV hoặc JSON, có chữ ký), ghi ngày đi, ngày về thực tế; đề xuất vi phạm khi đi không được duyệt hoặc về quá hạn để cán bộ xác nhận.",
    en: "Receives signed exit and entry records (CSV or JSON), records actual departure and return, and proposes violations for unapproved travel or overstays for an officer to confirm.",
  },
  configSchema,
  capabilities: ["members.read", "trips.read", "trips.record_travel", "violations.propose", "store"],
  setup(register) {
    register.routes([
      {
        method: "post",
        path: "/records",
        access: "signed",
        summary: "Exit and entry records from the immigration service, signed with the shared secret",
        handler: async (request, ctx) => {
          const signed = await checkSignature(
            request.headers,
            request.body,
            ctx.config.secret,
            ctx.clock.now(),
            ctx.config.replayWindowSeconds ?? 300,
          )
          if (!signed.ok) return failure(401, "immigration.signature_invalid", signed.message)
          const batch = parseBatch(request.body, request.headers["content-type"])
          if (batch === undefined) {
            return failure(400, "immigration.body_invalid", {
              vi: 'Nội dung không đọc được: cần CSV (text/csv) hoặc JSON dạng { "records": [...] }.',
              en: 'The body cannot be read: send CSV (text/csv) or JSON as { "records": [...] }.',
            })
          }
          const summary = {
            received: batch.records.length + new Set(batch.issues.map((issue) => issue.row)).size,
            accepted: 0,
            duplicates: 0,
            matched: 0,
            unmatchedCitizenIds: [] as Array<string>,
            proposals: [] as Array<{ recordId: string; violationId: string; kind: string }>,
          }
          for (const { record } of inOrder(batch.records)) {
            const seen = await ctx.store.get<RecordOutcome>(`record:${record.recordId}`)
            if (seen !== undefined) {
              summary.duplicates++
              continue
            }
            const outcome = await takeRecord(ctx, record)
            await ctx.store.put(`record:${record.recordId}`, outcome)
            summary.accepted++
            if (["departure_recorded", "return_recorded", "already_recorded"].includes(outcome.result))
              summary.matched++
            if (outcome.result === "unknown_citizen" && !summary.unmatchedCitizenIds.includes(record.citizenId)) {
              summary.unmatchedCitizenIds.push(record.citizenId)
            }
            for (const violationId of outcome.violationIds) {
              summary.proposals.push({
                recordId: record.recordId,
                violationId,
                kind: outcome.result === "no_approved_trip" ? "unapproved_travel" : "overdue_return",
              })
            }
          }
          if (batch.issues.length > 0) {
            const rows = [...new Set(batch.issues.map((issue) => issue.row))]
            return {
              status: 400,
              body: {
                error: {
                  code: "immigration.rows_invalid",
                  message: {
                    vi: `Các dòng ${rows.join(", ")} không hợp lệ và chưa được nhận; các dòng hợp lệ khác đã được nhận.`,
                    en: `Rows ${rows.join(", ")} are not valid and were not taken; the other, valid rows were.`,
                  },
                  details: { issues: batch.issues },
                },
                summary,
              },
            }
          }
          return { status: 200, body: summary }
        },
      },
    ])
    register.jobs([{ id: "overstay-check", schedule: { dailyAt: "07:00" }, run: checkOverstays }])
    register.reports([
      {
        id: "immigration-records",
        title: { vi: "Bản ghi xuất nhập cảnh đã nhận", en: "Immigration records received" },
        columns: [
          { key: "on", label: { vi: "Ngày", en: "Day" } },
          { key: "direction", label: { vi: "Chiều", en: "Direction" } },
          { key: "citizenId", label: { vi: "Số CCCD", en: "Citizen ID" } },
          { key: "result", label: { vi: "Kết quả", en: "Result" } },
          { key: "tripId", label: { vi: "Chuyến đi", en: "Trip" } },
          { key: "violations", label: { vi: "Vi phạm đề xuất", en: "Proposed violations" } },
        ],
        run: async (params, ctx) =>
          (await ctx.store.list<RecordOutcome>("record:", 1000))
            .map(({ value }) => value)
            .filter((record) => (params.from ?? "") <= record.on && record.on <= (params.to ?? "9999-12-31"))
            .sort((a, b) => a.on.localeCompare(b.on) || a.recordId.localeCompare(b.recordId))
            .map((record) => ({
              on: record.on,
              direction: record.direction,
              citizenId: record.citizenId,
              result: record.result,
              tripId: record.tripId,
              violations: record.violationIds.join(", "),
            })),
      },
    ])
  },
})
