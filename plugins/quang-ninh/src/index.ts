import { configField, definePlugin, Schema } from "@abroad/plugin-sdk"
import { CrossingFeed, type CrossingOutcome, importCrossings, type QuangNinhConfig } from "./crossings.ts"
import { gateOutcomes } from "./day-trip.ts"
import { TRIP_REQUEST_FIELDS } from "./fields.ts"
import { gateOf } from "./gates.ts"

const Config = Schema.Struct({
  /** Hosts the crossing feed lives on (`host` or `host:port`). */
  allowedHosts: configField(Schema.Array(Schema.String.check(Schema.isMinLength(1))), {
    label: { vi: "Máy chủ được phép kết nối", en: "Allowed hosts" },
    help: {
      vi: "Mỗi dòng một máy chủ (host hoặc host:port) của nguồn dữ liệu xuất nhập cảnh.",
      en: "One host a line (host or host:port) of the crossing feed.",
    },
  }),
  crossingFeed: Schema.optionalKey(
    configField(CrossingFeed, {
      label: { vi: "Nguồn dữ liệu xuất nhập cảnh của Bộ đội Biên phòng", en: "Border guard crossing feed" },
      help: {
        vi: "Dữ liệu qua cửa khẩu được lấy định kỳ và khớp với các chuyến đi.",
        en: "Crossings are fetched regularly and matched to trips.",
      },
    }),
  ),
})

const configSchema: Schema.Codec<QuangNinhConfig, unknown> = Config

/** Tỉnh Quảng Ninh: a border province's gates, day trips to China, and the border guard's crossing records. */
export default definePlugin({
  id: "quang-ninh",
  version: "1.0.0",
  name: { vi: "Quy định riêng của tỉnh Quảng Ninh", en: "Quảng Ninh province local rules" },
  description: {
    vi: "Cửa khẩu xuất, nhập cảnh; chuyến đi trong ngày sang Trung Quốc bằng giấy thông hành; nhập dữ liệu xuất nhập cảnh qua cửa khẩu để ghi ngày đi, ngày về thực tế.",
    en: "Gates of exit and entry; day trips to China with a border pass; import of border-crossing records to fill actual departure and return.",
  },
  configSchema,
  capabilities: ["members.read", "trips.read", "trips.record_travel", "http.outbound", "store"],
  setup(register) {
    register.fields({ tripRequest: TRIP_REQUEST_FIELDS })
    register.rules({ "trip.validate": ({ trip }) => gateOutcomes(trip) })
    register.jobs([{ id: "import-border-crossings", schedule: { everyMinutes: 60 }, run: importCrossings }])
    register.reports([
      {
        id: "border-crossings",
        title: { vi: "Dữ liệu xuất nhập cảnh qua cửa khẩu đã nhập", en: "Border crossings imported" },
        columns: [
          { key: "on", label: { vi: "Ngày", en: "Day" } },
          { key: "direction", label: { vi: "Chiều", en: "Direction" } },
          { key: "gate", label: { vi: "Cửa khẩu", en: "Gate" } },
          { key: "citizenId", label: { vi: "Số CCCD", en: "Citizen ID" } },
          { key: "result", label: { vi: "Kết quả", en: "Result" } },
          { key: "tripId", label: { vi: "Chuyến đi", en: "Trip" } },
        ],
        run: async (params, ctx) => {
          const rows = await ctx.store.list<CrossingOutcome>("crossing:", 1000)
          return rows
            .map(({ value }) => value)
            .filter((crossing) => (params.from ?? "") <= crossing.on && crossing.on <= (params.to ?? "9999-12-31"))
            .filter((crossing) => params.result === undefined || crossing.result === params.result)
            .sort((a, b) => a.on.localeCompare(b.on) || a.id.localeCompare(b.id))
            .map((crossing) => ({
              on: crossing.on,
              direction: crossing.direction === "exit" ? "xuất cảnh / exit" : "nhập cảnh / entry",
              gate: gateOf(crossing.gate)?.label.vi ?? crossing.gate,
              citizenId: crossing.citizenId,
              result: crossing.result,
              tripId: crossing.tripId,
            }))
        },
      },
    ])
  },
})
