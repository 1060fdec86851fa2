import { type RouterContextProvider, redirect } from "react-router"
import { callApi, failureResponse } from "./api.server.ts"
import { refused } from "./forms.server.ts"

/**
 * A form's write, sent on to the API: on success the browser goes to `next` (a plain redirect,
 * so the page works without JavaScript and a reload does not post again); a refusal comes back
 * as the form's failure, each issue beside its field; an ended session goes to sign in.
 */
export const postForm = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
  input: {
    readonly path: string
    readonly body: unknown
    readonly values: Record<string, string>
    readonly next: (answer: unknown) => string
  },
) => {
  const result = await callApi(context, request, "POST", input.path, input.body)
  if (result.ok) return redirect(input.next(result.data))
  if (result.status === 401) throw failureResponse(request, result)
  return refused(request, result.error, result.status, input.values)
}
