import { PassThrough } from "node:stream"
import { webHost } from "@abroad/web-context"
import { createReadableStreamFromReadable } from "@react-router/node"
import { isbot } from "isbot"
import { renderToPipeableStream } from "react-dom/server"
import { type EntryContext, type HandleErrorFunction, type RouterContextProvider, ServerRouter } from "react-router"

/** React Router's own Node entry, plus the nonce the server's content security policy allows. */
export const streamTimeout = 5_000

export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  if (request.method.toUpperCase() === "HEAD") return new Response(null, { status, headers })
  const { nonce } = loadContext.get(webHost)
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const userAgent = request.headers.get("user-agent")
    // Crawlers and the tests' screenshots get the whole page at once.
    const ready = userAgent !== null && isbot(userAgent) ? "onAllReady" : "onShellReady"
    let timeout: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000)
    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={routerContext} url={request.url} nonce={nonce} />,
      {
        nonce,
        [ready]() {
          shellRendered = true
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeout)
              timeout = undefined
              callback()
            },
          })
          headers.set("Content-Type", "text/html; charset=utf-8")
          pipe(body)
          resolve(new Response(createReadableStreamFromReadable(body), { headers, status }))
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          status = 500
          // Errors in the shell reject and are logged by the handler; later ones only here.
          if (shellRendered) logFailure(loadContext, error)
        },
      },
    )
  })
}

const logFailure = (context: RouterContextProvider, error: unknown) =>
  context.get(webHost).log("error", "web page failed", {
    // The stack, never the address: a page's URL may hold a name or an id.
    failure: error instanceof Error ? (error.stack ?? error.message) : String(error),
  })

/**
 * An unexpected error in a loader, an action or the rendering goes to the process's JSON log
 * (React Router would print it to the console). A request the browser gave up on is no error.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return
  logFailure(context as RouterContextProvider, error)
}
