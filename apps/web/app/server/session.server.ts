import { createContext, type RouterContextProvider } from "react-router"
import { apiData } from "./api.server.ts"

/** The signed-in account, as `GET /api/auth/me` describes it. */
export interface Me {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly platformRole: "operator" | "analyst" | null
  readonly homeTenant: { readonly code: string; readonly name: string } | null
  readonly grants: ReadonlyArray<{ role: string; orgUnitId: string | null; memberId: string | null }>
  readonly capabilities: ReadonlyArray<string>
  readonly totpEnrolled: boolean
  readonly totpEnrolmentRequired: boolean
}

/** The account of this page request, once the signed-in layout's middleware has asked the API. */
export const currentUser = createContext<Me | null>(null)

/** Asks the API who is signed in; a request without a live session is sent to sign in. */
export const loadUser = async (context: Readonly<RouterContextProvider>, request: Request): Promise<Me> =>
  (await apiData<{ user: Me }>(context, request, "/api/auth/me")).user

/** The signed-in account; the layout guarantees one exists below it. */
export const requireUser = (context: Readonly<RouterContextProvider>): Me => {
  const user = context.get(currentUser)
  if (user === null) throw new Error("requireUser used outside the signed-in layout")
  return user
}

/** The tenant whose data the account works on: its home tenant. */
export const requireTenant = (context: Readonly<RouterContextProvider>): string => {
  const tenant = requireUser(context).homeTenant
  if (tenant === null) throw Response.json({ error: { code: "no_tenant" } }, { status: 403 })
  return tenant.code
}

/** Refuses the page (403) to an account without `capability`, as the API would refuse its data. */
export const requireCapability = (context: Readonly<RouterContextProvider>, capability: string): Me => {
  const user = requireUser(context)
  if (!user.capabilities.includes(capability)) {
    throw Response.json({ error: { code: "forbidden" } }, { status: 403 })
  }
  return user
}

/** `/api/t/{the account's tenant}{rest}`. */
export const tenantApi = (context: Readonly<RouterContextProvider>, rest: string): string =>
  `/api/t/${encodeURIComponent(requireTenant(context))}${rest}`
