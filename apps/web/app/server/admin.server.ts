import { redirect } from "react-router"
import type { ApiResult } from "./api.server.ts"
import { failureResponse } from "./api.server.ts"
import { refused } from "./forms.server.ts"

/**
 * The administrators' pages hold several small forms each, told apart by `intent`; each posts
 * one call to the API. This is what an action answers for it: back to the page (with a notice in
 * the address) when the API agreed, sign-in when the session ended, the refusal beside the form
 * otherwise (the posted values keep `intent`, so only the form that was sent shows it).
 */
export const afterCall = <T>(
  request: Request,
  result: ApiResult<T>,
  values: Record<string, string>,
  then: (data: T) => string,
) => {
  if (result.ok) return redirect(then(result.data))
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, values)
}

/** The page's own address with `notice=<key>`, for the message an agreed change shows. */
export const withNotice = (request: Request, notice: string, path?: string) => {
  const url = new URL(request.url)
  const pathname = path ?? url.pathname.replace(/\.data$/, "")
  return `${pathname}?${new URLSearchParams({ notice })}`
}
