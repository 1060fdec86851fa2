import { useRouteLoaderData } from "react-router"
import type { Lang } from "../i18n/language.ts"
import { translator } from "../i18n/messages.ts"

/** The page's language, from the root loader (Vietnamese when it could not run). */
export const useLang = (): Lang => {
  const root = useRouteLoaderData("root") as { lang?: Lang } | undefined
  return root?.lang ?? "vi"
}

export const useT = () => translator(useLang())
