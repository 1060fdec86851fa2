import { Form, useLocation } from "react-router"
import { useLang, useT } from "./i18n.tsx"

/** A plain form: it works without JavaScript and brings the reader back to the same page. */
export const LanguageSwitch = () => {
  const lang = useLang()
  const t = useT()
  const location = useLocation()
  return (
    <Form method="post" action="/language" className="inline-form">
      <input type="hidden" name="lang" value={lang === "vi" ? "en" : "vi"} />
      <input type="hidden" name="next" value={`${location.pathname}${location.search}`} />
      <button type="submit" className="link-button" lang={lang === "vi" ? "en" : "vi"}>
        {t("switchLanguage")}
      </button>
    </Form>
  )
}
