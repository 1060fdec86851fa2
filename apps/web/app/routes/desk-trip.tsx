import { formatDay, formatInstant, todayInVietnam } from "../i18n/dates.ts"
import { countryName, labelOf } from "../i18n/messages.ts"
import { apiData } from "../server/api.server.ts"
import { loadTripPluginFields } from "../server/plugin-fields.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { loadOverseasOrgs, loadTripTransfers, sendTransfer } from "../server/transfers.server.ts"
import { runTripStep } from "../server/trip-actions.server.ts"
import { TRANSFER_FORMS, transferOffered } from "../transfers.ts"
import type { TripDetail } from "../trips.ts"
import { CheckboxField, DateField, FormError, isFormFailure, SelectField, TextArea } from "../ui/form.tsx"
import { useLang, useT } from "../ui/i18n.tsx"
import { PluginValues } from "../ui/plugin-fields.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { RadioGroup, StepForm } from "../ui/step-form.tsx"
import { TripHistory, TripSummary } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/desk-trip"

/**
 * A request or trip on the desk: its details and history, and the one step this account may
 * take now — the cell's opinion, the committee's decision, an extension, a report comment,
 * recording travel, closing. Whether the step is this account's to take for this trip is the
 * API's to decide; its refusal shows in the form.
 */

export const meta: Route.MetaFunction = () => [{ title: "Hồ sơ chuyến đi — Trip file" }]

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  const user = requireCapability(context, "trip.read")
  const { trip } = await apiData<{ trip: TripDetail }>(
    context,
    request,
    tenantApi(context, `/trips/${encodeURIComponent(params.tripId)}`),
  )
  const roles = new Set(user.grants.map((grant) => grant.role))
  const transfers = await loadTripTransfers(context, request, trip.id)
  return {
    trip,
    transfers,
    // The register is read only where the transfer step is offered.
    overseasOrgs: transferOffered(trip, transfers, user.capabilities)
      ? await loadOverseasOrgs(context, request, trip)
      : null,
    pluginFields: await loadTripPluginFields(context, request),
    today: todayInVietnam(),
    can: Object.fromEntries(user.capabilities.map((capability) => [capability, true])) as Record<string, boolean>,
    commentsAs: roles.has("cell_secretary") ? ("cell" as const) : ("committee" as const),
  }
}

export const action = async ({ request, context, params }: Route.ActionArgs) => {
  // Sending the transfer is not a step of the trip's own workflow: it goes to the transfers.
  if (new URLSearchParams(await request.clone().text()).get("intent") === "transfer")
    return sendTransfer(context, request, params.tripId)
  return runTripStep(context, request, tenantApi(context, `/trips/${encodeURIComponent(params.tripId)}`), {
    "cell-opinion": {},
    decision: {},
    "extension-decision": { booleans: ["headOfMissionConsent"] },
    "report-comment": {},
    departure: { dates: ["on"] },
    return: { dates: ["on"] },
    close: {},
  })
}

export default function DeskTrip({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const lang = useLang()
  const { trip, transfers, overseasOrgs, pluginFields, today, can, commentsAs } = loaderData
  const failure = isFormFailure(actionData) ? actionData : undefined
  const mine = (intent: string) => (failure?.values.intent === intent ? failure : undefined)
  const step = { revision: trip.revision, failure }
  const todayText = formatDay(today)
  const reportCommentDue =
    trip.report !== null && (commentsAs === "cell" ? trip.report.cellComment : trip.report.committeeComment) === null
  const offered: Record<string, boolean> = {
    "cell-opinion": trip.status === "submitted" && can["trip.opinion"] === true,
    decision: trip.status === "cell_reviewed" && can["trip.approve"] === true,
    "extension-decision": trip.pendingExtension !== null && can["trip.approve"] === true,
    "report-comment": trip.status === "reported" && can["report.read"] === true && reportCommentDue,
    departure: trip.status === "approved" && can["trip.review"] === true,
    return: trip.status === "departed" && can["trip.review"] === true,
    close: trip.status === "reported" && can["trip.review"] === true,
    transfer: overseasOrgs !== null,
  }
  return (
    <>
      <h1>{trip.memberName}</h1>
      {/* A step refused after the trip moved on (409): its form is gone, so the reason shows here. */}
      {failure !== undefined && offered[failure.values.intent ?? ""] !== true ? <FormError failure={failure} /> : null}
      <TripSummary trip={trip} />
      <PluginValues extra={trip.extra} fields={pluginFields} />
      {offered["cell-opinion"] ? (
        <StepForm intent="cell-opinion" title={t("cellOpinion")} button={t("giveOpinion")} {...step}>
          <RadioGroup
            name="verdict"
            legend={t("cellOpinion")}
            options={[
              { value: "agree", label: t("agree") },
              { value: "disagree", label: t("disagree") },
            ]}
            error={mine("cell-opinion")?.fieldErrors.verdict}
          />
          <TextArea name="comment" label={t("comment")} failure={mine("cell-opinion")} rows={3} />
        </StepForm>
      ) : null}
      {offered.decision ? (
        <StepForm intent="decision" title={t("decision")} button={t("decide")} {...step}>
          <RadioGroup
            name="outcome"
            legend={t("decision")}
            options={[
              { value: "approve", label: t("approve") },
              { value: "refuse", label: t("refuse") },
            ]}
            error={mine("decision")?.fieldErrors.outcome}
          />
          <TextArea name="reason" label={t("reason")} failure={mine("decision")} rows={3} />
        </StepForm>
      ) : null}
      {offered["extension-decision"] ? (
        <StepForm intent="extension-decision" title={t("extensionDecision")} button={t("decide")} {...step}>
          <RadioGroup
            name="outcome"
            legend={t("extensionDecision")}
            options={[
              { value: "approve", label: t("approveExtension") },
              { value: "refuse", label: t("refuseExtension") },
            ]}
          />
          <TextArea name="reason" label={t("reason")} failure={mine("extension-decision")} rows={2} />
          {trip.purpose === "official_work" ? (
            <CheckboxField
              name={"headOfMissionConsent"}
              label={t("headOfMissionConsent")}
              failure={mine("extension-decision")}
            />
          ) : null}
        </StepForm>
      ) : null}
      {offered["report-comment"] ? (
        <StepForm intent="report-comment" title={t("reportComment")} button={t("submit")} {...step}>
          <input type="hidden" name="by" value={commentsAs} />
          <TextArea name="comment" label={t("comment")} failure={mine("report-comment")} required rows={3} />
        </StepForm>
      ) : null}
      {offered.departure ? (
        <StepForm intent="departure" title={t("recordDeparture")} button={t("record")} {...step}>
          <DateField name="on" label={t("on")} failure={mine("departure")} defaultValue={todayText} required />
        </StepForm>
      ) : null}
      {offered.return ? (
        <StepForm intent="return" title={t("recordReturn")} button={t("record")} {...step}>
          <DateField name="on" label={t("on")} failure={mine("return")} defaultValue={todayText} required />
        </StepForm>
      ) : null}
      {offered.close ? <StepForm intent="close" title={t("close")} button={t("close")} {...step} /> : null}
      {transfers.length === 0 ? null : (
        <section aria-labelledby="transfers-heading">
          <h2 id="transfers-heading">{t("transfersSent")}</h2>
          <ul className="transfers">
            {transfers.map((transfer) => (
              <li key={transfer.id}>
                {formatInstant(transfer.createdAt)} — {transfer.form}:{" "}
                <span className="badge badge-neutral">{labelOf(lang, "transferStatus", transfer.status)}</span>
                {transfer.status === "accepted" ? ` → ${transfer.assignedOverseasOrgName ?? ""}` : null}
                {transfer.status === "returned" ? ` — ${transfer.returnReason ?? ""}` : null}
              </li>
            ))}
          </ul>
        </section>
      )}
      {overseasOrgs === null ? null : (
        <StepForm intent="transfer" title={t("sendTransfer")} button={t("sendTransfer")} {...step}>
          <p className="help">{t("sendTransferHelp")}</p>
          <SelectField
            name="form"
            label={t("transferForm")}
            failure={mine("transfer")}
            defaultValue={trip.purpose === "labour_export" ? "3A-SHĐ" : "3-SHĐ"}
            options={TRANSFER_FORMS.map((form) => ({ value: form, label: labelOf(lang, "transferFormName", form) }))}
          />
          <SelectField
            name="proposedOverseasOrgId"
            label={t("proposedOverseasOrg")}
            failure={mine("transfer")}
            options={[
              { value: "", label: t("oversightChooses") },
              ...overseasOrgs.map((org) => ({
                value: org.id,
                label: `${org.name} (${countryName(lang, org.country)})`,
              })),
            ]}
          />
          <TextArea name="note" label={t("note")} failure={mine("transfer")} rows={2} />
        </StepForm>
      )}
      <TripHistory trip={trip} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
