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
