import { configField, type PluginContext, PluginError, type PluginTrip, parseCsv, Schema } from "@abroad/plugin-sdk"

/** Where the border guard's crossing records are fetched from (dữ liệu xuất nhập cảnh qua cửa khẩu). */
export const CrossingFeed = Schema.Struct({
  /** `GET {url}?after={cursor}` answers the records after the cursor, oldest first. */
  url: configField(
    Schema.String.check(
      Schema.isPattern(/^https?:\/\/[^\s]+$/, {
        message: "url.http: Địa chỉ http:// hoặc https://. / An http(s) URL.",
      }),
    ),
    {
      label: { vi: "Địa chỉ nguồn dữ liệu", en: "Feed address" },
      help: {
        vi: "Địa chỉ http(s); được gọi với ?after=… để lấy bản ghi mới.",
        en: "An http(s) address; called with ?after=… for new records.",
      },
    },
  ),
  format: configField(Schema.Literals(["json", "csv"]), {
    label: { vi: "Định dạng", en: "Format" },
    options: {
      json: { vi: "JSON", en: "JSON" },
      csv: { vi: "CSV (bảng tính)", en: "CSV (spreadsheet)" },
    },
  }),
  /** Sent as `Authorization: Bearer …` when set. */
  token: Schema.optionalKey(
    configField(Schema.String.check(Schema.isMinLength(1)), {
      label: { vi: "Mã truy cập", en: "Token" },
      secret: true,
    }),
  ),
  /** How many days before the planned departure an exit still matches a trip; default 3. */
  matchWindowDays: Schema.optionalKey(
    configField(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 30 })), {
      label: { vi: "Xuất cảnh sớm được khớp (ngày)", en: "Early exits matched (days)" },
      help: {
        vi: "Số ngày trước ngày đi dự kiến mà lần xuất cảnh vẫn được khớp với chuyến đi; từ 0 đến 30, mặc định 3.",
        en: "How many days before the planned departure an exit still matches a trip; 0 to 30, 3 when empty.",
      },
    }),
  ),
})

export interface QuangNinhConfig {
  readonly allowedHosts: ReadonlyArray<string>
  readonly crossingFeed?: typeof CrossingFeed.Type
}

/** One crossing as the feed sends it. JSON uses these names; CSV the columns `id,citizen_id,direction,gate,crossed_at`. */
const Crossing = Schema.Struct({
  id: Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(100)),
  citizenId: Schema.String.check(
    Schema.isPattern(/^\d{12}$/, { message: "citizen_id.format: Số CCCD gồm 12 chữ số. / A citizen ID of 12 digits." }),
  ),
  direction: Schema.Literals(["exit", "entry"]),
  gate: Schema.optionalKey(Schema.String),
  /** ISO 8601: a day `2025-07-01`, or a moment `2025-07-01T06:30:00+07:00`. */
  crossedAt: Schema.String.check(
    Schema.makeFilter(
      (text: string) =>
        (/^\d{4}-\d{2}-\d{2}($|T)/.test(text) && !Number.isNaN(Date.parse(text))) || "an ISO 8601 day or moment",
    ),
  ),
})
type Crossing = typeof Crossing.Type

/** What became of one crossing; kept in the store for the report. */
export interface CrossingOutcome {
  readonly id: string
  readonly citizenId: string
  readonly direction: "exit" | "entry"
  readonly gate: string | null
  /** The day in Vietnam. */
  readonly on: string
  readonly result:
    | "departure_recorded"
    | "return_recorded"
    | "already_recorded"
    | "unknown_citizen"
    | "no_matching_trip"
    /** The platform refused to record it (the trip changed meanwhile); `reason` says why. */
    | "refused"
  readonly reason?: string
  readonly memberId: string | null
  readonly tripId: string | null
  readonly importedAt: string
}

const PAGE_LIMIT = 20
const DAY_MS = 86_400_000

/** The day in Vietnam (UTC+7) of a crossing; a bare day is taken as written. */
const dayInVietnam = (crossedAt: string): string =>
  crossedAt.length === 10 ? crossedAt : new Date(Date.parse(crossedAt) + 7 * 3_600_000).toISOString().slice(0, 10)

const daysBefore = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10)

const decodeCrossing = Schema.decodeUnknownResult(Crossing)

/** The raw rows of one page (decoded one by one afterwards) and the feed's next cursor, if it gives one. */
const readPage = async (
  response: Response,
  format: "json" | "csv",
): Promise<{ readonly rows: ReadonlyArray<unknown>; readonly next?: string }> => {
  if (format === "csv") {
    return {
      rows: parseCsv(await response.text()).map(({ cells }) => ({
        id: cells.id,
        citizenId: cells.citizen_id,
        direction: cells.direction,
        ...(cells.gate ? { gate: cells.gate } : {}),
        crossedAt: cells.crossed_at,
      })),
    }
  }
  const body = (await response.json()) as unknown
  if (Array.isArray(body)) return { rows: body }
  const page = body as { records?: unknown; next?: unknown }
  return {
    rows: Array.isArray(page.records) ? page.records : [],
    ...(typeof page.next === "string" && page.next !== "" ? { next: page.next } : {}),
  }
}

/** The approved trip an exit on `on` belongs to: planned to leave within the window, not yet back; the nearest planned departure wins. */
const tripForExit = (trips: ReadonlyArray<PluginTrip>, on: string, windowDays: number): PluginTrip | undefined =>
  trips
    .filter(
      (trip) =>
        trip.status === "approved" && daysBefore(trip.plannedDeparture, windowDays) <= on && on <= trip.plannedReturn,
    )
    .sort(
      (a, b) =>
        Math.abs(Date.parse(a.plannedDeparture) - Date.parse(on)) -
        Math.abs(Date.parse(b.plannedDeparture) - Date.parse(on)),
    )[0]

/** The departed trip an entry on `on` ends: the latest departure on or before that day. */
const tripForEntry = (trips: ReadonlyArray<PluginTrip>, on: string): PluginTrip | undefined =>
  trips
    .filter((trip) => trip.status === "departed" && (trip.actualDeparture ?? trip.plannedDeparture) <= on)
    .sort((a, b) => (b.actualDeparture ?? "").localeCompare(a.actualDeparture ?? ""))[0]

const alreadyRecorded = (trips: ReadonlyArray<PluginTrip>, crossing: Crossing, on: string): PluginTrip | undefined =>
  trips.find((trip) => (crossing.direction === "exit" ? trip.actualDeparture : trip.actualReturn) === on)

const importOne = async (
  crossing: Crossing,
  ctx: PluginContext<QuangNinhConfig>,
  windowDays: number,
): Promise<CrossingOutcome> => {
  const on = dayInVietnam(crossing.crossedAt)
  const base = {
    id: crossing.id,
    citizenId: crossing.citizenId,
    direction: crossing.direction,
    gate: crossing.gate ?? null,
    on,
    importedAt: ctx.clock.now().toISOString(),
  }
  const member = await ctx.data.members.findByCitizenId(crossing.citizenId)
  if (member === undefined) return { ...base, result: "unknown_citizen", memberId: null, tripId: null }
  const trips = await ctx.data.trips.ofMember(member.id)
  const trip = crossing.direction === "exit" ? tripForExit(trips, on, windowDays) : tripForEntry(trips, on)
  if (trip === undefined) {
    const known = alreadyRecorded(trips, crossing, on)
    return known
      ? { ...base, result: "already_recorded", memberId: member.id, tripId: known.id }
      : { ...base, result: "no_matching_trip", memberId: member.id, tripId: null }
  }
  try {
    if (crossing.direction === "exit") await ctx.data.trips.recordDeparture(trip.id, on)
    else await ctx.data.trips.recordReturn(trip.id, on)
  } catch (error) {
    // A refusal is an answer about this record, kept for the officers; anything else fails the run.
    if (!(error instanceof PluginError)) throw error
    return { ...base, result: "refused", reason: error.code, memberId: member.id, tripId: trip.id }
  }
  return {
    ...base,
    result: crossing.direction === "exit" ? "departure_recorded" : "return_recorded",
    memberId: member.id,
    tripId: trip.id,
  }
}

/**
 * Imports the crossings after the stored cursor, page by page: each fills the actual departure or
 * return of the member's matching trip. A record seen before is skipped, so a page fetched twice
 * changes nothing; the cursor moves only after a page is done, so a failure mid-way repeats that
 * page on the next run instead of losing it.
 */
export const importCrossings = async (ctx: PluginContext<QuangNinhConfig>): Promise<void> => {
  const feed = ctx.config.crossingFeed
  if (feed === undefined) {
    ctx.log.info("no crossing feed configured; nothing to import")
    return
  }
  const windowDays = feed.matchWindowDays ?? 3
  let cursor = await ctx.store.get<string>("cursor")
  for (let page = 0; page < PAGE_LIMIT; page++) {
    const url = new URL(feed.url)
    if (cursor !== undefined) url.searchParams.set("after", cursor)
    const response = await ctx.http.fetch(url.toString(), {
      headers: {
        accept: feed.format === "csv" ? "text/csv" : "application/json",
        ...(feed.token ? { authorization: `Bearer ${feed.token}` } : {}),
      },
    })
    if (!response.ok) {
      // Thrown: the run fails, the cursor stays, and the next run asks again.
      throw new Error(`crossing feed answered ${response.status} for ${url.origin}${url.pathname}`)
    }
    const { rows, next } = await readPage(response, feed.format)
    if (rows.length === 0) break
    let lastId: string | undefined
    for (const [index, row] of rows.entries()) {
      const decoded = decodeCrossing(row)
      if (decoded._tag === "Failure") {
        ctx.log.warn("crossing record skipped: not readable", { page, row: index + 1, issue: String(decoded.failure) })
        continue
      }
      const crossing = decoded.success
      lastId = crossing.id
      if ((await ctx.store.get(`crossing:${crossing.id}`)) !== undefined) continue
      const outcome = await importOne(crossing, ctx, windowDays)
      await ctx.store.put(`crossing:${crossing.id}`, outcome)
      if (outcome.result === "unknown_citizen" || outcome.result === "no_matching_trip") {
        ctx.log.warn(`crossing ${crossing.id}: ${outcome.result}`, { id: crossing.id, memberId: outcome.memberId })
      }
    }
    const moved = next ?? lastId
    if (moved === undefined || moved === cursor) break
    cursor = moved
    await ctx.store.put("cursor", cursor)
  }
}
