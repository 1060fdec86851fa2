import { isRouteErrorResponse, Link, useRouteError } from "react-router"
import type { Bilingual } from "../i18n/language.ts"
import { useLang, useT } from "./i18n.tsx"

/**
 * What every route's error boundary shows: the API's own message when it refused (404 for
 * what is not there or not the caller's, 403, 409 …), a plain apology for a defect — never a
 * stack trace.
 */
export const RouteError = ({ error }: { error?: unknown }) => {
  const routeError = useRouteError()
  const t = useT()
  const lang = useLang()
  const shown = error ?? routeError
  let message = t("somethingWrong")
  let status: number | undefined
  if (isRouteErrorResponse(shown)) {
    status = shown.status
    const body = shown.data as { error?: { message?: Bilingual } } | undefined
    message =
      body?.error?.message?.[lang] ??
      (shown.status === 404 ? t("notFound") : shown.status === 403 ? t("forbidden") : t("somethingWrong"))
  }
  return (
    <section className="error-page" role="alert">
      <h1>
        {t("errorTitle")}
        {status === undefined ? "" : ` ${status}`}
      </h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("home")}</Link>
      </p>
    </section>
  )
}

/** Each route exports this as its `ErrorBoundary`, so a failure stays inside the page's frame. */
export function RouteErrorBoundary() {
  return <RouteError />
}
