import { TenantNotFound } from "@abroad/core"
import { DatabaseError } from "@abroad/db"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import { HTTPException } from "hono/http-exception"
import { describe, expect, it } from "vitest"
import { tenantCodes } from "../src/auth/tenant-codes.ts"
import {
  Conflict,
  defineRoute,
  NotAllowed,
  NotAuthenticated,
  NotFound,
  type RequestLogEntry,
  RuleViolation,
  toErrorResponse,
  Unavailable,
} from "../src/index.ts"
import type { ApiEnv } from "../src/middleware/env.ts"
import { requestLog } from "../src/middleware/request-log.ts"
import { registerRoutes } from "../src/routes/register.ts"

const message = { vi: "Tiếng Việt", en: "English" }

/** Each failure a program may end with, by the name a test route is called with. */
const failures: Record<string, () => unknown> = {
  unauthenticated: () => new NotAuthenticated({ message }),
  forbidden: () => new NotAllowed({ message }),
  missing: () => new NotFound({ message }),
  conflict: () => new Conflict({ message }),
  rule: () => new RuleViolation({ message, rule: "hcm.congress-period" }),
  unavailable: () => new Unavailable({ message }),
  "no-tenant": () => new TenantNotFound({ code: "atlantis" }),
  "database-down": () =>
    new DatabaseError({ message: "connect ECONNREFUSED", unreachable: true, cause: new Error("ECONNREFUSED") }),
  "database-refused": () =>
    new DatabaseError({
      message: 'relation "secret_table" does not exist',
      sqlState: "42P01",
      unreachable: false,
      cause: new Error("42P01"),
    }),
}

const Trip = Schema.Struct({
  purpose: Schema.NonEmptyString,
  days: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 365 })),
  countries: Schema.Array(Schema.String.check(Schema.isBetweenLength(2, 2))),
})

const routes = [
  defineRoute({
    method: "get",
    path: "/fail/{reason}",
    operationId: "fail",
    summary: "Fails as told",
    tags: ["test"],
    access: { kind: "public" },
    params: Schema.Struct({ reason: Schema.String }),
    success: { status: 200, description: "never", schema: Schema.Struct({}) },
    handler: ({ params }) => {
      const failure = failures[params.reason]
      return failure === undefined ? Effect.die(new Error("secret stack detail")) : Effect.fail(failure())
    },
  }),
  defineRoute({
    method: "post",
    path: "/trips",
    operationId: "createTrip",
    summary: "Echoes a trip",
    tags: ["test"],
    access: { kind: "public" },
    body: Trip,
    success: { status: 201, description: "The trip", schema: Trip },
    handler: ({ body }) => Effect.succeed(body),
  }),
  defineRoute({
    method: "get",
    path: "/broken-output",
    operationId: "brokenOutput",
    summary: "Returns what its schema does not allow",
    tags: ["test"],
    access: { kind: "public" },
    success: { status: 200, description: "never", schema: Schema.Struct({ count: Schema.Int }) },
    handler: () => Effect.succeed({ count: "many" } as unknown as { count: number }),
  }),
]

const makeApp = () => {
  const logs: Array<RequestLogEntry> = []
  const app = new Hono<ApiEnv>()
  app.use(requestLog({ write: (entry) => logs.push(entry) }))
  registerRoutes(app, routes, (program) => Effect.runPromiseExit(program as Effect.Effect<unknown, unknown>) as never, {
    publicOrigin: undefined,
    now: () => new Date(),
    tenants: tenantCodes(),
  })
  return { app, logs }
}

const post = (app: Hono<ApiEnv>, body: string) =>
  app.request("/trips", { method: "POST", body, headers: { "content-type": "application/json" } })

describe("the one mapping from errors to HTTP", () => {
  it.each([
    ["unauthenticated", 401, "not_authenticated"],
    ["forbidden", 403, "not_allowed"],
    ["missing", 404, "not_found"],
    ["no-tenant", 404, "not_found"],
    ["conflict", 409, "conflict"],
    ["rule", 422, "rule_violation"],
    ["unavailable", 503, "unavailable"],
    ["database-down", 503, "unavailable"],
    ["database-refused", 500, "internal_error"],
    ["defect", 500, "internal_error"],
  ])("answers %s with %i and the envelope", async (reason, status, code) => {
    const { app } = makeApp()
    const response = await app.request(`/fail/${reason}`)
    expect(response.status).toBe(status)
    const body = (await response.json()) as { error: { code: string; message: { vi: string; en: string } } }
    expect(body.error.code).toBe(code)
    expect(Object.keys(body.error.message).sort()).toEqual(["en", "vi"])
    expect(body.error.message.vi).not.toBe("")
    expect(body.error.message.en).not.toBe("")
  })

  it("names the rule that refused a request", async () => {
    const { app } = makeApp()
    const body = await (await app.request("/fail/rule")).json()
    expect(body).toMatchObject({ error: { details: { rule: "hcm.congress-period" } } })
  })

  it("tells the client nothing of a defect's cause, and the log everything", async () => {
    const { app, logs } = makeApp()
    for (const reason of ["defect", "database-refused"]) {
      const text = await (await app.request(`/fail/${reason}`)).text()
      expect(text).not.toContain("secret")
    }
    expect(logs.map((l) => [l.status, l.level])).toEqual([
      [500, "ERROR"],
      [500, "ERROR"],
    ])
    expect(logs[0]?.failure).toContain("secret stack detail")
    expect(logs[1]?.failure).toContain("secret_table")
    // The log names the route pattern, not the path that was asked for.
    expect(logs[0]?.route).toBe("/fail/{reason}")
  })

  it("gives a 5xx the request id to quote, and a 4xx none", async () => {
    const { app } = makeApp()
    const requestId = "3c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f"
    const failed = await app.request("/fail/defect", { headers: { "x-request-id": requestId } })
    expect(await failed.json()).toMatchObject({ error: { details: { requestId } } })
    const refused = await app.request("/fail/missing", { headers: { "x-request-id": requestId } })
    expect(await refused.json()).not.toHaveProperty("error.details")
  })

  it("answers Hono's own refusals as the client's error, never a 5xx", () => {
    expect(toErrorResponse(new HTTPException(413)).status).toBe(413)
    expect(toErrorResponse(new HTTPException(400, { message: "Malformed" })).body.error.code).toBe("invalid_input")
    expect(toErrorResponse(new HTTPException(502)).status).toBe(500)
  })

  it("treats a response its own schema refuses as a defect, not as bad input", async () => {
    const { app } = makeApp()
    const response = await app.request("/broken-output")
    expect(response.status).toBe(500)
  })
})

describe("bad input is a 400 with the path of each field, never a 5xx", () => {
  it("accepts a valid body", async () => {
    const { app } = makeApp()
    const response = await post(app, JSON.stringify({ purpose: "Thăm thân", days: 10, countries: ["JP"] }))
    expect(response.status).toBe(201)
    expect(await response.json()).toEqual({ purpose: "Thăm thân", days: 10, countries: ["JP"] })
  })

  it("refuses malformed JSON", async () => {
    const { app } = makeApp()
    const response = await post(app, '{"purpose": "Thăm thân",')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      error: { code: "invalid_input", details: { issues: [{ path: ["body"] }] } },
    })
  })

  it("refuses a missing body", async () => {
    const { app } = makeApp()
    const response = await app.request("/trips", { method: "POST" })
    expect(response.status).toBe(400)
  })

  it("lists every field at fault, with its path", async () => {
    const { app } = makeApp()
    const response = await post(app, JSON.stringify({ purpose: "", days: 400, countries: ["JP", "Japan"] }))
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { details: { issues: Array<{ path: Array<unknown> }> } } }
    expect(body.error.details.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        ["body", "purpose"],
        ["body", "days"],
        ["body", "countries", 1],
      ]),
    )
  })

  it.each([
    ["a JSON array", "[1, 2]"],
    ["a JSON string", '"trip"'],
    ["null", "null"],
    ["a number where text belongs", JSON.stringify({ purpose: 7, days: 1, countries: [] })],
  ])("refuses %s", async (_, text) => {
    const { app } = makeApp()
    expect((await post(app, text)).status).toBe(400)
  })
})
