import type { Bilingual } from "./i18n/language.ts"

/**
 * Fields the tenant's plugins add to a form (đơn đề nghị, báo cáo, hồ sơ đảng viên), as the
 * plugin SDK's `FieldDefinition` describes them, with the plugin's id. They come from
 * `GET /api/t/{tenant}/plugins/fields`; the values go back under `extra.<pluginId>.<name>`.
 */
export interface PluginField {
  readonly pluginId: string
  readonly name: string
  readonly label: Bilingual
  readonly help?: Bilingual
  readonly required: boolean
  readonly widget: "text" | "textarea" | "date" | "select" | "checkbox" | "number" | "country" | "phone" | "email"
  readonly options?: ReadonlyArray<{ readonly value: string; readonly label: Bilingual }>
  readonly purposes?: ReadonlyArray<string>
}

export type PluginForm = "tripRequest" | "tripReport" | "member"

export const pluginFieldName = (field: Pick<PluginField, "pluginId" | "name">) =>
  `extra.${field.pluginId}.${field.name}`
