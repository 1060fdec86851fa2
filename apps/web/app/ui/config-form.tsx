import { type ConfigNode, cellName, rowCount } from "../plugin-config.ts"
import { CheckboxField, Field, type FormFailure, SelectField, TextField } from "./form.tsx"
import { useLang, useT } from "./i18n.tsx"

/**
 * A plugin's config as form controls, drawn from the nodes `configForm` made of its JSON Schema.
 * `shown` carries the values to show (the stored config, or what was posted) and the errors next
 * to each control; `secretsSet` the secrets that hold a value (never the value itself).
 */
export const ConfigFields = ({
  nodes,
  shown,
  secretsSet,
}: {
  nodes: ReadonlyArray<ConfigNode>
  shown: FormFailure
  secretsSet: ReadonlyArray<string>
}) => (
  <>
    {nodes.map((node) => (
      <ConfigControl key={node.name} node={node} name={node.name} shown={shown} secretsSet={secretsSet} />
    ))}
  </>
)

const ConfigControl = ({
  node,
  name,
  shown,
  secretsSet,
}: {
  node: ConfigNode
  name: string
  shown: FormFailure
  secretsSet: ReadonlyArray<string>
}) => {
  const lang = useLang()
  const t = useT()
  const label = `${node.label[lang]}${node.required ? " *" : ""}`
  const help = node.help?.[lang]
  switch (node.kind) {
    case "group":
      return (
        <fieldset className="config-group">
          <legend>{label}</legend>
          {help === undefined ? null : <p className="help">{help}</p>}
          <GroupError name={name} shown={shown} />
          {node.children.map((child) => (
            <ConfigControl
              key={child.name}
              node={child}
              name={name + child.name.slice(node.name.length)}
              shown={shown}
              secretsSet={secretsSet}
            />
          ))}
        </fieldset>
      )
    case "rows": {
      const rows = Array.from({ length: rowCount(node, shown.values) }, (_, index) => index)
      return (
        <fieldset className="config-group">
          <legend>{label}</legend>
          <p className="help">{[help, t("rowsHelp")].filter(Boolean).join(" ")}</p>
          <GroupError name={name} shown={shown} />
          {rows.map((row) => (
            <fieldset className="config-row" key={row}>
              <legend>{`${t("row")} ${row + 1}`}</legend>
              {node.columns.map((column) => (
                <ConfigControl
                  key={column.name}
                  node={column}
                  name={cellName(column, row)}
                  shown={shown}
                  secretsSet={secretsSet}
                />
              ))}
            </fieldset>
          ))}
        </fieldset>
      )
    }
    case "list":
    case "json": {
      const note = node.kind === "json" ? t("jsonValue") : node.item === "date" ? t("oneDayEach") : t("oneLineEach")
      return (
        <Field name={name} label={label} failure={shown} help={[help, note].filter(Boolean).join(" ")}>
          {(control) => <textarea {...control} rows={node.kind === "json" ? 6 : 3} />}
        </Field>
      )
    }
    case "secret": {
      const set = secretsSet.includes(name.slice("config.".length))
      const note = set ? t("secretSet") : t("secretNotSet")
      return (
        <>
          <Field name={name} label={label} failure={shown} help={[help, note].filter(Boolean).join(" ")}>
            {/* A secret is typed in, never shown back: no defaultValue, whatever was posted. */}
            {({ defaultValue: _never, ...control }) => (
              <input {...control} type="password" autoComplete="new-password" />
            )}
          </Field>
          {set && !node.required ? (
            <CheckboxField name={`${name}.clear`} label={t("clearSecret")} failure={shown} />
          ) : null}
        </>
      )
    }
    case "boolean":
      return node.required ? (
        <CheckboxField name={name} label={label} failure={shown} />
      ) : (
        <SelectField
          name={name}
          label={label}
          failure={shown}
          options={[
            { value: "", label: t("notSet") },
            { value: "true", label: t("yes") },
            { value: "false", label: t("no") },
          ]}
        />
      )
    case "choice":
      return (
        <SelectField
          name={name}
          label={label}
          failure={shown}
          options={[
            ...(node.required ? [] : [{ value: "", label: t("notSet") }]),
            ...(node.options ?? []).map((option) => ({ value: option.value, label: option.label[lang] })),
          ]}
        />
      )
    case "date":
      return (
        <TextField
          name={name}
          label={label}
          failure={shown}
          help={[help, t("dateHelp")].filter(Boolean).join(" — ")}
          inputMode="numeric"
        />
      )
    case "integer":
    case "number":
      return (
        <TextField
          name={name}
          label={label}
          failure={shown}
          inputMode="numeric"
          {...(help === undefined ? {} : { help })}
        />
      )
    default:
      return <TextField name={name} label={label} failure={shown} {...(help === undefined ? {} : { help })} />
  }
}

/** An issue about a whole group or table (a row's `from` after its `to`, a missing list). */
const GroupError = ({ name, shown }: { name: string; shown: FormFailure }) => {
  const error = shown.fieldErrors[name]
  return error === undefined ? null : (
    <p className="field-error" id={`${name}-error`}>
      {error}
    </p>
  )
}
