import { Form, NavLink, Outlet, redirect } from "react-router"
import type { MessageKey } from "../i18n/messages.ts"
import { pageOf } from "../server/api.server.ts"
import { currentUser, loadUser, type Me } from "../server/session.server.ts"
import { useT } from "../ui/i18n.tsx"
import { LanguageSwitch } from "../ui/language-switch.tsx"
import { RouteErrorBoundary } from "../ui/route-error.tsx"
import type { Route } from "./+types/signed-in"

/**
 * The frame of every page behind sign-in. Its middleware asks the API who is signed in, once
 * per request, before any loader below runs; no session sends the visitor to sign in and back.
 */
export const middleware: Route.MiddlewareFunction[] = [
  async function requireSession({ request, context }, next) {
    const user = await loadUser(context, request)
    const path = pageOf(request).pathname
    // An account whose roles need a second factor it lacks may only enrol one.
    if (user.totpEnrolmentRequired && path !== "/account") throw redirect("/account")
    context.set(currentUser, user)
    return next()
  },
]

export const loader = ({ context }: Route.LoaderArgs) => {
  const user = context.get(currentUser) as Me
  return {
    user: { displayName: user.displayName, username: user.username, tenant: user.homeTenant },
    menu: menuFor(user),
  }
}

interface MenuItem {
  readonly to: string
  readonly label: MessageKey
}

/** The pages an account's capabilities open; the API refuses the rest anyway. */
const menuFor = (user: Me): ReadonlyArray<MenuItem> => {
  const can = (capability: string) => user.capabilities.includes(capability)
  if (user.totpEnrolmentRequired) return []
  const items: MenuItem[] = []
  if (can("member.self")) {
    items.push(
      { to: "/my/trips", label: "myTrips" },
      { to: "/my/trips/new", label: "newRequest" },
      { to: "/my/tasks", label: "myTasks" },
      { to: "/my/bulletins", label: "bulletins" },
    )
  }
  if (can("trip.read")) {
    items.push(
      { to: "/desk/inbox", label: "inbox" },
      { to: "/desk/trips", label: "allTrips" },
      { to: "/desk/abroad", label: "abroadNow" },
      { to: "/desk/overdue", label: "overdue" },
    )
  }
  if (can("member.read")) items.push({ to: "/desk/members", label: "members" })
  if (can("violation.read")) items.push({ to: "/desk/violations", label: "violations" })
  if (can("task.read")) items.push({ to: "/desk/tasks", label: "tasks" })
  if (can("transfer.request")) items.push({ to: "/desk/transfers", label: "transfersSent" })
  if (can("notice.read")) items.push({ to: "/desk/notices", label: "noticesFromOversight" })
  if (can("bulletin.publish")) items.push({ to: "/desk/bulletins", label: "bulletins" })
  // The bulletins that reach the account itself, for every reader (a member's are in the list above).
  if (can("bulletin.read") && !can("member.self")) {
    items.push({ to: "/my/bulletins", label: can("bulletin.publish") ? "bulletinsToMe" : "bulletins" })
  }
  if (can("oversight.read")) {
    items.push(
      { to: "/oversight", label: "oversightMap" },
      { to: "/oversight/organisations", label: "overseasOrgs" },
      { to: "/oversight/transfers", label: "transferIntake" },
      { to: "/oversight/notices", label: "notices" },
    )
  }
  if (can("statistics.national")) {
    items.push({ to: "/national", label: "national" }, { to: "/national/review", label: "fiveYearReview" })
  }
  if (can("handbook.read")) items.push({ to: "/handbook", label: "handbook" })
  // The tenant administrators' pages.
  if (can("user.read")) items.push({ to: "/admin/users", label: "adminUsers" })
  if (can("org.manage")) items.push({ to: "/admin/org", label: "adminOrg" })
  if (can("settings.manage")) items.push({ to: "/admin/settings", label: "adminSettings" })
  if (can("plugin.manage")) items.push({ to: "/admin/plugins", label: "adminPlugins" })
  if (can("audit.read")) items.push({ to: "/admin/audit", label: "adminAudit" })
  return items
}

export default function SignedIn({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const { user, menu } = loaderData
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-name">{t("appName")}</span>
          {user.tenant === null ? null : <span className="brand-tenant">{user.tenant.name}</span>}
        </div>
        <div className="topbar-tools">
          <LanguageSwitch />
          <NavLink to="/account" className="account-link">
            {user.displayName}
          </NavLink>
          <Form method="post" action="/sign-out" className="inline-form">
            <button type="submit" className="link-button">
              {t("signOut")}
            </button>
          </Form>
        </div>
      </header>
      <div className="frame">
        {menu.length === 0 ? null : (
          <nav className="sidebar" aria-label={t("mainMenu")}>
            <ul>
              {menu.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" className="page" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary
