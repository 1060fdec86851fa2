import { apiRoutes } from "@abroad/api"
import type { Capability } from "@abroad/auth"
import type { PlatformRequest } from "../scenarios/scenario.ts"

/** What the platform's route for `request` requires: read from the route table, not restated. */
export const routeAccessOf = (
  request: PlatformRequest,
): { readonly kind: "tenant" | "home"; readonly capability: Capability } => {
  const path = request.path.split("?")[0] ?? ""
  const route = apiRoutes.find(
    (candidate) =>
      candidate.method === request.method.toLowerCase() &&
      new RegExp(`^${candidate.path.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path),
  )
  if (route === undefined) throw new Error(`no route of the platform serves ${request.method} ${path}`)
  const { access } = route
  if (access.kind !== "tenant" && access.kind !== "home") {
    throw new Error(`${request.method} ${path}: the design's floor serves tenant and home routes, not ${access.kind}`)
  }
  return { kind: access.kind, capability: access.capability }
}
