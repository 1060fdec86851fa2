import { Form, Link, useNavigation } from "react-router"
import { labelOf } from "../i18n/messages.ts"
import { apiData } from "../server/api.server.ts"
import { postForm } from "../server/form-post.server.ts"
import { formValues } from "../server/forms.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { FormError, isFormFailure, SelectField, TextArea, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { VIOLATION_KINDS, type ViolationCase } from "../violations.ts"
import type { Route } from "./+types/desk-violation-new"

/**
 * Mở vụ vi phạm: an officer opens a case against a member, from the member's record
 * (`?memberId=`), with what happened and a first piece of evidence. The API checks the member is
 * within the officer's scope and the text's rules; its refusals show beside the fields.
 */

export const meta: Route.MetaFunction = () => [{ title: "Mở vụ vi phạm — Open a violation case" }]

export const loader = async ({ request, context }: Route.LoaderArgs) => {
  requireCapability(context, "violation.manage")
  const memberId = new URL(request.url).searchParams.get("memberId") ?? ""
  if (memberId === "") throw Response.json({ error: { code: "not_found" } }, { status: 404 })
  const { member } = await apiData<{ member: { id: string; fullName: string } }>(
    context,
    request,
    tenantApi(context, `/members/${encodeURIComponent(memberId)}`),
  )
  return { member: { id: member.id, fullName: member.fullName } }
}

export const action = async ({ request, context }: Route.ActionArgs) => {
  requireCapability(context, "violation.manage")
  const values = formValues(await request.formData())
  const evidence = (values["evidence.0.description"] ?? "").trim()
  const reference = (values["evidence.0.reference"] ?? "").trim()
  return postForm(context, request, {
    path: tenantApi(context, "/violations"),
    body: {
      memberId: values.memberId ?? "",
      ...(values.kind === undefined || values.kind === "" ? {} : { kind: values.kind }),
      description: (values.description ?? "").trim(),
      // A reference alone still goes, so the API can say its description is missing.
      ...(evidence === "" && reference === ""
        ? {}
        : { evidence: [{ description: evidence, reference: reference === "" ? null : reference }] }),
    },
    values,
    next: (answer) => `/desk/violations/${(answer as { violation: ViolationCase }).violation.id}`,
  })
}

export default function DeskViolationNew({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const { member } = loaderData
  return (
    <>
      <h1>{t("openViolation")}</h1>
      <p>
        {t("member")}: <Link to={`/desk/members/${member.id}`}>{member.fullName}</Link>
      </p>
      <Form method="post" className="form" noValidate>
        <FormError failure={failure} />
        <input type="hidden" name="memberId" value={member.id} />
        <SelectField
          name="kind"
          label={t("violationKindLabel")}
          failure={failure}
          required
          options={VIOLATION_KINDS.map((kind) => ({ value: kind, label: labelOf(lang, "violationKind", kind) }))}
        />
        <TextArea name="description" label={t("violationDescription")} failure={failure} required rows={4} />
        <fieldset>
          <legend>{t("evidence")}</legend>
          <TextArea name="evidence.0.description" label={t("evidenceDescription")} failure={failure} rows={2} />
          <TextField name="evidence.0.reference" label={t("evidenceReference")} failure={failure} />
        </fieldset>
        <button type="submit" className="button-primary" disabled={busy}>
          {t("openViolation")}
        </button>
      </Form>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
