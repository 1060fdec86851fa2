import type { ReactNode } from "react"
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router"
import type { Route } from "./+types/root"
import { langFromCookie } from "./i18n/language.ts"
import { apiCookies } from "./server/api.server.ts"
import stylesheet from "./styles.css?url"
import { RouteError } from "./ui/route-error.tsx"

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
]

/**
 * Every page request gets its own list for the `Set-Cookie` headers the API answers (a new
 * session, a cleared one); they are added to the page's response here, so the cookie stays
 * the API's own.
 */
export const middleware: Route.MiddlewareFunction[] = [
  async function passApiCookies({ context }, next) {
    const cookies: string[] = []
    context.set(apiCookies, cookies)
    const response = await next()
    for (const cookie of cookies) response.headers.append("Set-Cookie", cookie)
    return response
  },
]

export const loader = ({ request }: Route.LoaderArgs) => ({ lang: langFromCookie(request.headers.get("cookie")) })

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root")
  return (
    <html lang={root?.lang ?? "vi"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  return (
    <main id="main" className="page">
      <RouteError error={error} />
    </main>
  )
}
