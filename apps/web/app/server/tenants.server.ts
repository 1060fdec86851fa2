import type { RouterContextProvider } from "react-router"
import { apiData } from "./api.server.ts"

/** Code → name of every tenant, for pages that list tenants by code (statistics, the oversight desk). */
export const loadTenantNames = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
): Promise<Record<string, string>> => {
  const { tenants } = await apiData<{ tenants: ReadonlyArray<{ code: string; name: string }> }>(
    context,
    request,
    "/api/tenants",
  )
  return Object.fromEntries(tenants.map((tenant) => [tenant.code, tenant.name]))
}
