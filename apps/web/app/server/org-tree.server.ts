import type { RouterContextProvider } from "react-router"
import type { OrgUnit } from "../accounts.ts"
import { apiData } from "./api.server.ts"
import { tenantApi } from "./session.server.ts"

/** The organisation tree, parents before children (as the API gives it). */
export const loadOrgUnits = async (
  context: Readonly<RouterContextProvider>,
  request: Request,
): Promise<ReadonlyArray<OrgUnit>> =>
  (await apiData<{ orgUnits: ReadonlyArray<OrgUnit> }>(context, request, tenantApi(context, "/org-units"))).orgUnits
