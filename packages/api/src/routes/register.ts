import type { Database } from "@abroad/db"
import { Cause, Effect, Exit, Schema, SchemaIssue } from "effect"
import type { Context, Hono } from "hono"
import { authorize } from "../auth/authorize.ts"
import { sessionCookie } from "../auth/session-cookie.ts"
import { InvalidInput } from "../errors/api-error.ts"
import { toErrorResponse, withRequestId } from "../errors/response.ts"
import type { ApiEnv } from "../middleware/env.ts"
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

const readBody = (c: Context<ApiEnv>) =>
  Effect.tryPromise({
    try: async () => {
      const text = await c.req.text()
      return text === "" ? undefined : (JSON.parse(text) as unknown)
    },
    catch: () =>
      new InvalidInput({
        message: { vi: "Nội dung yêu cầu không phải JSON hợp lệ.", en: "The request body is not valid JSON." },
        issues: [{ path: ["body"], message: "Malformed JSON" }],
      }),
  })

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
    const encode = Schema.encodeUnknownEffect(route.success.schema)
    app.on(route.method.toUpperCase(), toHonoPath(route.path), async function handleRoute(c) {
      c.set("route", route.path)
      // What a signed-in user sees is theirs alone: no cache keeps it.
      if (route.access.kind !== "public") c.header("Cache-Control", "no-store")
      const secure = new URL(c.req.url).protocol === "https:" || options.publicOrigin?.startsWith("https:") === true
      const ip = clientAddress(c)
      const program = Effect.gen(function* () {
        const { actor, tenant } = yield* authorize({
          access: route.access,
          request: c.req.raw,
          tenantCode: c.req.param("tenantCode"),
          route: route.path,
          ip,
          publicOrigin: options.publicOrigin,
          now: options.now(),
        })
        const params = yield* decode(route.params, c.req.param(), "params")
        const query = yield* decode(route.query, c.req.query(), "query")
        const body = yield* route.body === undefined ? Effect.succeed(undefined) : readBody(c)
        const decodedBody = yield* decode(route.body, body, "body")
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
        return yield* Effect.orDie(encode(output))
      })
      const exit = await run(program)
      if (Exit.isSuccess(exit)) {
        return route.success.mediaType === "text/html"
          ? c.html(String(exit.value), route.success.status)
          : c.json(exit.value as object, route.success.status)
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
