import { type Database, forRequest } from "@abroad/db"
import { Cause, Effect, Exit, Schema, SchemaIssue } from "effect"
import type { Context, Hono } from "hono"
import type { ContentfulStatusCode } from "hono/utils/http-status"
import { authorize } from "../auth/authorize.ts"
import { sessionCookie } from "../auth/session-cookie.ts"
import type { TenantCodes } from "../auth/tenant-codes.ts"
import { InvalidInput } from "../errors/api-error.ts"
import { toErrorResponse, withRequestId } from "../errors/response.ts"
import { idempotencyKeyOf, idempotent } from "../idempotency/idempotent.ts"
import { requestHash } from "../idempotency/request-hash.ts"
import type { ApiEnv } from "../middleware/env.ts"
import { answerEncoder } from "./answer-encoding.ts"
import type { PlainSchema, Route } from "./route.ts"

/** Runs a route's program with the process's services; the server passes its ManagedRuntime's. */
export type Runner<R> = <A, E>(program: Effect.Effect<A, E, R>) => Promise<Exit.Exit<A, E | unknown>>

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

const decode = (schema: PlainSchema | undefined, input: unknown, where: "params" | "query" | "body") => {
  if (schema === undefined) return Effect.succeed(undefined)
  return Schema.decodeUnknownEffect(schema)(input, { errors: "all", onExcessProperty: "ignore" }).pipe(
    Effect.mapError(
      (error) =>
        new InvalidInput({
          message: {
            vi: "Dữ liệu gửi lên không hợp lệ. Xem chi tiết từng trường.",
            en: "The request is not valid. See the issue for each field.",
          },
          issues: formatIssues(error.issue).issues.map((issue) => ({
            path: [where, ...(issue.path ?? []).map((key) => (typeof key === "number" ? key : String(key)))],
            message: issue.message,
          })),
        }),
    ),
  )
}

/**
 * The request's body as it came, read in full before anything else is done: authorization may
 * hold a transaction open for the handler (database.ts, `forRequest`), and a client sending its
 * body slowly must not keep it open, idle, with a connection of the pool. `bodyLimit` (app.ts)
 * bounds what can be read this way.
 */
const readBodyText = (c: Context<ApiEnv>) =>
  Effect.tryPromise({
    try: () => c.req.text(),
    catch: () =>
      new InvalidInput({
        message: { vi: "Không đọc được nội dung yêu cầu.", en: "The request body could not be read." },
        issues: [{ path: ["body"], message: "Unreadable body" }],
      }),
  })

const parseBody = (text: string) =>
  Effect.try({
    // An empty body is an empty object: a POST that needs no fields may send none.
    try: () => (text === "" ? {} : (JSON.parse(text) as unknown)),
    catch: () =>
      new InvalidInput({
        message: { vi: "Nội dung yêu cầu không phải JSON hợp lệ.", en: "The request body is not valid JSON." },
        issues: [{ path: ["body"], message: "Malformed JSON" }],
      }),
  })

/** How deep a request's JSON may nest: no form of the platform comes near it. */
const MAX_DEPTH = 64

type Flaw = { readonly kind: "nul" | "deep"; readonly path: ReadonlyArray<string | number> }

/**
 * The first flaw no handler should meet: a string holding a NUL character (no text column can
 * store one) or nesting deeper than MAX_DEPTH (a recursive walk would overflow the stack: a 500).
 * Walked with a stack of its own, so the input's depth cannot overflow this walk either.
 */
const flawOf = (input: unknown, root: string): Flaw | undefined => {
  const pending: Array<{ value: unknown; path: ReadonlyArray<string | number> }> = [{ value: input, path: [root] }]
  while (pending.length > 0) {
    const { value, path } = pending.pop() as { value: unknown; path: ReadonlyArray<string | number> }
    if (typeof value === "string") {
      if (value.includes("\u0000")) return { kind: "nul", path }
      continue
    }
    if (typeof value !== "object" || value === null) continue
    if (path.length > MAX_DEPTH) return { kind: "deep", path: path.slice(0, 4) }
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? [...value.entries()]
      : Object.entries(value)
    for (const [key, item] of entries.reverse()) {
      if (typeof key === "string" && key.includes("\u0000")) return { kind: "nul", path: [...path, key] }
      pending.push({ value: item, path: [...path, key] })
    }
  }
  return undefined
}

/** A NUL character anywhere in the input, or absurd nesting, is refused before it reaches a handler. */
const refuseNul = (input: unknown, where: "params" | "query" | "body") => {
  const flaw = flawOf(input, where)
  if (flaw === undefined) return Effect.void
  return Effect.fail(
    flaw.kind === "nul"
      ? new InvalidInput({
          message: {
            vi: "Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL).",
            en: "The request contains an invalid character (NUL).",
          },
          issues: [{ path: [...flaw.path], message: "Contains a NUL character" }],
        })
      : new InvalidInput({
          message: {
            vi: `Dữ liệu gửi lên lồng nhau quá sâu (quá ${MAX_DEPTH} cấp).`,
            en: `The request nests deeper than ${MAX_DEPTH} levels.`,
          },
          issues: [{ path: [...flaw.path], message: `Nested deeper than ${MAX_DEPTH} levels` }],
        }),
  )
}

const DATE_IN_TEXT = /(\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/g

/** Whether every date written inside `text` exists and lies between the years 1900 and 9999. */
const datesAreReal = (text: string) =>
  [...text.matchAll(DATE_IN_TEXT)].every(([, year, month, day, hour, minute, second]) => {
    const y = Number(year)
    const date = new Date(Date.UTC(y, Number(month) - 1, Number(day)))
    return (
      y >= 1900 &&
      y <= 9999 &&
      date.getUTCMonth() === Number(month) - 1 &&
      date.getUTCDate() === Number(day) &&
      Number(hour ?? 0) < 24 &&
      Number(minute ?? 0) < 60 &&
      Number(second ?? 0) < 60
    )
  })

/**
 * Filters and page cursors carry dates; one that cannot exist ("2026-13-01", year 99999)
 * is the client's mistake and answers 400, before the database would fail on it.
 */
const refuseImpossibleDates = (query: Record<string, ReadonlyArray<string>>) => {
  for (const [name, values] of Object.entries(query)) {
    for (const value of values) {
      if (!datesAreReal(value)) {
        return Effect.fail(
          new InvalidInput({
            message: {
              vi: "Ngày tháng trong yêu cầu không tồn tại hoặc ngoài khoảng 1900–9999.",
              en: "A date in the request does not exist or lies outside 1900–9999.",
            },
            issues: [{ path: ["query", name], message: "Not a real date between 1900 and 9999" }],
          }),
        )
      }
    }
  }
  return Effect.void
}

/** `/api/t/{tenantCode}` → `/api/t/:tenantCode`. */
export const toHonoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1")

/** The client's address as the socket saw it (a proxy's address when behind one). */
const clientAddress = (c: Context<ApiEnv>): string => {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? "unknown"
}

export interface RegisterOptions {
  /** The origin users reach the platform at (PUBLIC_URL), accepted by the Origin check besides the request's own. */
  readonly publicOrigin: string | undefined
  readonly now: () => Date
  /** The process's tenant ids by code (auth/tenant-codes.ts). */
  readonly tenants: TenantCodes
}

/**
 * Mounts each route on `app`: authorize, decode input, run the program, encode output, map
 * errors in one place.
 */
export const registerRoutes = <R>(
  app: Hono<ApiEnv>,
  routes: ReadonlyArray<Route<R>>,
  run: Runner<R | Database>,
  options: RegisterOptions,
): void => {
  for (const route of routes) {
    if (route.idempotent === true && route.access.kind !== "tenant") {
      throw new Error(`${route.operationId}: only a tenant route can be idempotent (its keys live in the tenant)`)
    }
    // The answer is the program's own value, typed by the same Schema: encoding lays it out for
    // the wire (days, instants) and drops any key the Schema does not name, so nothing undeclared
    // leaks. Its checks (patterns, calendar days) guard what users send, and are for decoding:
    // run on every row of every answer they were a tenth of a page's cost (README, Performance).
    // The Schema is compiled into an encoder once, here (answer-encoding.ts).
    const encode = answerEncoder(route.success.schema)
    app.on(route.method.toUpperCase(), toHonoPath(route.path), async function handleRoute(c) {
      c.set("route", route.path)
      // What a signed-in user sees is theirs alone: no cache keeps it.
      if (route.access.kind !== "public") c.header("Cache-Control", "no-store")
      const secure = new URL(c.req.url).protocol === "https:" || options.publicOrigin?.startsWith("https:") === true
      const ip = clientAddress(c)
      const program = Effect.gen(function* () {
        yield* refuseNul(c.req.param(), "params")
        yield* refuseNul(c.req.queries(), "query")
        yield* refuseImpossibleDates(c.req.queries())
        const bodyText = route.body === undefined ? undefined : yield* readBodyText(c)
        const { actor, tenant } = yield* authorize({
          access: route.access,
          request: c.req.raw,
          tenantCode: c.req.param("tenantCode"),
          route: route.path,
          ip,
          publicOrigin: options.publicOrigin,
          now: options.now(),
          tenants: options.tenants,
        })
        const params = yield* decode(route.params, c.req.param(), "params")
        const query = yield* decode(route.query, c.req.query(), "query")
        const body = bodyText === undefined ? undefined : yield* parseBody(bodyText)
        yield* refuseNul(body, "body")
        const decodedBody = yield* decode(route.body, body, "body")
        const key = route.idempotent === true ? yield* idempotencyKeyOf(c.req.raw) : undefined
        const respond = Effect.gen(function* () {
          const output = yield* route.handler({
            params,
            query,
            body: decodedBody,
            context: {
              requestId: c.get("requestId"),
              request: c.req.raw,
              ip,
              actor,
              tenant,
              setSession: (token, expiresAt) => c.header("Set-Cookie", sessionCookie(secure, token, expiresAt)),
            },
          })
          return { status: route.success.status, body: yield* Effect.orDie(encode(output)) }
        })
        if (key === undefined || tenant === undefined || actor === undefined) {
          return { ...(yield* respond), replayed: false }
        }
        return yield* idempotent(
          {
            key,
            userId: actor.userId,
            tenantId: tenant.id,
            requestHash: requestHash(c.req.method, new URL(c.req.url), body),
            now: options.now(),
          },
          respond,
        )
      })
      // One request, one transaction where it can be: the session's unit of work is handed to the handler's.
      const exit = await run(forRequest(program))
      if (Exit.isSuccess(exit)) {
        const { status, body, replayed } = exit.value
        if (replayed) c.header("Idempotent-Replayed", "true")
        return route.success.mediaType === "text/html"
          ? c.html(String(body), route.success.status)
          : c.json(body as object, status as ContentfulStatusCode)
      }
      const failure = Cause.findErrorOption(exit.cause)
      const error = failure._tag === "Some" ? failure.value : Cause.squash(exit.cause)
      const response = withRequestId(toErrorResponse(error), c.get("requestId"))
      if (response.status >= 500) c.set("failure", Cause.pretty(exit.cause))
      const retryAfter = response.body.error.details?.retryAfterSeconds
      if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter))
      return c.json(response.body, response.status)
    })
  }
}
