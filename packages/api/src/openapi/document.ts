import { Schema } from "effect"
import { ErrorEnvelope } from "../errors/response.ts"
import type { PlainSchema, Route } from "../routes/route.ts"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type JsonObject = { readonly [key: string]: Json }

export interface OpenApiDocument {
  readonly openapi: "3.1.0"
  readonly jsonSchemaDialect: string
  readonly info: { readonly title: string; readonly version: string; readonly description: string }
  readonly paths: Record<string, Record<string, JsonObject>>
  readonly components: { readonly schemas: Record<string, Json> }
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description: string }>
}

/** Effect writes local definitions as `#/$defs/X`; in an OpenAPI document they live under components. */
const rewriteRefs = (value: Json): Json => {
  if (Array.isArray(value)) return value.map(rewriteRefs)
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === "$ref" && typeof inner === "string"
          ? inner.replace(/^#\/\$defs\//, "#/components/schemas/")
          : rewriteRefs(inner as Json),
      ]),
    )
  }
  return value
}

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input, with the path of each field at fault",
  401: "Not signed in",
  403: "Not allowed",
  404: "Not found (also for another tenant's ids)",
  409: "Conflict with the current state",
  422: "Refused by a rule",
  429: "Too many failed sign-ins: locked for a while (Retry-After)",
  503: "The database is not answering",
}

export interface DocumentInfo {
  readonly title: string
  readonly version: string
  readonly description: string
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description: string }>
}

/** The OpenAPI 3.1 document of `routes`, generated from the Schemas the server validates with. */
export const openApiDocument = (routes: ReadonlyArray<Route<unknown>>, info: DocumentInfo): OpenApiDocument => {
  const components: Record<string, Json> = {}
  const toJsonSchema = (schema: PlainSchema): JsonObject => {
    const document = Schema.toJsonSchemaDocument(schema)
    for (const [name, definition] of Object.entries(document.definitions)) {
      components[name] = rewriteRefs(definition as Json)
    }
    return rewriteRefs(document.schema as Json) as JsonObject
  }
  const parameters = (schema: PlainSchema | undefined, where: "path" | "query") => {
    if (schema === undefined) return []
    const object = toJsonSchema(schema)
    const properties = (object.properties ?? {}) as Record<string, Json>
    const required = new Set((object.required ?? []) as ReadonlyArray<string>)
    return Object.entries(properties).map(([name, property]) => {
      const { description, ...rest } = property as JsonObject
      return {
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(description === undefined ? {} : { description }),
        schema: rest,
      }
    })
  }
  const errorRef = toJsonSchema(ErrorEnvelope)
  const idempotencyKey: JsonObject = {
    name: "Idempotency-Key",
    in: "header",
    required: false,
    description:
      "Sent again with a retry, the same key answers what the first request answered, and nothing is created " +
      "twice (the response then carries `Idempotent-Replayed: true`). Kept for 24 hours, per account. The same key " +
      "with another body: 422 `idempotency_key_reused`; while the first request is still running: 409 " +
      "`idempotency_key_in_flight`.",
    schema: { type: "string", minLength: 8, maxLength: 200, pattern: "^[\\x21-\\x7e]+$" },
  }

  const paths: Record<string, Record<string, JsonObject>> = {}
  for (const route of routes) {
    const hasInput = route.params !== undefined || route.query !== undefined || route.body !== undefined
    // The statuses the access check itself answers: 401 without a session, 403 without the capability.
    const accessStatuses = route.access.kind === "public" ? [] : route.access.kind === "session" ? [401] : [401, 403]
    const idempotencyStatuses = route.idempotent === true ? [409, 422] : []
    const errorStatuses = [
      ...new Set([...(hasInput ? [400] : []), ...accessStatuses, ...idempotencyStatuses, ...(route.errors ?? [])]),
    ].sort()
    const mediaType = route.success.mediaType ?? "application/json"
    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      tags: [...route.tags],
      parameters: [
        ...parameters(route.params, "path"),
        ...parameters(route.query, "query"),
        ...(route.idempotent === true ? [idempotencyKey] : []),
      ],
      ...(route.body === undefined
        ? {}
        : { requestBody: { required: true, content: { "application/json": { schema: toJsonSchema(route.body) } } } }),
      responses: {
        [String(route.success.status)]: {
          description: route.success.description,
          content: { [mediaType]: { schema: toJsonSchema(route.success.schema) } },
        },
        ...Object.fromEntries(
          errorStatuses.map((status) => [
            String(status),
            { description: STATUS_TEXT[status] ?? "Error", content: { "application/json": { schema: errorRef } } },
          ]),
        ),
        "500": { description: "Internal error", content: { "application/json": { schema: errorRef } } },
      },
    }
    const methods = paths[route.path] ?? {}
    methods[route.method] = operation
    paths[route.path] = methods
  }

  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: { title: info.title, version: info.version, description: info.description },
    tags: info.tags,
    paths,
    components: { schemas: components },
  }
}
