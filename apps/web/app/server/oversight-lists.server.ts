import { formatDay, formatInstant } from "../i18n/dates.ts"
import type { Lang } from "../i18n/language.ts"
import { countryName, labelOf, translator } from "../i18n/messages.ts"
import {
  type AbroadPage,
  type MemberAbroad,
  type Notice,
  type NoticePage,
  type OverseasOrg,
  registerOrder,
  type Transfer,
  type TransferPage,
} from "../oversight.ts"
import { countriesText } from "../ui/trip-parts.tsx"
import type { ListDefinition } from "./lists.server.ts"

/**
 * The oversight body's lists across tenants (`/api/oversight/…`), as pages and as spreadsheets:
 * members abroad (of a country, from the map), the register of organisations abroad, the
 * transfer intake, the notices sent.
 */

export const OVERSIGHT_LISTS = {
  oversightAbroad: {
    capability: "oversight.read",
    crossTenant: true,
    path: "/api/oversight/abroad",
    filters: ["country", "tenant", "overseasOrgId"],
    rowsOf: (answer: AbroadPage) => answer.members,
    nextOf: (answer: AbroadPage) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)("membersAbroad"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("fullName"), (row: MemberAbroad) => row.fullName],
        [t("birthDate"), (row: MemberAbroad) => formatDay(row.birthDate)],
        [t("tenant"), (row: MemberAbroad) => row.tenantName],
        [t("orgUnit"), (row: MemberAbroad) => row.homeUnitName ?? ""],
        [t("purpose"), (row: MemberAbroad) => labelOf(lang, "purpose", row.purpose)],
        [t("countries"), (row: MemberAbroad) => countriesText(lang, row.countries)],
        [t("actualDeparture"), (row: MemberAbroad) => formatDay(row.actualDeparture ?? row.plannedDeparture)],
        [t("plannedReturn"), (row: MemberAbroad) => formatDay(row.plannedReturn)],
        [t("overdueSince"), (row: MemberAbroad) => formatDay(row.overdueReturnSince)],
        [
          t("arrangement"),
          (row: MemberAbroad) => (row.arrangement === null ? "" : labelOf(lang, "arrangement", row.arrangement)),
        ],
        [t("overseasOrg"), (row: MemberAbroad) => row.overseasOrgName ?? ""],
      ]
    },
  } satisfies ListDefinition<MemberAbroad>,
  overseasOrgs: {
    capability: "oversight.read",
    crossTenant: true,
    path: "/api/oversight/overseas-orgs",
    filters: ["country", "includeInactive"],
    rowsOf: (answer: { overseasOrgs: ReadonlyArray<OverseasOrg> }) => registerOrder(answer.overseasOrgs),
    nextOf: () => undefined,
    title: (lang: Lang) => translator(lang)("overseasOrgs"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("name"), (row: OverseasOrg) => row.name],
        [t("kind"), (row: OverseasOrg) => labelOf(lang, "overseasOrgKind", row.kind)],
        [t("country"), (row: OverseasOrg) => countryName(lang, row.country)],
        [t("mission"), (row: OverseasOrg) => row.mission ?? ""],
        [t("status"), (row: OverseasOrg) => t(row.active ? "orgActive" : "orgClosed")],
      ]
    },
  } satisfies ListDefinition<OverseasOrg>,
  transferIntake: {
    capability: "oversight.read",
    crossTenant: true,
    path: "/api/oversight/transfers",
    filters: ["status", "tenant"],
    rowsOf: (answer: TransferPage) => answer.transfers,
    nextOf: (answer: TransferPage) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)("transferIntake"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("received"), (row: Transfer) => formatInstant(row.createdAt)],
        [t("transferForm"), (row: Transfer) => row.form],
        [t("transferKind"), (row: Transfer) => labelOf(lang, "transferKind", row.kind)],
        [t("fullName"), (row: Transfer) => row.memberName],
        [t("tenant"), (row: Transfer) => row.tenantCode],
        [t("orgUnit"), (row: Transfer) => row.homeUnitName],
        [t("purpose"), (row: Transfer) => labelOf(lang, "purpose", row.purpose)],
        [t("countries"), (row: Transfer) => countriesText(lang, row.countries)],
        [t("plannedDeparture"), (row: Transfer) => formatDay(row.plannedDeparture)],
        [t("plannedReturn"), (row: Transfer) => formatDay(row.plannedReturn)],
        [t("status"), (row: Transfer) => labelOf(lang, "transferStatus", row.status)],
        [t("overseasOrg"), (row: Transfer) => row.assignedOverseasOrgName ?? ""],
        [t("returnReason"), (row: Transfer) => row.returnReason ?? ""],
      ]
    },
  } satisfies ListDefinition<Transfer>,
  notices: {
    capability: "oversight.read",
    crossTenant: true,
    path: "/api/oversight/notices",
    filters: ["tenant"],
    rowsOf: (answer: NoticePage) => answer.notices,
    nextOf: (answer: NoticePage) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)("notices"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("sentAt"), (row: Notice) => formatInstant(row.sentAt)],
        [t("member"), (row: Notice) => row.memberName ?? ""],
        [t("kind"), (row: Notice) => labelOf(lang, "noticeKind", row.kind)],
        [t("body"), (row: Notice) => row.body],
        [t("overseasOrg"), (row: Notice) => row.overseasOrgName ?? ""],
        [t("sentBy"), (row: Notice) => row.sentByName],
        [t("readAt"), (row: Notice) => (row.readAt === null ? "" : formatInstant(row.readAt))],
      ]
    },
  } satisfies ListDefinition<Notice>,
} as const
