import { Fragment } from "react"
import { formatDay } from "../i18n/dates.ts"
import type { Lang } from "../i18n/language.ts"
import { type PluginField, pluginFieldName } from "../plugin-fields.ts"
import { CheckboxField, DateField, type FormFailure, SelectField, TextArea, TextField } from "./form.tsx"
import { useLang, useT } from "./i18n.tsx"

/**
 * Các trường bổ sung: where the fields of the tenant's plugins are drawn on a form, from the
 * description each plugin gives of them (label, help, widget, options). Empty when the tenant
 * has no plugin fields for this form.
 */
export const PluginFields = ({
  fields,
  failure,
  purpose,
}: {
  fields: ReadonlyArray<PluginField>
  failure: FormFailure | undefined
  purpose?: string | undefined
}) => {
  const lang = useLang()
  const t = useT()
  const shown = fields.filter(
    (field) => field.purposes === undefined || purpose === undefined || field.purposes.includes(purpose),
  )
  if (shown.length === 0) return null
  return (
    <fieldset className="plugin-fields">
      <legend>{t("pluginFields")}</legend>
      {shown.map((field) => {
        const name = pluginFieldName(field)
        const label = field.label[lang]
        const help = field.help?.[lang]
        switch (field.widget) {
          case "date":
            return <DateField key={name} name={name} label={label} failure={failure} required={field.required} />
          case "textarea":
            return <TextArea key={name} name={name} label={label} failure={failure} required={field.required} />
          case "select":
            return (
              <SelectField
                key={name}
                name={name}
                label={label}
                failure={failure}
                required={field.required}
                options={[
                  { value: "", label: "—" },
                  ...(field.options ?? []).map((option) => ({ value: option.value, label: option.label[lang] })),
                ]}
              />
            )
          case "checkbox":
            return <CheckboxField key={name} name={name} label={label} failure={failure} />
          default:
            return (
              <TextField
                key={name}
                name={name}
                label={label}
                failure={failure}
                required={field.required}
                type={
                  field.widget === "number"
                    ? "number"
                    : field.widget === "email"
                      ? "email"
                      : field.widget === "phone"
                        ? "tel"
                        : "text"
                }
                {...(help ? { help } : {})}
              />
            )
        }
      })}
    </fieldset>
  )
}

/** One value as a person reads it: a date as dd/mm/yyyy, a choice by its label, a checkbox as yes or no. */
const valueText = (lang: Lang, field: PluginField | undefined, value: unknown, yesNo: (yes: boolean) => string) => {
  if (typeof value === "boolean") return yesNo(value)
  if (value === null || value === undefined) return ""
  if (typeof value !== "string") return typeof value === "number" ? String(value) : JSON.stringify(value)
  if (field?.widget === "date") return formatDay(value)
  if (field?.widget === "select") return field.options?.find((option) => option.value === value)?.label[lang] ?? value
  return value
}

/**
 * Thông tin bổ sung: the values a trip holds under `extra.<pluginId>.<name>`, each with the label
 * its plugin gives the field — or the raw name, when the plugin no longer describes it (disabled,
 * removed, or the field renamed), so a value once filed never goes unseen.
 */
export const PluginValues = ({
  extra,
  fields,
}: {
  extra: Readonly<Record<string, unknown>>
  fields: ReadonlyArray<PluginField>
}) => {
  const lang = useLang()
  const t = useT()
  const described = new Map(fields.map((field) => [pluginFieldName(field), field]))
  const order = new Map(fields.map((field, index) => [pluginFieldName(field), index]))
  const rows = Object.entries(extra).flatMap(([pluginId, values]) =>
    typeof values === "object" && values !== null && !Array.isArray(values)
      ? Object.entries(values as Record<string, unknown>).map(([name, value]) => ({
          key: pluginFieldName({ pluginId, name }),
          name,
          value,
        }))
      : [],
  )
  if (rows.length === 0) return null
  // The plugin's own order first; fields it no longer describes after them.
  rows.sort((a, b) => (order.get(a.key) ?? Number.MAX_SAFE_INTEGER) - (order.get(b.key) ?? Number.MAX_SAFE_INTEGER))
  return (
    <section className="plugin-values" aria-labelledby="plugin-values-heading">
      <h2 id="plugin-values-heading">{t("pluginValues")}</h2>
      <dl className="details">
        {rows.map((row) => {
          const field = described.get(row.key)
          return (
            <Fragment key={row.key}>
              <dt>{field?.label[lang] ?? row.name}</dt>
              <dd>{valueText(lang, field, row.value, (yes) => t(yes ? "yes" : "no"))}</dd>
            </Fragment>
          )
        })}
      </dl>
    </section>
  )
}
