import type { ReactNode } from "react"
import { Form, useNavigation } from "react-router"
import { FormError, type FormFailure } from "./form.tsx"

/**
 * One step of a trip's workflow as its own small form: the step's name in `intent`, the
 * revision the page showed, and the API's refusal shown inside this form only.
 */
export const StepForm = ({
  intent,
  title,
  button,
  revision,
  failure,
  children,
}: {
  intent: string
  title: string
  button: string
  revision: number
  failure: FormFailure | undefined
  children?: ReactNode
}) => {
  const busy = useNavigation().state === "submitting"
  return (
    <section className="step" aria-labelledby={`${intent}-heading`}>
      <h2 id={`${intent}-heading`}>{title}</h2>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="revision" value={revision} />
        {failure?.values.intent === intent ? <FormError failure={failure} /> : null}
        {children}
        <button type="submit" className="button-primary" disabled={busy}>
          {button}
        </button>
      </Form>
    </section>
  )
}

/** A group of radio buttons with a legend, keyboard-usable as the browser makes them. */
export const RadioGroup = ({
  name,
  legend,
  options,
  error,
}: {
  name: string
  legend: string
  options: ReadonlyArray<{ value: string; label: string }>
  error?: string | undefined
}) => (
  <fieldset className="radio-group" aria-describedby={error === undefined ? undefined : `${name}-error`}>
    <legend>{legend}</legend>
    {options.map((option, index) => (
      <label key={option.value} className="radio">
        <input type="radio" name={name} value={option.value} defaultChecked={index === 0} /> {option.label}
      </label>
    ))}
    {error === undefined ? null : (
      <p className="field-error" id={`${name}-error`}>
        {error}
      </p>
    )}
  </fieldset>
)
