import type { Actor, Capability, TenantAccess } from "@abroad/auth"
import type { Effect, Schema } from "effect"

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete"

/** A schema whose decoding needs no services: what every route input and output is. */
export type PlainSchema = Schema.ConstraintCodec<unknown, unknown, never, never>

/**
 * Who may call a route. Checked in one place (auth/authorize.ts) before the handler runs;
 * the role × route matrix test walks every route by this field.
 * - `public`: anyone;
 * - `session`: any signed-in account (`enrolment`: also a session that may only enrol its second factor);
 * - `tenant`: the capability in the tenant of the path's `{tenantCode}`, within the grant's scope;
 * - `home`: the capability from the account's platform role or its own tenant's grants
 *   (oversight, national statistics, platform administration).
 */
export type RouteAccess =
  | { readonly kind: "public" }
  | { readonly kind: "session"; readonly enrolment?: true }
  | { readonly kind: "tenant"; readonly capability: Capability }
  | { readonly kind: "home"; readonly capability: Capability }

/** The tenant of a `/api/t/{tenantCode}/…` route, and what the actor may do there. */
export interface TenantContext {
  readonly id: string
  readonly code: string
  readonly access: TenantAccess
}

/** What a handler knows of the request besides its decoded input. */
export interface RequestContext {
  readonly requestId: string
  readonly request: Request
  /** The client's address, for the audit log and throttling. */
  readonly ip: string
  /** The signed-in account; set on every route that is not public. */
  readonly actor: Actor | undefined
  /** Set on `tenant` routes. */
  readonly tenant: TenantContext | undefined
  /** Sets or clears the session cookie on the response (sign-in, sign-out, rotation). */
  readonly setSession: (token: string | undefined, expiresAt?: Date) => void
}

type TypeOf<S> = S extends PlainSchema ? S["Type"] : undefined

/**
 * A route, declared once: the server decodes its input and encodes its output with these
 * Schemas, and the OpenAPI document is generated from the very same Schemas, so the
 * document cannot drift from what the server accepts.
 */
export interface RouteSpec<
  R,
  P extends PlainSchema | undefined,
  Q extends PlainSchema | undefined,
  B extends PlainSchema | undefined,
  O extends PlainSchema,
> {
  readonly method: HttpMethod
  /** OpenAPI form: `/api/t/{tenantCode}/members`. */
  readonly path: string
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tags: ReadonlyArray<string>
  readonly access: RouteAccess
  readonly params?: P
  readonly query?: Q
  readonly body?: B
  readonly success: {
    readonly status: 200 | 201
    readonly description: string
    readonly schema: O
    /** Served as this media type instead of JSON (the docs page is HTML). */
    readonly mediaType?: "application/json" | "text/html"
  }
  /**
   * A creating POST that honours the `Idempotency-Key` header (idempotency/idempotent.ts): a
   * retried request is answered what the first one was, and creates nothing twice. Tenant
   * routes only: the answers are kept in the tenant's own table.
   */
  readonly idempotent?: true
  /** Error statuses the route may answer, for the document (400 is added when there is input). */
  readonly errors?: ReadonlyArray<401 | 403 | 404 | 409 | 422 | 429 | 503>
  readonly handler: (input: {
    readonly params: TypeOf<P>
    readonly query: TypeOf<Q>
    readonly body: TypeOf<B>
    readonly context: RequestContext
  }) => Effect.Effect<O["Type"], unknown, R>
}

/** A route as the registry and the document generator walk over it, its Schemas forgotten. */
export type Route<R = never> = RouteSpec<
  R,
  PlainSchema | undefined,
  PlainSchema | undefined,
  PlainSchema | undefined,
  PlainSchema
>

/** Declares a route with its handler typed from its Schemas. */
export const defineRoute = <
  R,
  P extends PlainSchema | undefined = undefined,
  Q extends PlainSchema | undefined = undefined,
  B extends PlainSchema | undefined = undefined,
  O extends PlainSchema = PlainSchema,
>(
  spec: RouteSpec<R, P, Q, B, O>,
): Route<R> => spec as unknown as Route<R>
