import { type FieldDefinition, Schema } from "@abroad/plugin-sdk"
import { BORDER_GATES } from "./gates.ts"

const Gate = Schema.Literals(BORDER_GATES.map((gate) => gate.value) as [string, ...Array<string>])
const gateOptions = BORDER_GATES.map((gate) => ({ value: gate.value, label: gate.label }))

/** A border pass number (số giấy thông hành): letters and digits, as printed. */
export const BorderPassNumber = Schema.String.check(
  Schema.isPattern(/^[A-Z0-9]{6,12}$/, {
    message:
      "pass.number: 6–12 chữ in hoa hoặc chữ số, như in trên giấy thông hành. / 6–12 capital letters or digits, as printed on the pass.",
  }),
)

export const TRIP_REQUEST_FIELDS: ReadonlyArray<FieldDefinition> = [
  {
    name: "exitGate",
    label: { vi: "Cửa khẩu xuất cảnh", en: "Border gate of exit" },
    schema: Gate,
    required: true,
    widget: "select",
    options: gateOptions,
  },
  {
    name: "entryGate",
    label: { vi: "Cửa khẩu nhập cảnh", en: "Border gate of entry" },
    schema: Gate,
    required: true,
    widget: "select",
    options: gateOptions,
  },
  {
    name: "dayTrip",
    label: { vi: "Đi trong ngày qua biên giới đất liền", en: "Day trip across the land border" },
    help: {
      vi: "Đi và về trong cùng một ngày sang Trung Quốc bằng giấy thông hành",
      en: "Out and back the same day to China with a border pass",
    },
    schema: Schema.Boolean,
    required: false,
    widget: "checkbox",
  },
  {
    name: "borderPassNumber",
    label: { vi: "Số giấy thông hành", en: "Border pass number" },
    help: { vi: "Bắt buộc với chuyến đi trong ngày", en: "Required for a day trip" },
    schema: BorderPassNumber,
    required: false,
    widget: "text",
  },
]
