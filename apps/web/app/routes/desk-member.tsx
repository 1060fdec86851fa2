import { Form, Link, redirect, useNavigation } from "react-router"
import { formatDay, parseDay } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { labelOf, translator } from "../i18n/messages.ts"
import { apiData, callApi, failureResponse, pageOf } from "../server/api.server.ts"
import { formValues, invalid, refused } from "../server/forms.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import type { Trip, TripPage } from "../trips.ts"
import { DataTable } from "../ui/data-table.tsx"
import { DateField, FormError, isFormFailure, TextArea, TextField } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { Notice } from "../ui/notice.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText, StatusBadge } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/desk-member"

/** A member's record (hồ sơ đảng viên) and their trips, for the desk within its scope. */

interface MemberRecord {
  readonly id: string
  readonly fullName: string
  readonly sex: "male" | "female" | null
  readonly birthDate: string | null
  readonly citizenId: string | null
  readonly partyCardNo: string | null
  readonly admittedOn: string | null
  readonly fullMemberOn: string | null
  readonly status: string
  readonly politicalIssuePending: boolean
}

export const meta: Route.MetaFunction = () => [{ title: "Hồ sơ đảng viên — Member's record" }]

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  const user = requireCapability(context, "member.read")
  const id = encodeURIComponent(params.memberId)
  const { member } = await apiData<{ member: MemberRecord }>(context, request, tenantApi(context, `/members/${id}`))
  const trips = user.capabilities.includes("trip.read")
    ? (await apiData<TripPage>(context, request, tenantApi(context, `/trips?memberId=${id}&limit=100`))).trips
    : []
  return {
    member,
    trips,
    canAssign: user.capabilities.includes("task.assign"),
    canOpenViolation: user.capabilities.includes("violation.manage"),
    notice: new URL(request.url).searchParams.get("notice"),
  }
}

/** Giao nhiệm vụ: a task for this member, due on a day. */
export const action = async ({ request, context, params }: Route.ActionArgs) => {
  requireCapability(context, "task.assign")
  const t = translator(langFromCookie(request.headers.get("cookie")))
  const values = formValues(await request.formData())
  const dueOn = parseDay(values.dueOn ?? "")
  if (dueOn === undefined) return invalid({ dueOn: t("invalidDate") }, values)
  const result = await callApi(context, request, "POST", tenantApi(context, "/tasks"), {
    memberId: params.memberId,
    title: (values.title ?? "").trim(),
    description: values.description ?? "",
    dueOn,
  })
  if (result.ok) return redirect(`${pageOf(request).pathname}?notice=taskAssigned`)
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function DeskMember({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const failure = isFormFailure(actionData) ? actionData : undefined
  const { member, trips, canAssign, canOpenViolation } = loaderData
  return (
    <>
      <h1>{member.fullName}</h1>
      <Notice notice={loaderData.notice} />
      <dl className="summary" aria-label={t("profile")}>
        <dt>{t("sex")}</dt>
        <dd>{member.sex === null ? "" : t(member.sex)}</dd>
        <dt>{t("birthDate")}</dt>
        <dd>{formatDay(member.birthDate)}</dd>
        <dt>{t("citizenId")}</dt>
        <dd>{member.citizenId}</dd>
        <dt>{t("partyCard")}</dt>
        <dd>{member.partyCardNo}</dd>
        <dt>{t("admittedOn")}</dt>
        <dd>{formatDay(member.admittedOn)}</dd>
        <dt>{t("fullMemberOn")}</dt>
        <dd>{formatDay(member.fullMemberOn)}</dd>
        <dt>{t("status")}</dt>
        <dd>{labelOf(lang, "memberStatus", member.status)}</dd>
        <dt>{t("politicalIssuePending")}</dt>
        <dd>{member.politicalIssuePending ? t("yes") : t("no")}</dd>
      </dl>
      {canOpenViolation ? (
        <p>
          <Link to={`/desk/violations/new?memberId=${member.id}`}>{t("openViolation")}</Link>
        </p>
      ) : null}
      <h2>{t("tripsOfMember")}</h2>
      <DataTable<Trip>
        caption={t("tripsOfMember")}
        rows={trips}
        rowKey={(trip) => trip.id}
        columns={[
          {
            label: t("purpose"),
            cell: (trip) => <Link to={`/desk/trips/${trip.id}`}>{labelOf(lang, "purpose", trip.purpose)}</Link>,
          },
          { label: t("countries"), cell: (trip) => countriesText(lang, trip.countries) },
          {
            label: t("dates"),
            cell: (trip) => `${formatDay(trip.plannedDeparture)} – ${formatDay(trip.plannedReturn)}`,
          },
          { label: t("status"), cell: (trip) => <StatusBadge trip={trip} /> },
        ]}
      />
      {canAssign ? (
        <section className="step" aria-labelledby="assign-heading">
          <h2 id="assign-heading">{t("assignTask")}</h2>
          <Form method="post" className="form" noValidate>
            <FormError failure={failure} />
            <TextField name="title" label={t("title")} failure={failure} required />
            <TextArea name="description" label={t("description")} failure={failure} rows={3} />
            <DateField name="dueOn" label={t("due")} failure={failure} required />
            <button type="submit" className="button-primary" disabled={busy}>
              {t("assignTask")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
