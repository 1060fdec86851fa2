import { Form, Link, redirect, useNavigation } from "react-router"
import { formatDay, formatInstant } from "../i18n/dates.ts"
import { langFromCookie } from "../i18n/language.ts"
import { labelOf, translator } from "../i18n/messages.ts"
import { type OverseasOrg, registerOrder, type Transfer } from "../oversight.ts"
import { apiData, callApi, failureResponse } from "../server/api.server.ts"
import { formValues, invalid, refused } from "../server/forms.server.ts"
import { requireCapability } from "../server/session.server.ts"
import { loadTenantNames } from "../server/tenants.server.ts"
import { FormError, isFormFailure, SelectField, TextArea } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { noticeHref, TransferStatusBadge, tenantName } from "../ui/oversight-parts.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { countriesText } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/oversight-transfer"

/**
 * One transfer of the intake: what the home tenant sent, and the one step left while it waits —
 * accept it into an active cell abroad in one of the trip's countries, or return it
 * with the reason the home tenant will read.
 */

export const meta: Route.MetaFunction = () => [{ title: "Hồ sơ chuyển sinh hoạt đảng — Transfer" }]

const transferPath = (id: string) => `/api/oversight/transfers/${encodeURIComponent(id)}`

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  const user = requireCapability(context, "oversight.read")
  const { transfer } = await apiData<{ transfer: Transfer }>(context, request, transferPath(params.transferId))
  const { overseasOrgs } = await apiData<{ overseasOrgs: ReadonlyArray<OverseasOrg> }>(
    context,
    request,
    "/api/oversight/overseas-orgs",
  )
  // A member is assigned to a cell (chi bộ), active, in one of the trip's countries: the API's rule.
  const candidates = registerOrder(overseasOrgs).filter(
    (org) => org.kind === "cell" && org.active && transfer.countries.includes(org.country),
  )
  return {
    transfer,
    candidates,
    tenant: tenantName(await loadTenantNames(context, request), transfer.tenantCode),
    canManage: user.capabilities.includes("oversight.manage"),
  }
}

export const action = async ({ request, context, params }: Route.ActionArgs) => {
  requireCapability(context, "oversight.manage")
  const values = formValues(await request.formData())
  const accept = values.intent === "accept"
  // No cell is taken for granted: the officer picks the one the member will attend.
  if (accept && (values.overseasOrgId ?? "") === "") {
    const t = translator(langFromCookie(request.headers.get("cookie")))
    return invalid({ overseasOrgId: t("cellRequired") }, values)
  }
  const result = await callApi(
    context,
    request,
    "POST",
    `${transferPath(params.transferId)}/${accept ? "accept" : "return"}`,
    accept ? { overseasOrgId: values.overseasOrgId ?? "" } : { reason: (values.reason ?? "").trim() },
  )
  if (result.ok) return redirect(`/oversight/transfers/${params.transferId}`)
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

export default function OversightTransfer({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const busy = useNavigation().state === "submitting"
  const sent = isFormFailure(actionData) ? actionData : undefined
  const acceptFailure = sent?.values.intent === "accept" ? sent : undefined
  const returnFailure = sent?.values.intent === "return" ? sent : undefined
  const { transfer, candidates, tenant, canManage } = loaderData
  const proposed = candidates.find((org) => org.id === transfer.proposedOverseasOrgId)
  return (
    <>
      <p>
        <Link to="/oversight/transfers">← {t("transferIntake")}</Link>
      </p>
      <h1>
        {t("transfer")}: {transfer.memberName}
      </h1>
      <dl className="summary">
        <dt>{t("status")}</dt>
        <dd>
          <TransferStatusBadge status={transfer.status} />
        </dd>
        <dt>{t("transferForm")}</dt>
        <dd>
          {transfer.form} · {labelOf(lang, "transferKind", transfer.kind)}
          {transfer.listId === null ? "" : " · 3C-SHĐ"}
        </dd>
        <dt>{t("member")}</dt>
        <dd>
          {transfer.memberName}
          {transfer.memberBirthDate === null ? "" : ` (${formatDay(transfer.memberBirthDate)})`}
        </dd>
        <dt>{t("tenant")}</dt>
        <dd>
          {tenant} — {transfer.homeUnitName}
        </dd>
        <dt>{t("purpose")}</dt>
        <dd>{labelOf(lang, "purpose", transfer.purpose)}</dd>
        <dt>{t("countries")}</dt>
        <dd>{countriesText(lang, transfer.countries)}</dd>
        <dt>{t("dates")}</dt>
        <dd>
          {formatDay(transfer.plannedDeparture)} – {formatDay(transfer.plannedReturn)}
        </dd>
        <dt>{t("received")}</dt>
        <dd>{formatInstant(transfer.createdAt)}</dd>
        {proposed === undefined ? null : (
          <>
            <dt>{t("proposedOrg")}</dt>
            <dd>{proposed.name}</dd>
          </>
        )}
        {transfer.note === null ? null : (
          <>
            <dt>{t("note")}</dt>
            <dd>{transfer.note}</dd>
          </>
        )}
        {transfer.assignedOverseasOrgName === null ? null : (
          <>
            <dt>{t("overseasOrg")}</dt>
            <dd>{transfer.assignedOverseasOrgName}</dd>
          </>
        )}
        {transfer.returnReason === null ? null : (
          <>
            <dt>{t("returnReason")}</dt>
            <dd>{transfer.returnReason}</dd>
          </>
        )}
        {transfer.decidedAt === null ? null : (
          <>
            <dt>{t("decidedAt")}</dt>
            <dd>{formatInstant(transfer.decidedAt)}</dd>
          </>
        )}
      </dl>
      <p>
        <Link to={noticeHref(transfer)}>{t("sendNotice")}</Link>
      </p>
      {canManage && transfer.status === "received" ? (
        <>
          <section className="step" aria-labelledby="accept-heading">
            <h2 id="accept-heading">{t("acceptTransfer")}</h2>
            {candidates.length === 0 ? (
              <p className="alert alert-info">{t("noOrgInCountries")}</p>
            ) : (
              <Form method="post" className="form" noValidate>
                <FormError failure={acceptFailure} />
                <input type="hidden" name="intent" value="accept" />
                <SelectField
                  name="overseasOrgId"
                  label={t("cellAbroad")}
                  failure={acceptFailure}
                  defaultValue={proposed?.id ?? ""}
                  required
                  options={[
                    { value: "", label: t("chooseCell") },
                    ...candidates.map((org) => ({
                      value: org.id,
                      label: `${org.name}${org.mission === null ? "" : ` (${org.mission})`}`,
                    })),
                  ]}
                />
                <button type="submit" className="button-primary" disabled={busy}>
                  {t("accept")}
                </button>
              </Form>
            )}
          </section>
          <section className="step" aria-labelledby="return-heading">
            <h2 id="return-heading">{t("returnTransfer")}</h2>
            <Form method="post" className="form" noValidate>
              <FormError failure={returnFailure} />
              <input type="hidden" name="intent" value="return" />
              <TextArea name="reason" label={t("returnReason")} failure={returnFailure} rows={3} required />
              <button type="submit" disabled={busy}>
                {t("returnTransfer")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
