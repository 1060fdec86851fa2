import type { RouterContextProvider } from "react-router"
import type { Measure, NationalStatistics } from "../statistics/national.ts"
import { apiData } from "./api.server.ts"
import { requireCapability } from "./session.server.ts"

/** The national statistics pages' data: `/api/national/{measure}`, and the tenants' names. */

export const loadStatistics = (
  context: Readonly<RouterContextProvider>,
  request: Request,
  measure: Measure,
  query: URLSearchParams,
): Promise<NationalStatistics> => {
  requireCapability(context, "statistics.national")
  return apiData<NationalStatistics>(context, request, `/api/national/${measure}?${query}`)
}

/** Code → name of every tenant, for tables by tenant (the statistics name tenants by code). */
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
