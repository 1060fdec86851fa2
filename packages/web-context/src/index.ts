import { createContext } from "react-router"

/**
 * What the server process hands to the web app for each request: the way to the API and the
 * request's content-security nonce. The key is one object shared by the server (which sets it)
 * and the web app's routes (which read it); React Router finds a value by the key's identity,
 * so this module must be loaded once — the web app's server build keeps it external.
 */
export interface WebHost {
  /** Answers a request to `/api/*` in this same process, through the API's own routing, checks and errors. */
  readonly api: (request: Request) => Promise<Response>
  /** The nonce the content security policy of this response allows inline scripts with. */
  readonly nonce: string
  /** The process's log (one JSON line per event); a page's unexpected error goes here, not to the console. */
  readonly log: (level: "warn" | "error", message: string, fields: Readonly<Record<string, unknown>>) => void
}

export const webHost = createContext<WebHost>()
