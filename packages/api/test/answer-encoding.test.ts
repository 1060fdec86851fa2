import { Effect, Exit, Schema, SchemaTransformation } from "effect"
import { describe, expect, it } from "vitest"
import { answerEncoder } from "../src/routes/answer-encoding.ts"

const Trip = Schema.Struct({
  id: Schema.String,
  status: Schema.Literals(["draft", "submitted"]),
  countries: Schema.Array(Schema.String),
  decision: Schema.NullOr(Schema.Struct({ verdict: Schema.Literal("approve"), on: Schema.String })),
  note: Schema.optionalKey(Schema.String),
  extra: Schema.Record(Schema.String, Schema.Unknown),
})
const Outcome = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("block"), rule: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("warn"), rule: Schema.String, level: Schema.Number }),
])
// An instant is a Date in the program and ISO 8601 text on the wire, as the routes declare it.
const Answer = Schema.Struct({ trips: Schema.Array(Trip), outcomes: Schema.Array(Outcome), at: Schema.DateFromString })

const encode = (value: unknown) => Effect.runSyncExit(answerEncoder(Answer)(value))
const interpret = (value: unknown) =>
  Effect.runSyncExit(Schema.encodeUnknownEffect(Answer, { disableChecks: true })(value))

const trip = {
  id: "t-1",
  status: "submitted",
  countries: ["JP", "KR"],
  decision: null,
  extra: { "ho-chi-minh": { host: "Tokyo" } },
  // Not in the Schema: never on the wire.
  internalNote: "chỉ dùng nội bộ",
}
const at = new Date("2026-11-26T03:00:00.000Z")

describe("an answer laid out for the wire", () => {
  it("keeps what the Schema names, drops the rest, and writes dates as the Schema does", () => {
    const exit = encode({ trips: [trip], outcomes: [], at, secret: "x" })
    expect(exit).toEqual(
      Exit.succeed({
        trips: [
          {
            id: "t-1",
            status: "submitted",
            countries: ["JP", "KR"],
            decision: null,
            extra: { "ho-chi-minh": { host: "Tokyo" } },
          },
        ],
        outcomes: [],
        at: "2026-11-26T03:00:00.000Z",
      }),
    )
  })

  it("leaves out an optional key that is absent, and keeps it when present", () => {
    const exit = encode({ trips: [trip, { ...trip, id: "t-2", note: "ghi chú" }], outcomes: [], at })
    const trips = Exit.isSuccess(exit) ? (exit.value as { trips: Array<Record<string, unknown>> }).trips : []
    expect("note" in (trips[0] ?? {})).toBe(false)
    expect(trips[1]?.note).toBe("ghi chú")
  })

  it("lays a union's member out as the first member it fits", () => {
    const outcomes = [
      { kind: "warn", rule: "hcm.late", level: 2, extraField: 1 },
      { kind: "block", rule: "hcm.congress", level: 9 },
    ]
    const exit = encode({ trips: [], outcomes, at })
    expect(exit).toEqual(interpret({ trips: [], outcomes, at }))
    expect(exit).toEqual(
      Exit.succeed({
        trips: [],
        outcomes: [
          { kind: "warn", rule: "hcm.late", level: 2 },
          { kind: "block", rule: "hcm.congress" },
        ],
        at: at.toISOString(),
      }),
    )
  })

  it("fails, as Schema does, on a value that does not fit (a defect of the handler)", () => {
    const missing = { trips: [{ ...trip, countries: undefined }], outcomes: [], at }
    expect(Exit.isFailure(encode(missing))).toBe(true)
    expect(Exit.isFailure(interpret(missing))).toBe(true)
    const wrongLiteral = { trips: [{ ...trip, status: "approved" }], outcomes: [], at }
    expect(Exit.isFailure(encode(wrongLiteral))).toBe(true)
  })

  it("gives what Schema's interpreter gives, on values of every shape", () => {
    const values = [
      { trips: [trip, { ...trip, decision: { verdict: "approve", on: "2026-11-20", by: "x" } }], outcomes: [], at },
      { trips: [], outcomes: [{ kind: "block", rule: "r" }], at },
      { trips: [{ ...trip, extra: {} }], outcomes: [{ kind: "warn", rule: "r", level: 0 }], at },
    ]
    for (const value of values) expect(encode(value)).toEqual(interpret(value))
  })

  it("refuses an invalid Date, as Schema does, rather than writing it", () => {
    for (const at of [new Date(Number.NaN)]) {
      expect(Exit.isFailure(encode({ trips: [], outcomes: [], at }))).toBe(true)
      expect(Exit.isFailure(interpret({ trips: [], outcomes: [], at }))).toBe(true)
    }
  })

  it("writes an optional instant and a record's encoded keys as Schema does", () => {
    const Lowered = Schema.String.pipe(
      Schema.decodeTo(
        Schema.String,
        SchemaTransformation.transform({
          decode: (key: string) => key.toUpperCase(),
          encode: (key) => key.toLowerCase(),
        }),
      ),
    )
    const Other = Schema.Struct({
      seen: Schema.optionalKey(Schema.DateFromString),
      byCode: Schema.Record(Lowered, Schema.Number),
    })
    const value = { seen: new Date("2026-11-26T00:00:00.000Z"), byCode: { ABC: 1 } }
    const compiled = Effect.runSyncExit(answerEncoder(Other)(value))
    expect(compiled).toEqual(Effect.runSyncExit(Schema.encodeUnknownEffect(Other, { disableChecks: true })(value)))
    expect(compiled).toEqual(Exit.succeed({ seen: "2026-11-26T00:00:00.000Z", byCode: { abc: 1 } }))
  })
})
