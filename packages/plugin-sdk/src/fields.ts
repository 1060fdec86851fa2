import type { Schema } from "effect"
import type { BilingualText } from "./text.ts"

/** How the web app draws a field; the Schema alone decides what the server accepts. */
export type FieldWidget =
  | "text"
  | "textarea"
  | "date"
  | "select"
  | "checkbox"
  | "number"
  | "country"
  | "phone"
  | "email"

/**
 * One extra form field. The value is stored under `extra.<pluginId>.<name>`, validated on the
 * server by `schema`, listed in the OpenAPI document, and rendered by the web app from this very
 * description.
 */
export interface FieldDefinition {
  /** camelCase, unique within the plugin and the form. */
  readonly name: string
  readonly label: BilingualText
  readonly help?: BilingualText
  /** Decodes the submitted JSON value; a failure is a 400 naming `extra.<pluginId>.<name>`. */
  // biome-ignore lint/suspicious/noExplicitAny: any Schema whose decoding needs no services
  readonly schema: Schema.Codec<any, any, never, never>
  readonly required: boolean
  readonly widget: FieldWidget
  /** For `select`: the values and their labels. */
  readonly options?: ReadonlyArray<{ readonly value: string; readonly label: BilingualText }>
  /** Shown (and required) only for these trip purposes; absent means every purpose. */
  readonly purposes?: ReadonlyArray<string>
}

/** The forms a plugin can add fields to. */
export interface FieldSets {
  /** Đơn đề nghị: the trip request. */
  readonly tripRequest?: ReadonlyArray<FieldDefinition>
  /** Báo cáo kết quả: the after-return report. */
  readonly tripReport?: ReadonlyArray<FieldDefinition>
  /** The member's record. */
  readonly member?: ReadonlyArray<FieldDefinition>
}
