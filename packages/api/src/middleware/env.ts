/** What the middleware puts on Hono's typed context for the rest of the request. */
export interface ApiEnv {
  Variables: {
    /** Echoed in `X-Request-Id` and in the log line; ties a user's report to the log. */
    requestId: string
    /** The route pattern that matched (`/api/t/{tenantCode}/members`): logged instead of the raw URL. */
    route: string
    /** The cause of a 500 or 503, for the log line only; never sent to the client. */
    failure: string
    /** This response's content-security nonce: the web app's inline scripts carry it. */
    cspNonce: string
  }
}
