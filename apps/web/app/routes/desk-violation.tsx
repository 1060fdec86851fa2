import { Link } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { labelOf } from "../i18n/messages.ts"
import { apiData } from "../server/api.server.ts"
import { postForm } from "../server/form-post.server.ts"
import { formValues } from "../server/forms.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { FormError, type FormFailure, isFormFailure, SelectField, TextArea, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { StepForm } from "../ui/step-form.tsx"
import { VIOLATION_OUTCOMES, type ViolationCase } from "../violations.ts"
import type { Route } from "./+types/desk-violation"

/**
 * Một vụ vi phạm: what happened, whose, when, where it stands, its evidence and history, and the
 * steps an officer with `violation.manage` may take while it is not closed — add evidence, write
 * a note, start the review, close it with its outcome. Each step is a plain form; the API decides
 * and its refusal shows beside the step's fields.
 */

export const meta: Route.MetaFunction = () => [{ title: "Vụ vi phạm — Violation case" }]

const casePath = (violationId: string) => `/violations/${encodeURIComponent(violationId)}`

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  const user = requireCapability(context, "violation.read")
  const { violation } = await apiData<{ violation: ViolationCase }>(
    context,
    request,
    tenantApi(context, casePath(params.violationId)),
  )
  return {
    violation,
    canManage: user.capabilities.includes("violation.manage"),
    canReadTrips: user.capabilities.includes("trip.read"),
  }
}

/** The body of each step, from its form's fields; empty optional fields are left out. */
const STEPS: Record<string, (values: Record<string, string>) => Record<string, unknown>> = {
  evidence: (values) => {
    const reference = (values["evidence.0.reference"] ?? "").trim()
    return {
      evidence: [{ description: (values["evidence.0.description"] ?? "").trim(), reference: reference || null }],
      ...optional("note", values.note),
    }
  },
  notes: (values) => ({ note: (values.note ?? "").trim() }),
  review: (values) => optional("note", values.note),
  close: (values) => ({ ...optional("outcome", values.outcome), ...optional("note", values.note) }),
}

const optional = (name: string, value: string | undefined) =>
  value === undefined || value.trim() === "" ? {} : { [name]: value.trim() }

export const action = async ({ request, context, params }: Route.ActionArgs) => {
  requireCapability(context, "violation.manage")
  const values = formValues(await request.formData())
  const intent = values.intent ?? ""
  const body = STEPS[intent]
  if (body === undefined) throw Response.json({ error: { code: "unknown_step" } }, { status: 400 })
  // Each step's fields are named `<intent>.<field>`, so that the steps' "note" fields stay apart on the page.
  const own: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) {
    if (name.startsWith(`${intent}.`)) own[name.slice(intent.length + 1)] = value
  }
  const path = casePath(params.violationId)
  return postForm(context, request, {
    path: tenantApi(context, `${path}/${intent}`),
    body: body(own),
    values,
    next: () => `/desk${path}`,
  })
}

export default function DeskViolation({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { violation, canManage, canReadTrips } = loaderData
  const failure = isFormFailure(actionData) ? actionData : undefined
  /** The refusal of this step, its field errors under the step's own field names. */
  const mine = (intent: string): FormFailure | undefined =>
    failure?.values.intent === intent
      ? {
          ...failure,
          fieldErrors: Object.fromEntries(
            Object.entries(failure.fieldErrors).map(([name, error]) => [`${intent}.${name}`, error]),
          ),
        }
      : undefined
  const open = canManage && violation.status !== "closed"
  // StepForm carries a revision for the trip workflow; a case has none, so 0 goes along unused.
  const step = { revision: 0, failure }
  return (
    <>
      <h1>{t("violationCase")}</h1>
      {/* A step refused after the case moved on (closed meanwhile): its form is gone, so the reason shows here. */}
      {failure !== undefined && !open ? <FormError failure={failure} /> : null}
      <dl className="summary">
        <dt>{t("member")}</dt>
        <dd>
          <Link to={`/desk/members/${violation.memberId}`}>{violation.memberName}</Link>
        </dd>
        <dt>{t("violationKindLabel")}</dt>
        <dd>{labelOf(lang, "violationKind", violation.kind)}</dd>
        <dt>{t("violationDescription")}</dt>
        <dd className="report-text">{violation.description}</dd>
        <dt>{t("status")}</dt>
        <dd>
          <span className={`badge badge-${violation.status === "closed" ? "muted" : "danger"}`}>
            {labelOf(lang, "violationStatus", violation.status)}
          </span>
        </dd>
        <dt>{t("violationSource")}</dt>
        <dd>{labelOf(lang, "violationSource", violation.source)}</dd>
        <dt>{t("opened")}</dt>
        <dd>{formatInstant(violation.openedAt)}</dd>
        {violation.closedAt === null ? null : (
          <>
            <dt>{t("closedAt")}</dt>
            <dd>{formatInstant(violation.closedAt)}</dd>
          </>
        )}
        {violation.outcome === null ? null : (
          <>
            <dt>{t("outcome")}</dt>
            <dd>{labelOf(lang, "outcome", violation.outcome)}</dd>
          </>
        )}
        {violation.tripId === null || !canReadTrips ? null : (
          <>
            <dt>{t("relatedTrip")}</dt>
            <dd>
              <Link to={`/desk/trips/${violation.tripId}`}>{t("viewTrip")}</Link>
            </dd>
          </>
        )}
      </dl>
      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">{t("evidence")}</h2>
        {violation.evidence.length === 0 ? (
          <p>{t("noEvidence")}</p>
        ) : (
          <ol className="evidence">
            {violation.evidence.map((item, index) => (
              // Evidence has no id of its own; its place in the case is stable (it is only ever added to).
              // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
              <li key={index}>
                {item.description}
                {item.reference === null ? null : <span className="help"> — {item.reference}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {open && violation.status === "open" ? (
        <StepForm intent="review" title={t("startReview")} button={t("startReview")} {...step}>
          <TextArea name="review.note" label={t("note")} failure={mine("review")} rows={2} />
        </StepForm>
      ) : null}
      {open ? (
        <StepForm intent="close" title={t("closeCase")} button={t("closeCase")} {...step}>
          <SelectField
            name="close.outcome"
            label={t("outcome")}
            failure={mine("close")}
            required
            options={[
              { value: "", label: "—" },
              ...VIOLATION_OUTCOMES.map((outcome) => ({ value: outcome, label: labelOf(lang, "outcome", outcome) })),
            ]}
          />
          <TextArea name="close.note" label={t("note")} failure={mine("close")} rows={3} />
        </StepForm>
      ) : null}
      {open ? (
        <StepForm intent="evidence" title={t("addEvidence")} button={t("addEvidence")} {...step}>
          <TextArea
            name="evidence.evidence.0.description"
            label={t("evidenceDescription")}
            failure={mine("evidence")}
            required
            rows={2}
          />
          <TextField name="evidence.evidence.0.reference" label={t("evidenceReference")} failure={mine("evidence")} />
        </StepForm>
      ) : null}
      {open ? (
        <StepForm intent="notes" title={t("addNote")} button={t("addNote")} {...step}>
          <TextArea name="notes.note" label={t("note")} failure={mine("notes")} required rows={2} />
        </StepForm>
      ) : null}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t("history")}</h2>
        <ol className="history">
          {violation.history.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time> —{" "}
              {labelOf(lang, "violationHistory", entry.action)}
              {entry.note === null || entry.note === "" ? null : `: ${entry.note}`}
            </li>
          ))}
        </ol>
      </section>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
