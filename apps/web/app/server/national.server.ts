import type { RouterContextProvider } from "react-router"
import type { Measure, NationalStatistics } from "../statistics/national.ts"
import { apiData } from "./api.server.ts"
import { requireCapability } from "./session.server.ts"

/** The national statistics pages' data: `/api/national/{measure}`. */

export const loadStatistics = (
  context: Readonly<RouterContextProvider>,
  request: Request,
  measure: Measure,
  query: URLSearchParams,
): Promise<NationalStatistics> => {
  requireCapability(context, "statistics.national")
  return apiData<NationalStatistics>(context, request, `/api/national/${measure}?${query}`)
}
