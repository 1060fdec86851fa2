import { formatDay, formatInstant } from "../i18n/dates.ts"
import type { Lang } from "../i18n/language.ts"
import { countryName, labelOf } from "../i18n/messages.ts"
import type { Trip, TripDetail } from "../trips.ts"
import { useLang, useT } from "./i18n.tsx"

export const countriesText = (lang: Lang, codes: ReadonlyArray<string>) =>
  codes.map((code) => countryName(lang, code)).join(", ")

/** The status as a badge; overdue marks are what matters most, so they show first. */
export const StatusBadge = ({ trip }: { trip: Pick<Trip, "displayStatus"> }) => {
  const lang = useLang()
  const tone = trip.displayStatus.includes("overdue")
    ? "danger"
    : trip.displayStatus === "rejected"
      ? "muted"
      : trip.displayStatus === "departed"
        ? "info"
        : "neutral"
  return <span className={`badge badge-${tone}`}>{labelOf(lang, "status", trip.displayStatus)}</span>
}

/** What a trip is, in a definition list: the same on the member's page and on the desk. */
export const TripSummary = ({ trip }: { trip: TripDetail }) => {
  const lang = useLang()
  const t = useT()
  return (
    <dl className="summary">
      <dt>{t("member")}</dt>
      <dd>{trip.memberName}</dd>
      <dt>{t("status")}</dt>
      <dd>
        <StatusBadge trip={trip} />
      </dd>
      <dt>{t("purpose")}</dt>
      <dd>{labelOf(lang, "purpose", trip.purpose)}</dd>
      <dt>{t("funding")}</dt>
      <dd>{labelOf(lang, "funding", trip.funding)}</dd>
      <dt>{t("countries")}</dt>
      <dd>{countriesText(lang, trip.countries)}</dd>
      <dt>{t("dates")}</dt>
      <dd>
        {formatDay(trip.plannedDeparture)} – {formatDay(trip.plannedReturn)}
        {trip.actualDeparture === null ? null : (
          <>
            <br />
            {t("actualDeparture")}: {formatDay(trip.actualDeparture)}
          </>
        )}
        {trip.actualReturn === null ? null : (
          <>
            <br />
            {t("actualReturn")}: {formatDay(trip.actualReturn)}
          </>
        )}
      </dd>
      {trip.submission === null ? null : (
        <>
          <dt>{t("arrangement")}</dt>
          <dd>{trip.submission.arrangement.reason[lang]}</dd>
        </>
      )}
      {trip.companions.length === 0 ? null : (
        <>
          <dt>{t("companions")}</dt>
          <dd>{trip.companions.map((c) => `${c.fullName} (${c.relation})`).join("; ")}</dd>
        </>
      )}
      {trip.cellOpinion === null ? null : (
        <>
          <dt>{t("cellOpinion")}</dt>
          <dd>
            {t(trip.cellOpinion.verdict)}
            {trip.cellOpinion.comment === "" ? "" : ` — ${trip.cellOpinion.comment}`} ({formatDay(trip.cellOpinion.on)})
          </dd>
        </>
      )}
      {trip.decision === null ? null : (
        <>
          <dt>{t("decision")}</dt>
          <dd>
            {trip.decision.outcome === "approved" ? t("approve") : t("refuse")}
            {trip.decision.reason === null || trip.decision.reason === "" ? "" : ` — ${trip.decision.reason}`} (
            {formatDay(trip.decision.on)})
          </dd>
        </>
      )}
      {trip.pendingExtension === null ? null : (
        <>
          <dt>{t("pendingExtension")}</dt>
          <dd>
            {formatDay(trip.pendingExtension.newPlannedReturn)} — {trip.pendingExtension.reason}
          </dd>
        </>
      )}
      {trip.reportDueOn === null ? null : (
        <>
          <dt>{t("reportDueOn")}</dt>
          <dd>{formatDay(trip.reportDueOn)}</dd>
        </>
      )}
      {trip.report === null ? null : (
        <>
          <dt>{t("report")}</dt>
          <dd>
            {t("reportSubmitted")} {formatDay(trip.report.submittedOn)}
            {trip.report.late ? ` (${t("late")})` : ""}
            {trip.reportText === null ? null : <p className="report-text">{trip.reportText}</p>}
          </dd>
        </>
      )}
    </dl>
  )
}

export const TripHistory = ({ trip }: { trip: TripDetail }) => {
  const lang = useLang()
  const t = useT()
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t("history")}</h2>
      <ol className="history">
        {trip.history.map((entry) => (
          <li key={entry.revision}>
            <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time> —{" "}
            {labelOf(lang, "history", entry.type)} ({labelOf(lang, "actorKind", entry.actorKind)})
          </li>
        ))}
      </ol>
    </section>
  )
}
