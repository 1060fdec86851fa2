import { type DatabaseError, type TenantRole, type UnitOfWork, unitQuery } from "@abroad/db"
import { Effect } from "effect"
import { sql } from "kysely"
import { type Session, sessionVerdict } from "../sessions/store.ts"
import { hashSecret, parseSessionToken } from "../sessions/token.ts"
import type { Actor, GrantScope } from "./access.ts"

/** What a request's own unit of work can tell of a presented session token. */
export type RequestPresence =
  /** A live session of an account that is not disabled; its grants are those in its own tenant. */
  | {
      readonly kind: "signedIn"
      readonly actor: Actor
      readonly homeGrants: ReadonlyArray<GrantScope>
      /** The session as it stands after this request (its idle expiry slid forward when due). */
      readonly session: Session
    }
  /** The token is no good: malformed, unknown, a wrong secret, expired, or its account disabled. */
  | { readonly kind: "refused" }

/** A row of `abroad_session_actor` (migrations 0016, 0017): the session, its account and the account's home grants. */
export interface SessionActorRow {
  readonly id: string
  readonly user_id: string
  readonly last_used_at: Date
  readonly expires_at: Date
  readonly absolute_expires_at: Date
  readonly totp_enrolment_only: boolean
  readonly username: string
  readonly display_name: string
  readonly home_tenant_id: string | null
  readonly platform_role: Actor["platformRole"]
  readonly disabled_at: Date | null
  readonly totp_enrolled: boolean
  readonly home_is_oversight: boolean
  readonly grants: ReadonlyArray<{
    readonly id: string
    readonly role: string
    readonly org_unit_id: string | null
    readonly member_id: string | null
    readonly path: string | null
  }>
}

/**
 * The session, its account and the account's grants in its own tenant, in ONE statement of
 * whatever unit of work the request has opened — the app role's in a tenant, the oversight
 * role's, the analyst role's — through the function migration 0016 wrote for it, which answers
 * only to the session's id with the hash of its secret. So a request reads who it comes from
 * inside its own transaction (database.ts, `forRequest`), and nothing is cached: an expired or
 * deleted session, a disabled account or a withdrawn grant counts at the very next request.
 * An expired session is deleted on sight; a live one slides its idle expiry when due (a second
 * statement, at most once in five minutes per session).
 */
export const requestActor = (token: string, now: Date): Effect.Effect<RequestPresence, DatabaseError, UnitOfWork> =>
  Effect.gen(function* () {
    const parts = parseSessionToken(token)
    if (parts === undefined) return { kind: "refused" } as const
    const secretHash = hashSecret(parts.secret)
    const rows = yield* unitQuery((db) =>
      sql<SessionActorRow>`select * from abroad_session_actor(${parts.id}, ${secretHash})`.execute(db),
    )
    const row = rows.rows[0]
    if (row === undefined) return { kind: "refused" } as const
    // Found by the id with the secret's hash: the secret is proved, what is left is the expiry.
    const verdict = sessionVerdict(row, now)
    if (verdict.kind === "expired" || (verdict.kind === "alive" && verdict.bump)) {
      const expiresAt = verdict.kind === "alive" ? verdict.session.expiresAt : null
      yield* unitQuery((db) =>
        sql`select abroad_keep_session(${parts.id}, ${secretHash}, ${now}, ${expiresAt})`.execute(db),
      )
    }
    if (verdict.kind !== "alive" || row.disabled_at !== null) return { kind: "refused" } as const
    return { kind: "signedIn", ...actorOfSession(row), session: verdict.session } as const
  })

/** The actor a session's row stands for, and its grants in its own tenant. */
export const actorOfSession = (
  row: SessionActorRow,
): { readonly actor: Actor; readonly homeGrants: ReadonlyArray<GrantScope> } => {
  const actor: Actor = {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    homeTenantId: row.home_tenant_id,
    homeIsOversight: row.home_is_oversight,
    platformRole: row.platform_role,
    sessionId: row.id,
    totpEnrolmentOnly: row.totp_enrolment_only,
    totpEnrolled: row.totp_enrolled,
  }
  const homeGrants = row.grants.map(
    (grant): GrantScope => ({
      grantId: grant.id,
      role: grant.role as TenantRole,
      orgUnitId: grant.org_unit_id,
      orgPath: grant.path,
      memberId: grant.member_id,
    }),
  )
  return { actor, homeGrants }
}

/**
 * The session a token stands for, if it is genuine and alive and its account not disabled;
 * extends its idle expiry when due. An expired session is deleted on sight.
 */
export const validateSession = (
  token: string,
  now: Date,
): Effect.Effect<Session | undefined, DatabaseError, UnitOfWork> =>
  requestActor(token, now).pipe(Effect.map((presence) => (presence.kind === "signedIn" ? presence.session : undefined)))
