import type { ReactNode } from "react"
import type { Bilingual } from "../i18n/language.ts"
import { useLang, useT } from "./i18n.tsx"

/**
 * What an action answers when the API refused a form: the message for the whole form, one
 * per field (keyed by the field's name, from the API's `details.issues[].path`), and what was
 * typed, so a page rendered without JavaScript shows the form as it was sent.
 */
export interface FormFailure {
  readonly formError?: Bilingual
  readonly fieldErrors: Readonly<Record<string, string>>
  readonly values: Readonly<Record<string, string>>
}

export const isFormFailure = (value: unknown): value is FormFailure =>
  typeof value === "object" && value !== null && "fieldErrors" in value

const errorId = (name: string) => `${name}-error`
const helpId = (name: string) => `${name}-help`

export const FormError = ({ failure }: { failure: FormFailure | undefined }) => {
  const lang = useLang()
  const t = useT()
  if (failure === undefined) return null
  const count = Object.keys(failure.fieldErrors).length
  if (failure.formError === undefined && count === 0) return null
  return (
    <div className="alert alert-error" role="alert">
      {failure.formError === undefined ? null : <p>{failure.formError[lang]}</p>}
      {count > 0 ? <p>{t("fixErrors")}</p> : null}
    </div>
  )
}

interface FieldProps {
  readonly name: string
  /** The control's id, when one page has two forms with a field of the same name; the name otherwise. */
  readonly id?: string | undefined
  readonly label: string
  readonly failure?: FormFailure | undefined
  readonly help?: string
  readonly children: (props: {
    id: string
    name: string
    "aria-invalid": boolean | undefined
    "aria-describedby": string | undefined
    defaultValue: string | undefined
  }) => ReactNode
}

/** A labelled control with its help and the server's error right beside it. */
export const Field = ({ name, id = name, label, failure, help, children }: FieldProps) => {
  const error = failure?.fieldErrors[name]
  const describedBy = [help === undefined ? undefined : helpId(id), error === undefined ? undefined : errorId(id)]
    .filter((id) => id !== undefined)
    .join(" ")
  return (
    <div className={error === undefined ? "field" : "field field-invalid"}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        name,
        "aria-invalid": error === undefined ? undefined : true,
        "aria-describedby": describedBy === "" ? undefined : describedBy,
        defaultValue: failure?.values[name],
      })}
      {help === undefined ? null : (
        <p className="help" id={helpId(id)}>
          {help}
        </p>
      )}
      {error === undefined ? null : (
        <p className="field-error" id={errorId(id)}>
          {error}
        </p>
      )}
    </div>
  )
}

export const TextField = (props: {
  name: string
  id?: string
  label: string
  failure?: FormFailure | undefined
  help?: string
  type?: string
  defaultValue?: string
  required?: boolean
  autoComplete?: string
  inputMode?: "numeric" | "text"
  /** The id of a `<datalist>` of suggestions (the countries' `COUNTRY_LIST_ID`). */
  list?: string
}) => (
  <Field
    name={props.name}
    id={props.id}
    label={props.label}
    failure={props.failure}
    {...(props.help ? { help: props.help } : {})}
  >
    {(control) => (
      <input
        {...control}
        defaultValue={control.defaultValue ?? props.defaultValue}
        type={props.type ?? "text"}
        required={props.required}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        list={props.list}
      />
    )}
  </Field>
)

export const DateField = (props: {
  name: string
  label: string
  failure?: FormFailure | undefined
  defaultValue?: string
  required?: boolean
}) => {
  const t = useT()
  return (
    <Field name={props.name} label={props.label} failure={props.failure} help={t("dateHelp")}>
      {(control) => (
        <input
          {...control}
          defaultValue={control.defaultValue ?? props.defaultValue}
          type="text"
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          pattern="\d{1,2}/\d{1,2}/\d{4}"
          required={props.required}
        />
      )}
    </Field>
  )
}

export const TextArea = (props: {
  name: string
  label: string
  failure?: FormFailure | undefined
  required?: boolean
  rows?: number
}) => (
  <Field name={props.name} label={props.label} failure={props.failure}>
    {(control) => <textarea {...control} rows={props.rows ?? 5} required={props.required} />}
  </Field>
)

export const SelectField = (props: {
  name: string
  label: string
  failure?: FormFailure | undefined
  options: ReadonlyArray<{ value: string; label: string }>
  defaultValue?: string
  required?: boolean
}) => (
  <Field name={props.name} label={props.label} failure={props.failure}>
    {(control) => (
      <select {...control} defaultValue={control.defaultValue ?? props.defaultValue} required={props.required}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    )}
  </Field>
)

/** A checkbox with its label beside it, as people expect to click either. */
export const CheckboxField = (props: {
  name: string
  label: string
  failure?: FormFailure | undefined
  defaultChecked?: boolean
}) => {
  const error = props.failure?.fieldErrors[props.name]
  const checked = props.failure === undefined ? props.defaultChecked : props.failure.values[props.name] !== undefined
  return (
    <div className={error === undefined ? "field field-checkbox" : "field field-checkbox field-invalid"}>
      <label>
        <input
          type="checkbox"
          name={props.name}
          defaultChecked={checked}
          aria-invalid={error === undefined ? undefined : true}
          aria-describedby={error === undefined ? undefined : errorId(props.name)}
        />{" "}
        {props.label}
      </label>
      {error === undefined ? null : (
        <p className="field-error" id={errorId(props.name)}>
          {error}
        </p>
      )}
    </div>
  )
}
