import { Database, type DatabaseError } from "@abroad/db"
import { Effect } from "effect"
import { InvalidInput } from "../errors/api-error.ts"
import { IdempotencyKeyInFlight, IdempotencyKeyReused } from "./errors.ts"
import { claimKey, findKey, type KeyOwner, PENDING, type StoredKey, storeAnswer } from "./store.ts"

/** The request header a client sets on a creating POST it may retry. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key"

/** How long an answer is kept for replay; an older key counts as never used. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000

/** Visible ASCII, 8 to 200 characters: room for a UUID or a ULID, and what the table allows. */
const KEY = /^[\x21-\x7e]{8,200}$/

/** The request's Idempotency-Key, if it sent one; a malformed one is the client's error (400). */
export const idempotencyKeyOf = (request: Request): Effect.Effect<string | undefined, InvalidInput> => {
  const key = request.headers.get(IDEMPOTENCY_HEADER)
  if (key === null) return Effect.succeed(undefined)
  if (KEY.test(key)) return Effect.succeed(key)
  return Effect.fail(
    new InvalidInput({
      message: {
        vi: "Idempotency-Key phải gồm 8 đến 200 ký tự ASCII in được (ví dụ một UUID).",
        en: "An Idempotency-Key is 8 to 200 printable ASCII characters (a UUID, say).",
      },
      issues: [{ path: ["headers", IDEMPOTENCY_HEADER], message: "Expected 8 to 200 printable ASCII characters" }],
    }),
  )
}

/** What the route answers: its status and its body, as sent. */
export interface Answer {
  readonly status: number
  readonly body: unknown
}

export interface IdempotentRequest extends KeyOwner {
  readonly tenantId: string
  readonly requestHash: string
  readonly now: Date
}

/** Raised inside the request's transaction when another request took the key first: rolls the work back. */
class KeyTakenMeanwhile extends Error {
  override readonly name = "KeyTakenMeanwhile"
}

/** A request seen before: its answer again, or why not. */
const replay = (
  stored: StoredKey,
  requestHash: string,
): Effect.Effect<Answer & { readonly replayed: true }, IdempotencyKeyReused | IdempotencyKeyInFlight> => {
  if (stored.requestHash !== requestHash) return Effect.fail(IdempotencyKeyReused.instance())
  if (stored.status === PENDING) return Effect.fail(IdempotencyKeyInFlight.instance())
  return Effect.succeed({ status: stored.status, body: stored.response, replayed: true as const })
}

/**
 * Runs a creating request at most once per Idempotency-Key (per account and tenant, for 24
 * hours): the same key with the same request answers the stored status and body without
 * running it again; with a different request, 422 `idempotency_key_reused`; while the first
 * is still running, 409 `idempotency_key_in_flight`.
 *
 * The key is claimed inside the request's own tenant transaction — the program's first
 * `withTenant` of the route's tenant is given the claim as its first statement — so that the
 * key and what the request creates commit together: a crash cannot leave a member created
 * and its key free, and of two concurrent requests only one creates anything. The answer is
 * stored after the response is encoded; a failed request stores nothing and may be retried.
 */
export const idempotent = <E, R>(
  request: IdempotentRequest,
  program: Effect.Effect<Answer, E, R>,
): Effect.Effect<
  Answer & { readonly replayed: boolean },
  E | DatabaseError | IdempotencyKeyReused | IdempotencyKeyInFlight,
  R | Database
> =>
  Effect.gen(function* () {
    const database = yield* Database
    const notBefore = new Date(request.now.getTime() - IDEMPOTENCY_KEY_LIFETIME_MS)
    const earlier = () => database.withTenant(request.tenantId, findKey(request, notBefore))

    const seen = yield* earlier()
    if (seen !== undefined) return yield* replay(seen, request.requestHash)

    let claimed = false
    const claim = claimKey(request, request.requestHash, request.now, notBefore).pipe(
      Effect.flatMap((won) => (won ? Effect.void : Effect.die(new KeyTakenMeanwhile()))),
    )
    const claiming = Database.of({
      ...database,
      withTenant: (tenantId, work) =>
        Effect.suspend(() => {
          if (claimed || tenantId !== request.tenantId) return database.withTenant(tenantId, work)
          claimed = true
          return database.withTenant(tenantId, Effect.andThen(claim, work))
        }),
    })

    const answer = yield* program.pipe(
      Effect.provideService(Database, claiming),
      Effect.catchDefect((defect) =>
        defect instanceof KeyTakenMeanwhile
          ? earlier().pipe(
              Effect.flatMap((stored) =>
                stored === undefined
                  ? Effect.fail(IdempotencyKeyInFlight.instance())
                  : replay(stored, request.requestHash),
              ),
            )
          : Effect.die(defect),
      ),
    )
    if ("replayed" in answer) return answer
    yield* database.withTenant(request.tenantId, storeAnswer(request, request.requestHash, answer, request.now)).pipe(
      // The request has done its work and committed; failing it now would tell the client
      // otherwise. The claim stays pending, so a retry is answered 409 rather than run twice.
      Effect.catch((error) => Effect.logWarning("idempotency: the answer could not be stored", error)),
    )
    return { ...answer, replayed: false }
  })
