import { type FieldDefinition, Schema } from "@abroad/plugin-sdk"

const text = (max: number) => Schema.String.check(Schema.isMinLength(2), Schema.isMaxLength(max))

// The refusals are worded `<rule>: <Vietnamese> / <English>`, as the platform words a rule's
// issue, so that a page shows the half in its own language.

/** A telephone number abroad, in international form: `+` and 7–15 digits (E.164), no spaces. */
const InternationalPhone = Schema.String.check(
  Schema.isPattern(/^\+[1-9]\d{6,14}$/, {
    message: "phone.international: Số quốc tế: dấu + rồi 7–15 chữ số. / An international number: + then 7–15 digits.",
  }),
)

/** A Vietnamese telephone number: 0 or +84, then 9 digits (10-digit mobiles and landlines since 2017–2018). */
const VietnamesePhone = Schema.String.check(
  Schema.isPattern(/^(?:0|\+84)[1-9]\d{8}$/, {
    message: "phone.vietnamese: Số Việt Nam: 0 hoặc +84, rồi 9 chữ số. / A Vietnamese number: 0 or +84, then 9 digits.",
  }),
)

/**
 * The request's extra fields: where the member stays abroad and who receives them (nơi ở và người
 * bảo lãnh, tiếp đón ở nước ngoài), and whom to call at home if something happens (người liên hệ khẩn cấp).
 */
export const TRIP_REQUEST_FIELDS: ReadonlyArray<FieldDefinition> = [
  {
    name: "hostName",
    label: { vi: "Người/cơ quan tiếp đón ở nước ngoài", en: "Host abroad (person or organisation)" },
    schema: text(200),
    required: true,
    widget: "text",
  },
  {
    name: "hostAddress",
    label: { vi: "Địa chỉ lưu trú ở nước ngoài", en: "Address abroad" },
    help: { vi: "Số nhà, đường, thành phố, quốc gia", en: "Street, city, country" },
    schema: text(500),
    required: true,
    widget: "textarea",
  },
  {
    name: "hostPhone",
    label: { vi: "Điện thoại người tiếp đón", en: "Host's telephone" },
    help: { vi: "Dạng quốc tế, ví dụ +81312345678", en: "International form, e.g. +81312345678" },
    schema: InternationalPhone,
    required: true,
    widget: "phone",
  },
  {
    name: "emergencyContactName",
    label: { vi: "Người liên hệ khẩn cấp ở trong nước", en: "Emergency contact in Vietnam" },
    schema: text(200),
    required: true,
    widget: "text",
  },
  {
    name: "emergencyContactRelation",
    label: { vi: "Quan hệ với đảng viên", en: "Relation to the member" },
    help: { vi: "Ví dụ: vợ, chồng, con, anh, chị…", en: "e.g. spouse, child, sibling…" },
    schema: text(100),
    required: true,
    widget: "text",
  },
  {
    name: "emergencyContactPhone",
    label: { vi: "Điện thoại người liên hệ khẩn cấp", en: "Emergency contact's telephone" },
    schema: VietnamesePhone,
    required: true,
    widget: "phone",
  },
]
