import { isDeepStrictEqual } from "node:util"
import { Effect, Schema, type SchemaAST } from "effect"

/**
 * How an answer is laid out for the wire: the route's success Schema, encoded without its checks
 * (they guard what users send), dropping every key the Schema does not name, so nothing undeclared
 * leaks.
 *
 * Schema's interpreter does this through Effect for every node of every row: for a page of 50
 * trips, about a tenth of the server's CPU (README, Performance, finding 16). So each success
 * Schema is compiled once, at start, into plain functions that do the same for the shapes answers
 * are made of — objects, records, arrays, unions, literals, strings, numbers, booleans, null,
 * unknown, and instants written as ISO text (`Schema.DateFromString`). Any other node (another
 * transformation, say) is encoded by Schema itself, and any value that does not fit its Schema
 * sends the whole answer to Schema's own encoder, so that a defect is reported exactly as before. With `ABROAD_VERIFY_ANSWERS=1` (the test suite sets it) every answer
 * is encoded both ways and a difference is a defect: every route the tests call checks the
 * compilation against the interpreter.
 */

/** Returned by a compiled encoder when the value does not fit its Schema. */
const MISFIT: unique symbol = Symbol("misfit")
type Misfit = typeof MISFIT

type Encode = (value: unknown) => unknown | Misfit

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Keys are set as Schema sets them: an own `__proto__` stays a plain key. */
const assign = (target: Record<string, unknown>, key: string, value: unknown) => {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
  else target[key] = value
}

/** A node Schema encodes itself; a failure is a misfit. */
const bySchema = (ast: SchemaAST.AST): Encode => {
  // A node of a success Schema needs no service to encode (the route's whole Schema is encoded without any).
  const encode = Schema.encodeUnknownSync(Schema.make<Schema.Codec<unknown, unknown>>(ast), { disableChecks: true })
  return (value) => {
    try {
      return encode(value)
    } catch {
      return MISFIT
    }
  }
}

/**
 * An object whose keys are all required, built as one object literal by a function generated for
 * its keys: every answer of its kind then has one shape, which V8 builds and stringifies fast;
 * setting the keys one by one gave each object a dictionary's slow keys (a quarter of the time).
 * The keys enter the generated code only as JSON string literals.
 */
const objectLiteral = (names: ReadonlyArray<string>, encoders: ReadonlyArray<Encode>): Encode => {
  const key = (i: number) => JSON.stringify(names[i])
  const body = [
    "if (typeof value !== 'object' || value === null || Array.isArray(value)) return MISFIT;",
    ...names.map(
      (_, i) =>
        `if (!(${key(i)} in value)) return MISFIT; const v${i} = encoders[${i}](value[${key(i)}]); if (v${i} === MISFIT) return MISFIT;`,
    ),
    `return { ${names.map((_, i) => `${key(i)}: v${i}`).join(", ")} };`,
  ].join("\n")
  const make = new Function("encoders", "MISFIT", `return function encodeObject(value) {\n${body}\n}`) as (
    encoders: ReadonlyArray<Encode>,
    misfit: Misfit,
  ) => Encode
  return make(encoders, MISFIT)
}

const compileObjects = (ast: SchemaAST.Objects): Encode => {
  const properties = ast.propertySignatures.map((property) => ({
    name: property.name,
    optional: property.type.context?.isOptional === true,
    encode: compile(property.type),
  }))
  if (properties.some((property) => typeof property.name !== "string")) return bySchema(ast)
  const index = ast.indexSignatures
  // A record's keys as they are: plain strings, which need no encoding of their own.
  const parameter = index[0]?.parameter
  if (
    index.length > 1 ||
    (parameter !== undefined && (parameter._tag !== "String" || parameter.encoding !== undefined))
  ) {
    return bySchema(ast)
  }
  if (index.length === 0 && properties.every((property) => !property.optional && property.name !== "__proto__")) {
    return objectLiteral(
      properties.map((property) => property.name as string),
      properties.map((property) => property.encode),
    )
  }
  const declared = new Set(properties.map((property) => property.name as string))
  const encodeEntry = index.length === 1 ? compile((index[0] as SchemaAST.IndexSignature).type) : undefined
  return (value) => {
    if (!isRecord(value)) return MISFIT
    const out: Record<string, unknown> = {}
    for (const property of properties) {
      const name = property.name as string
      if (!(name === "__proto__" ? Object.hasOwn(value, name) : name in value)) {
        if (property.optional) continue
        return MISFIT
      }
      const encoded = property.encode(value[name])
      if (encoded === MISFIT) return MISFIT
      assign(out, name, encoded)
    }
    if (encodeEntry !== undefined) {
      for (const key of Object.keys(value)) {
        if (declared.has(key)) continue
        const encoded = encodeEntry(value[key])
        if (encoded === MISFIT) return MISFIT
        assign(out, key, encoded)
      }
    }
    return out
  }
}

const compileArrays = (ast: SchemaAST.Arrays): Encode => {
  // A tuple with optional elements, or elements after the rest: Schema knows best.
  if (ast.rest.length > 1 || ast.elements.some((element) => element.context?.isOptional === true)) return bySchema(ast)
  const elements = ast.elements.map(compile)
  const rest = ast.rest[0] === undefined ? undefined : compile(ast.rest[0])
  return (value) => {
    if (!Array.isArray(value)) return MISFIT
    if (value.length < elements.length || (rest === undefined && value.length > elements.length)) return MISFIT
    const out: Array<unknown> = new Array(value.length)
    for (let i = 0; i < value.length; i++) {
      const encoded = (i < elements.length ? (elements[i] as Encode) : (rest as Encode))(value[i])
      if (encoded === MISFIT) return MISFIT
      out[i] = encoded
    }
    return out
  }
}

/** The first member the value fits, as Schema's unions (`anyOf`) choose. */
const compileUnion = (ast: SchemaAST.Union): Encode => {
  if (ast.options?.mode === "oneOf") return bySchema(ast)
  const members = ast.types.map(compile)
  return (value) => {
    for (const member of members) {
      const encoded = member(value)
      if (encoded !== MISFIT) return encoded
    }
    return MISFIT
  }
}

const same =
  (fits: (value: unknown) => boolean): Encode =>
  (value) =>
    fits(value) ? value : MISFIT

/** The transformation of `Schema.DateFromString`, which every way of using it (annotated, optional) keeps. */
const DATE_AS_TEXT = (Schema.DateFromString.ast.encoding as SchemaAST.Encoding)[0]?.transformation

const isDateAsText = (ast: SchemaAST.AST) =>
  ast._tag === "Declaration" &&
  ast.encoding?.length === 1 &&
  ast.encoding[0]?.transformation === DATE_AS_TEXT &&
  ast.encoding[0]?.to._tag === "String"

/** An instant: a Date in the program, ISO 8601 text on the wire. An invalid Date does not fit, as for Schema. */
const dateAsText: Encode = (value) =>
  value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : MISFIT

const compile = (ast: SchemaAST.AST): Encode => {
  if (isDateAsText(ast)) return dateAsText
  // Any other transformation is Schema's to apply.
  if (ast.encoding !== undefined) return bySchema(ast)
  switch (ast._tag) {
    case "Objects":
      return compileObjects(ast)
    case "Arrays":
      return compileArrays(ast)
    case "Union":
      return compileUnion(ast)
    case "Literal": {
      const literal = ast.literal
      return same((value) => value === literal)
    }
    case "String":
      return same((value) => typeof value === "string")
    case "Number":
      return same((value) => typeof value === "number")
    case "Boolean":
      return same((value) => typeof value === "boolean")
    case "Null":
      return same((value) => value === null)
    case "Unknown":
    case "Any":
      return (value) => value
    case "Suspend": {
      let inner: Encode | undefined
      return (value) => {
        inner ??= compile(ast.thunk())
        return inner(value)
      }
    }
    default:
      return bySchema(ast)
  }
}

const VERIFY = process.env.ABROAD_VERIFY_ANSWERS === "1"

/** An encoding defect the verification found: the compiled answer differs from Schema's. */
export class AnswerEncodingDiffers extends Error {
  override readonly name = "AnswerEncodingDiffers"
}

/** The encoder of one route's answers: compiled, with Schema's interpreter behind it. */
export const answerEncoder = (
  schema: Schema.ConstraintCodec<unknown, unknown, never, never>,
): ((value: unknown) => Effect.Effect<unknown, Schema.SchemaError>) => {
  const interpreted = Schema.encodeUnknownEffect(schema, { disableChecks: true })
  const compiled = compile(schema.ast)
  return (value) => {
    const encoded = compiled(value)
    if (encoded === MISFIT) return interpreted(value)
    if (!VERIFY) return Effect.succeed(encoded)
    return Effect.flatMap(interpreted(value), (expected) =>
      isDeepStrictEqual(encoded, expected)
        ? Effect.succeed(encoded)
        : Effect.die(
            new AnswerEncodingDiffers(
              `compiled ${JSON.stringify(encoded)?.slice(0, 2000)}\ninterpreted ${JSON.stringify(expected)?.slice(0, 2000)}`,
            ),
          ),
    )
  }
}
