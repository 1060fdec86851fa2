import type { BilingualText, FieldWidget, PluginCapability } from "@abroad/plugin-sdk"

/** JSON, as it crosses between the host and a plugin's worker. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

/** The forms a plugin can add fields to (`FieldSets`). */
export const PLUGIN_FORMS = ["tripRequest", "tripReport", "member"] as const
export type PluginForm = (typeof PLUGIN_FORMS)[number]

/** A field as the web app and the OpenAPI document read it: the description, its Schema as JSON Schema. */
export interface FieldManifest {
  readonly name: string
  readonly label: BilingualText
  readonly help?: BilingualText
  readonly required: boolean
  readonly widget: FieldWidget
  readonly options?: ReadonlyArray<{ readonly value: string; readonly label: BilingualText }>
  readonly purposes?: ReadonlyArray<string>
  readonly jsonSchema: { readonly [key: string]: Json }
}

/**
 * What the platform knows of a workspace plugin without running its code in the main thread: the
 * plugin is loaded in a locked-down worker, which answers this description in plain JSON.
 */
export interface PluginManifest {
  readonly id: string
  readonly version: string
  readonly name: BilingualText
  readonly description: BilingualText
  readonly capabilities: ReadonlyArray<PluginCapability>
  /** The configSchema as JSON Schema, generated like the OpenAPI document's. */
  readonly configSchema: { readonly [key: string]: Json }
  readonly rules: ReadonlyArray<string>
  readonly fields: { readonly [form in PluginForm]: ReadonlyArray<FieldManifest> }
  readonly events: ReadonlyArray<string>
  readonly routes: ReadonlyArray<{
    readonly method: "get" | "post" | "put" | "delete"
    readonly path: string
    readonly access: "session" | "signed"
    readonly summary: string
  }>
  readonly jobs: ReadonlyArray<{
    readonly id: string
    readonly schedule: { readonly everyMinutes: number } | { readonly dailyAt: string }
  }>
  readonly reports: ReadonlyArray<{
    readonly id: string
    readonly title: BilingualText
    readonly columns: ReadonlyArray<{ readonly key: string; readonly label: BilingualText }>
  }>
}

/** Where a workspace plugin's code is: the package folder and its entry module. */
export interface PluginPackage {
  readonly directory: string
  readonly entry: string
}
