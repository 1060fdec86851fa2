import { readFile, stat } from "node:fs/promises"
import { extname, sep } from "node:path"
import { fileURLToPath } from "node:url"
import type { WebHandler } from "@abroad/api"
import { type WebHost, webHost } from "@abroad/web-context"
import { createRequestHandler, RouterContextProvider, type ServerBuild } from "react-router"

/**
 * The web app (apps/web), served by this same process: files of its client build under
 * `/assets/` (content-hashed names, so cached for a year), every other page by React Router's
 * request handler. Its loaders and actions reach the API in-process through `api`, never over
 * the network (README, design decision "The web app calls the API in-process").
 */

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
}

/** The client build's files that are not under `/assets/`, answered with a short cache. */
const PUBLIC_FILES = new Set(["/favicon.svg", "/robots.txt"])

export interface WebApp {
  readonly handler: (api: (request: Request, env: unknown) => Promise<Response>, log?: WebHost["log"]) => WebHandler
}

const serveFile = async (root: string, pathname: string, immutable: boolean): Promise<Response | undefined> => {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  const path = fileURLToPath(new URL(`.${decoded}`, `file://${root}/`))
  // A `..` that climbs out of the build folder finds nothing.
  if (!path.startsWith(`${root}${sep}`)) return undefined
  const info = await stat(path).catch(() => undefined)
  if (info === undefined || !info.isFile()) return undefined
  return new Response(await readFile(path), {
    headers: {
      "Content-Type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
      "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    },
  })
}

/** Loads the web app's server build, or answers undefined when it was not built (the API still serves). */
export const loadWebApp = async (): Promise<WebApp | undefined> => {
  let buildUrl: string
  try {
    buildUrl = import.meta.resolve("@abroad/web/server-build")
  } catch {
    return undefined
  }
  const build = (await import(buildUrl).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ERR_MODULE_NOT_FOUND") return undefined
    throw error
  })) as ServerBuild | undefined
  if (build === undefined) return undefined
  const clientRoot = fileURLToPath(new URL("../client", buildUrl))
  const handle = createRequestHandler(build, "production")
  return {
    handler: (api, log = () => {}) =>
      async function webPage(request, { env, nonce }) {
        const { pathname } = new URL(request.url)
        if (request.method === "GET" || request.method === "HEAD") {
          if (pathname.startsWith("/assets/")) {
            return (await serveFile(clientRoot, pathname, true)) ?? new Response("Not found", { status: 404 })
          }
          if (PUBLIC_FILES.has(pathname)) {
            const file = await serveFile(clientRoot, pathname, false)
            if (file !== undefined) return file
          }
        }
        const context = new RouterContextProvider()
        context.set(webHost, { api: (apiRequest) => api(apiRequest, env), nonce, log })
        return handle(request, context)
      },
  }
}
