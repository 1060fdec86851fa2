import { webHost } from "@abroad/web-context"
import { createContext, type RouterContextProvider, redirect } from "react-router"
import type { Bilingual } from "../i18n/language.ts"

/**
 * The web app's only way to data: the platform's JSON API, called in-process with the
 * browser's own session cookie. Every rule (authentication, capabilities, scopes, validation)
 * is the API's; the pages only show what it answers.
 */

export interface ApiIssue {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

export interface ApiErrorBody {
  readonly code: string
  readonly message: Bilingual
  readonly details?: { readonly issues?: ReadonlyArray<ApiIssue>; readonly rule?: string } & Record<string, unknown>
}

export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly data: T }
  | { readonly ok: false; readonly status: number; readonly error: ApiErrorBody }

/** `Set-Cookie` values the API answered during this page request; the root middleware passes them on. */
export const apiCookies = createContext<string[]>([])

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

export const callApi = async <T>(
  context: Readonly<RouterContextProvider>,
  request: Request,
  method: Method,
  path: string,
  body?: unknown,
): Promise<ApiResult<T>> => {
  const url = new URL(path, request.url)
  const headers = new Headers({ accept: "application/json" })
  const cookie = request.headers.get("cookie")
  if (cookie !== null) headers.set("cookie", cookie)
  if (method !== "GET") {
    // The write is the browser's, passed on: it carries the browser's own `Origin` and
    // `Sec-Fetch-Site`, so the API's check against request forgery judges it as it would a
    // direct call (React Router has made its own check of the page request already).
    for (const name of ["origin", "sec-fetch-site"]) {
      const value = request.headers.get(name)
      if (value !== null) headers.set(name, value)
    }
    if (body !== undefined) headers.set("content-type", "application/json")
  }
  const response = await context
    .get(webHost)
    .api(new Request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }))
  for (const value of response.headers.getSetCookie()) context.get(apiCookies).push(value)
  const json = (await response.json().catch(() => undefined)) as unknown
  if (response.ok) return { ok: true, status: response.status, data: json as T }
  const error = (json as { error?: ApiErrorBody } | undefined)?.error ?? {
    code: "unexpected",
    message: { vi: "Lỗi không xác định.", en: "Unexpected error." },
  }
  return { ok: false, status: response.status, error }
}

/** A session was presented (and refused, when the API answers 401): it ended, rather than never began. */
const hasSessionCookie = (request: Request) =>
  /(^|;\s*)(__Host-)?abroad_session=[^;]/.test(request.headers.get("cookie") ?? "")

/**
 * The page a request is for. A navigation with JavaScript asks for `<page>.data` (React Router's
 * data requests, with `_routes` in the query); a redirect must name the page itself.
 */
export const pageOf = (request: Request): { readonly pathname: string; readonly search: string } => {
  const url = new URL(request.url)
  const pathname = url.pathname.endsWith(".data") ? url.pathname.slice(0, -".data".length) || "/" : url.pathname
  url.searchParams.delete("_routes")
  return { pathname: pathname === "/_root" ? "/" : pathname, search: url.search }
}

/** Where a signed-out visitor is sent: the sign-in page, which brings them back here afterwards. */
export const signInRedirect = (request: Request, reason: "expired" | "required" = "required") => {
  const page = pageOf(request)
  const next = request.method === "GET" ? `${page.pathname}${page.search}` : page.pathname
  const params = new URLSearchParams({ next })
  if (reason === "expired") params.set("expired", "1")
  return redirect(`/sign-in?${params}`)
}

/**
 * For a loader: the answer's data, or a thrown response — sign-in when the session ended,
 * and the API's own status (404, 403, …) for the route's error boundary otherwise.
 */
export const apiData = async <T>(
  context: Readonly<RouterContextProvider>,
  request: Request,
  path: string,
): Promise<T> => {
  const result = await callApi<T>(context, request, "GET", path)
  if (result.ok) return result.data
  throw failureResponse(request, result)
}

export const failureResponse = (request: Request, result: { status: number; error: ApiErrorBody }): Response => {
  if (result.status === 401) return signInRedirect(request, hasSessionCookie(request) ? "expired" : "required")
  return Response.json({ error: result.error }, { status: result.status })
}
