import { redirect } from "react-router"
import { callApi } from "../server/api.server.ts"
import type { Route } from "./+types/sign-out"

/** Đăng xuất: this session, or (`everywhere`) every session of the account. */
export const action = async ({ request, context }: Route.ActionArgs) => {
  const form = await request.formData()
  const everywhere = form.get("everywhere") === "1"
  await callApi(context, request, "POST", everywhere ? "/api/auth/logout-everywhere" : "/api/auth/logout")
  // Signed out already (the session had ended) is as good as signed out now.
  return redirect("/sign-in?signed-out=1")
}

export const loader = () => redirect("/")
