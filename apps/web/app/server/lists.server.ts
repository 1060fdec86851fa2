import type { RouterContextProvider } from "react-router"
import { formatDay, formatInstant } from "../i18n/dates.ts"
import type { Lang } from "../i18n/language.ts"
import { countryName, labelOf, translator } from "../i18n/messages.ts"
import type { InboxPage, Trip, TripPage } from "../trips.ts"
import { ADMIN_LISTS } from "./admin-lists.server.ts"
import { apiData } from "./api.server.ts"
import { NATIONAL_LISTS } from "./national-lists.server.ts"
import { OVERSIGHT_LISTS } from "./oversight-lists.server.ts"
import { requireCapability, tenantApi } from "./session.server.ts"
import type { Cell, Sheet } from "./xlsx.server.ts"

/**
 * The desk's lists, once each: which API list feeds it, which capability opens it, and its
 * columns as a spreadsheet. The pages show a page of each; `/export/<list>.xlsx` writes all
 * of it (every page the API gives, up to EXPORT_LIMIT rows) with the page's filters.
 */

export const EXPORT_LIMIT = 20_000

export interface ListDefinition<Row> {
  readonly capability: string
  /** The API path (after `/api/t/{tenant}`) and the filters the page passes on. */
  readonly path: string
  /** A list across tenants (`/api/oversight/…`, `/api/national/…`): `path` is the whole path. */
  readonly crossTenant?: boolean
  readonly filters: ReadonlyArray<string>
  /** Filters the page shows otherwise than the API takes them (days typed dd/mm/yyyy …), translated. */
  readonly query?: (params: URLSearchParams) => URLSearchParams
  readonly rowsOf: (answer: never) => ReadonlyArray<Row>
  /** How to ask for the next page, from the answer; undefined on the last. */
  readonly nextOf: (answer: never) => Record<string, string> | undefined
  readonly title: (lang: Lang) => string
  readonly columns: (lang: Lang) => ReadonlyArray<readonly [string, (row: Row) => Cell]>
}

const tripColumns = (lang: Lang): ReadonlyArray<readonly [string, (trip: Trip) => Cell]> => {
  const t = translator(lang)
  return [
    [t("member"), (trip) => trip.memberName],
    [t("purpose"), (trip) => labelOf(lang, "purpose", trip.purpose)],
    [t("funding"), (trip) => labelOf(lang, "funding", trip.funding)],
    [t("countries"), (trip) => trip.countries.map((code) => countryName(lang, code)).join(", ")],
    [t("plannedDeparture"), (trip) => formatDay(trip.plannedDeparture)],
    [t("plannedReturn"), (trip) => formatDay(trip.plannedReturn)],
    [t("actualDeparture"), (trip) => formatDay(trip.actualDeparture)],
    [t("actualReturn"), (trip) => formatDay(trip.actualReturn)],
    [t("status"), (trip) => labelOf(lang, "status", trip.displayStatus)],
    [t("reportDueOn"), (trip) => formatDay(trip.reportDueOn)],
  ]
}

const tripList = (path: string, title: "allTrips" | "abroadNow" | "overdue", filters: ReadonlyArray<string> = []) =>
  ({
    capability: "trip.read",
    path,
    filters,
    rowsOf: (answer: TripPage) => answer.trips,
    nextOf: (answer: TripPage) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)(title),
    columns: tripColumns,
  }) satisfies ListDefinition<Trip>

export interface MemberSummary {
  readonly id: string
  readonly fullName: string
  readonly orgUnitName: string
  readonly status: string
  readonly birthDate: string | null
}

export interface ViolationSummary {
  readonly id: string
  readonly memberName: string
  readonly kind: string
  readonly status: string
  readonly outcome: string | null
  readonly openedAt: string
  readonly closedAt: string | null
}

export interface TaskSummary {
  readonly id: string
  readonly memberName: string
  readonly title: string
  readonly description: string
  readonly dueOn: string
  readonly state: string
  readonly completedAt: string | null
  readonly evaluation: string | null
}

export interface BulletinSummary {
  readonly id: string
  readonly title: string
  readonly body: string
  readonly publishedAt: string
  readonly readCount: number
}

export const LISTS = {
  inbox: {
    capability: "trip.read",
    path: "/trips/inbox",
    filters: [],
    rowsOf: (answer: InboxPage) => answer.items,
    nextOf: (answer: InboxPage) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)("inbox"),
    columns: (lang: Lang) => [
      ...tripColumns(lang).map(
        ([name, cell]) => [name, (item: InboxPage["items"][number]) => cell(item.trip)] as const,
      ),
      [
        translator(lang)("awaiting"),
        (item: InboxPage["items"][number]) => item.awaiting.map((code) => labelOf(lang, "awaiting", code)).join(", "),
      ] as const,
    ],
  } satisfies ListDefinition<InboxPage["items"][number]>,
  trips: tripList("/trips", "allTrips", ["status", "country", "purpose", "from", "to"]),
  abroad: tripList("/trips/abroad", "abroadNow"),
  overdue: tripList("/trips/overdue", "overdue"),
  members: {
    capability: "member.read",
    path: "/members",
    filters: ["q", "status"],
    rowsOf: (answer: { members: ReadonlyArray<MemberSummary> }) => answer.members,
    nextOf: (answer: { next: { afterName: string; afterId: string } | null }) => answer.next ?? undefined,
    title: (lang: Lang) => translator(lang)("members"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("fullName"), (member: MemberSummary) => member.fullName],
        [t("birthDate"), (member: MemberSummary) => formatDay(member.birthDate)],
        [t("orgUnit"), (member: MemberSummary) => member.orgUnitName],
        [t("status"), (member: MemberSummary) => labelOf(lang, "memberStatus", member.status)],
      ]
    },
  } satisfies ListDefinition<MemberSummary>,
  violations: {
    capability: "violation.read",
    path: "/violations",
    filters: ["status", "kind"],
    rowsOf: (answer: { violations: ReadonlyArray<ViolationSummary> }) => answer.violations,
    nextOf: (answer: { next: string | null }) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)("violations"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("member"), (row: ViolationSummary) => row.memberName],
        [t("kind"), (row: ViolationSummary) => labelOf(lang, "violationKind", row.kind)],
        [t("status"), (row: ViolationSummary) => labelOf(lang, "violationStatus", row.status)],
        [t("outcome"), (row: ViolationSummary) => (row.outcome === null ? "" : labelOf(lang, "outcome", row.outcome))],
        [t("opened"), (row: ViolationSummary) => formatInstant(row.openedAt)],
      ]
    },
  } satisfies ListDefinition<ViolationSummary>,
  tasks: {
    capability: "task.read",
    path: "/tasks",
    filters: ["state"],
    rowsOf: (answer: { tasks: ReadonlyArray<TaskSummary> }) => answer.tasks,
    nextOf: (answer: { next: string | null }) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)("tasks"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("member"), (row: TaskSummary) => row.memberName],
        [t("title"), (row: TaskSummary) => row.title],
        [t("due"), (row: TaskSummary) => formatDay(row.dueOn)],
        [t("status"), (row: TaskSummary) => labelOf(lang, "taskState", row.state)],
        [
          t("outcome"),
          (row: TaskSummary) => (row.evaluation === null ? "" : labelOf(lang, "evaluation", row.evaluation)),
        ],
      ]
    },
  } satisfies ListDefinition<TaskSummary>,
  bulletins: {
    capability: "bulletin.publish",
    path: "/bulletins",
    filters: [],
    rowsOf: (answer: { bulletins: ReadonlyArray<BulletinSummary> }) => answer.bulletins,
    nextOf: (answer: { next: string | null }) => (answer.next === null ? undefined : { after: answer.next }),
    title: (lang: Lang) => translator(lang)("bulletins"),
    columns: (lang: Lang) => {
      const t = translator(lang)
      return [
        [t("title"), (row: BulletinSummary) => row.title],
        [t("published"), (row: BulletinSummary) => formatInstant(row.publishedAt)],
        [t("reads"), (row: BulletinSummary) => row.readCount],
      ]
    },
  } satisfies ListDefinition<BulletinSummary>,
  ...ADMIN_LISTS,
  ...OVERSIGHT_LISTS,
  ...NATIONAL_LISTS,
} as const

export type ListName = keyof typeof LISTS

export const isListName = (name: string): name is ListName => Object.hasOwn(LISTS, name)

const queryOf = (list: ListName, request: Request, extra: Record<string, string>) => {
  const url = new URL(request.url)
  const query = new URLSearchParams(extra)
  const definition: Pick<ListDefinition<unknown>, "filters" | "query"> = LISTS[list]
  for (const [name, value] of definition.query?.(url.searchParams) ?? []) query.set(name, value)
  for (const name of LISTS[list].filters) {
    const value = url.searchParams.get(name)
    if (value !== null && value !== "") query.set(name, value)
  }
  return query
}

/** One page of a list, as its page shows it: the filters of the address and its `after`. */
export const loadListPage = async <Answer>(
  context: Readonly<RouterContextProvider>,
  request: Request,
  list: ListName,
): Promise<Answer> => {
  requireCapability(context, LISTS[list].capability)
  const url = new URL(request.url)
  const paging: Record<string, string> = { limit: "50" }
  for (const name of ["after", "afterName", "afterId", "before"]) {
    const value = url.searchParams.get(name)
    if (value !== null) paging[name] = value
  }
  return apiData<Answer>(context, request, listApi(context, LISTS[list], queryOf(list, request, paging)))
}

const listApi = (
  context: Readonly<RouterContextProvider>,
  definition: { readonly path: string; readonly crossTenant?: boolean },
  query: URLSearchParams,
) =>
  definition.crossTenant === true ? `${definition.path}?${query}` : tenantApi(context, `${definition.path}?${query}`)

/** The whole list as a sheet: every page, in the order the API gives. */
export const loadListSheet = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
  list: ListName,
  lang: Lang,
): Promise<Sheet> => {
  const definition = LISTS[list] as unknown as ListDefinition<unknown>
  requireCapability(context, definition.capability)
  const rows: unknown[] = []
  let paging: Record<string, string> | undefined = { limit: "200" }
  while (paging !== undefined && rows.length < EXPORT_LIMIT) {
    const answer = await apiData<never>(context, request, listApi(context, definition, queryOf(list, request, paging)))
    rows.push(...definition.rowsOf(answer))
    const next = definition.nextOf(answer)
    paging = next === undefined ? undefined : { limit: "200", ...next }
  }
  const columns = definition.columns(lang)
  return {
    name: definition.title(lang),
    header: columns.map(([name]) => name),
    rows: rows.slice(0, EXPORT_LIMIT).map((row) => columns.map(([, cell]) => cell(row))),
  }
}
