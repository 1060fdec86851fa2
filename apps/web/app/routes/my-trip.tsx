import { formatDay, todayInVietnam } from "../i18n/dates.ts"
import { apiData } from "../server/api.server.ts"
import { loadTripPluginFields } from "../server/plugin-fields.server.ts"
import { requireCapability, tenantApi } from "../server/session.server.ts"
import { runTripStep } from "../server/trip-actions.server.ts"
import type { TripDetail } from "../trips.ts"
import { CheckboxField, DateField, FormError, isFormFailure, TextArea } from "../ui/form.tsx"
import { useT } from "../ui/i18n.tsx"
import { PluginValues } from "../ui/plugin-fields.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import { StepForm } from "../ui/step-form.tsx"
import { TripHistory, TripSummary } from "../ui/trip-parts.tsx"
import type { Route } from "./+types/my-trip"

/** One of a member's trips: its state and history, and the step that is the member's to take next. */

export const meta: Route.MetaFunction = () => [{ title: "Chuyến đi — Trip" }]

export const loader = async ({ request, context, params }: Route.LoaderArgs) => {
  requireCapability(context, "member.self")
  const { trip } = await apiData<{ trip: TripDetail }>(
    context,
    request,
    tenantApi(context, `/me/trips/${encodeURIComponent(params.tripId)}`),
  )
  return { trip, pluginFields: await loadTripPluginFields(context, request), today: todayInVietnam() }
}

export const action = ({ request, context, params }: Route.ActionArgs) =>
  runTripStep(context, request, tenantApi(context, `/me/trips/${encodeURIComponent(params.tripId)}`), {
    submit: { booleans: ["partyOrgAtDestination"] },
    withdraw: {},
    departure: { dates: ["on"] },
    return: { dates: ["on"] },
    extension: { dates: ["newPlannedReturn"] },
    report: {},
  })

export default function MyTrip({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const { trip, pluginFields, today } = loaderData
  const failure = isFormFailure(actionData) ? actionData : undefined
  const mine = (intent: string) => (failure?.values.intent === intent ? failure : undefined)
  const todayText = formatDay(today)
  const offered: Record<string, boolean> = {
    submit: trip.status === "draft",
    departure: trip.status === "approved",
    return: trip.status === "departed",
    extension: trip.status === "departed" && trip.pendingExtension === null,
    report: trip.status === "returned",
    withdraw: ["draft", "submitted", "cell_reviewed"].includes(trip.status),
  }
  return (
    <>
      <h1>{t("myTrips")}</h1>
      {/* A step refused after the trip moved on (409): its form is gone, so the reason shows here. */}
      {failure !== undefined && offered[failure.values.intent ?? ""] !== true ? <FormError failure={failure} /> : null}
      <TripSummary trip={trip} />
      <PluginValues extra={trip.extra} fields={pluginFields} />
      {offered.submit ? (
        <StepForm
          intent="submit"
          title={t("saveAndSubmit")}
          button={t("submit")}
          revision={trip.revision}
          failure={failure}
        >
          <CheckboxField name={"partyOrgAtDestination"} label={t("partyOrgAtDestination")} failure={mine("submit")} />
        </StepForm>
      ) : null}
      {offered.departure ? (
        <StepForm
          intent="departure"
          title={t("recordDeparture")}
          button={t("record")}
          revision={trip.revision}
          failure={failure}
        >
          <DateField name="on" label={t("on")} failure={mine("departure")} defaultValue={todayText} required />
        </StepForm>
      ) : null}
      {offered.return ? (
        <>
          <StepForm
            intent="return"
            title={t("recordReturn")}
            button={t("record")}
            revision={trip.revision}
            failure={failure}
          >
            <DateField name="on" label={t("on")} failure={mine("return")} defaultValue={todayText} required />
          </StepForm>
          {offered.extension ? (
            <StepForm
              intent="extension"
              title={t("extension")}
              button={t("submit")}
              revision={trip.revision}
              failure={failure}
            >
              <DateField name="newPlannedReturn" label={t("newPlannedReturn")} failure={mine("extension")} required />
              <TextArea name="reason" label={t("reason")} failure={mine("extension")} required rows={3} />
            </StepForm>
          ) : null}
        </>
      ) : null}
      {offered.report ? (
        <StepForm
          intent="report"
          title={t("report")}
          button={t("submitReport")}
          revision={trip.revision}
          failure={failure}
        >
          <TextArea name="text" label={t("reportText")} failure={mine("report")} required rows={8} />
        </StepForm>
      ) : null}
      {offered.withdraw ? (
        <StepForm
          intent="withdraw"
          title={t("withdraw")}
          button={t("withdraw")}
          revision={trip.revision}
          failure={failure}
        >
          <TextArea name="reason" label={t("reason")} failure={mine("withdraw")} rows={2} />
        </StepForm>
      ) : null}
      <TripHistory trip={trip} />
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
