import { COUNTRIES, COUNTRY_LIST_ID, countryOption } from "../i18n/countries.ts"
import { useLang } from "./i18n.tsx"

/**
 * The page's suggestions for its country fields (`list={COUNTRY_LIST_ID}`): a member types a
 * name and picks it, and the field gets the ISO code the API takes; typing the code still works.
 * Once a page, however many country fields it has.
 */
export const CountryList = () => {
  const lang = useLang()
  return (
    <datalist id={COUNTRY_LIST_ID}>
      {COUNTRIES.map((country) => (
        <option key={country[0]} value={country[0]}>
          {countryOption(lang, country)}
        </option>
      ))}
    </datalist>
  )
}
