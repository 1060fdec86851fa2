import type { ReactNode } from "react"
import { useT } from "./i18n.tsx"
import { LanguageSwitch } from "./language-switch.tsx"

/** The frame of the pages used before signing in (signing in, setting a password with a code). */
export const SignedOutCard = ({ title, children }: { title: string; children: ReactNode }) => {
  const t = useT()
  return (
    <main id="main" className="sign-in">
      <div className="sign-in-card">
        <div className="sign-in-header">
          <h1>{t("appName")}</h1>
          <LanguageSwitch />
        </div>
        <h2>{title}</h2>
        {children}
      </div>
    </main>
  )
}
