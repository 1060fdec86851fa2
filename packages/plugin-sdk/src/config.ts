import { Schema } from "effect"
import type { BilingualText } from "./text.ts"

/**
 * How the tenant administrator's form shows one part of a plugin's config. The web app draws the
 * form from the config's JSON Schema; these annotations travel in it:
 * - `label`, `help`: the field's words in both languages (`x-label`, `x-help`);
 * - `secret`: a password or token (`writeOnly`): typed in, never shown back or written to the log,
 *   kept when the form is saved empty;
 * - `date`: a `yyyy-mm-dd` day, typed as dd/mm/yyyy (`format: "date"`);
 * - `options`: the words for each value of a choice (`Schema.Literals`), keyed by the value
 *   (`x-options`); a value without words is shown as it is.
 */
export interface ConfigFieldUi {
  readonly label: BilingualText
  readonly help?: BilingualText
  readonly secret?: boolean
  readonly date?: boolean
  readonly options?: Readonly<Record<string, BilingualText>>
}

/**
 * Annotates a config Schema for the administrators' form: `configField(Schema.String, { label, secret: true })`.
 * The words ride on a check that accepts everything: an annotation on the Schema itself would land on its
 * last check, and a check with no JSON Schema form (a `makeFilter`) drops its annotations. In the JSON
 * Schema they may so sit in an `allOf` member, which readers merge.
 */
export const configField = <S extends Schema.Top>(schema: S, ui: ConfigFieldUi): S["Rebuild"] =>
  schema.check(
    Schema.makeFilter<S["Type"]>(() => true, {
      toJsonSchema: () => ({
        "x-label": ui.label,
        ...(ui.help === undefined ? {} : { "x-help": ui.help }),
        ...(ui.secret === true ? { writeOnly: true } : {}),
        ...(ui.date === true ? { format: "date" } : {}),
        ...(ui.options === undefined ? {} : { "x-options": ui.options }),
      }),
    }),
  )
