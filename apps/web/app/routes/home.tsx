import { redirect } from "react-router"
import { requireUser } from "../server/session.server.ts"
import type { Route } from "./+types/home"

/** The first page after sign-in: a member's own trips, the desk's inbox, the oversight map, the statistics. */
export const loader = ({ context }: Route.LoaderArgs) => {
  const user = requireUser(context)
  const can = (capability: string) => user.capabilities.includes(capability)
  if (can("member.self")) return redirect("/my/trips")
  if (can("trip.read")) return redirect("/desk/inbox")
  if (can("oversight.read")) return redirect("/oversight")
  if (can("statistics.national")) return redirect("/national")
  if (can("handbook.read")) return redirect("/handbook")
  return redirect("/account")
}
