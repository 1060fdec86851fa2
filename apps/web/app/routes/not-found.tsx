import { RouteError, RouteErrorBoundary } from "../ui/route-error.tsx"

/** Any address the app does not know: a 404 page in the app's frame. */
export const loader = () => {
  throw Response.json({ error: { code: "not_found" } }, { status: 404 })
}

export default function NotFound() {
  return <RouteError />
}

export const ErrorBoundary = RouteErrorBoundary
