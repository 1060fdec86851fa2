import { Result, Schema, SchemaIssue } from "effect"
import type { BilingualText } from "../text.ts"

/** One thing wrong with a value, at a path such as `["extra", "quang-ninh", "exitGate"]`. */
export interface FieldIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

export type Decoded<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly issues: ReadonlyArray<FieldIssue> }

const formatIssues = SchemaIssue.makeFormatterStandardSchemaV1()

/** Decodes `input` with every issue collected, each path led by `prefix` (the way the API answers a 400). */
export const decodeWithIssues = <A>(
  // biome-ignore lint/suspicious/noExplicitAny: the encoded side is JSON of any shape
  schema: Schema.Codec<A, any, never, never>,
  input: unknown,
  prefix: ReadonlyArray<string | number> = [],
): Decoded<A> => {
  const result = Schema.decodeUnknownResult(schema)(input, { errors: "all", onExcessProperty: "ignore" })
  if (Result.isSuccess(result)) return { ok: true, value: result.success }
  return {
    ok: false,
    issues: formatIssues(result.failure.issue).issues.map((issue) => ({
      path: [...prefix, ...(issue.path ?? []).map((key) => (typeof key === "number" ? key : String(key)))],
      message: issue.message,
    })),
  }
}

/** Input the platform would refuse with a 400 naming each field: a plugin config, or a form's plugin fields. */
export class PluginInputInvalid extends Error {
  readonly code: string
  readonly text: BilingualText
  readonly issues: ReadonlyArray<FieldIssue>
  constructor(code: string, text: BilingualText, issues: ReadonlyArray<FieldIssue>) {
    super(`${text.vi} — ${text.en}\n${issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n")}`)
    this.name = "PluginInputInvalid"
    this.code = code
    this.text = text
    this.issues = issues
  }
}
