import { Link } from "react-router"
import { formatInstant } from "../i18n/dates.ts"
import { useT } from "./i18n.tsx"

/** A one-time password reset code, shown once, to hand over in person. */
export const ResetTokenNotice = ({
  title,
  reset,
  link,
}: {
  title: string
  reset: { token: string; expiresAt: string }
  link?: string
}) => {
  const t = useT()
  return (
    <div className="alert alert-ok" role="status">
      <p>
        <strong>{title}</strong>
      </p>
      <p>
        {t("resetToken")}: <code className="token">{reset.token}</code> — {t("validUntil")}{" "}
        {formatInstant(reset.expiresAt)}
      </p>
      <p>{t("resetTokenHelp")}</p>
      {link === undefined ? null : (
        <p>
          <Link to={link}>{t("openAccount")}</Link>
        </p>
      )}
    </div>
  )
}
