import { createRequire } from "node:module"
import countries from "i18n-iso-countries"

/** An ISO 3166-1 country, named in Vietnamese and English. */
export interface Country {
  /** alpha-2, upper case: `JP`. */
  readonly code: string
  readonly alpha3: string
  readonly numeric: string
  readonly nameVi: string
  readonly nameEn: string
}

// The package ships each language as JSON and must be told which to load.
const require = createRequire(import.meta.url)
countries.registerLocale(require("i18n-iso-countries/langs/vi.json"))
countries.registerLocale(require("i18n-iso-countries/langs/en.json"))

const loadCountries = (): ReadonlyArray<Country> => {
  const vi = countries.getNames("vi", { select: "official" })
  const en = countries.getNames("en", { select: "official" })
  return Object.keys(countries.getAlpha2Codes())
    .sort()
    .map((code) => {
      const nameEn = en[code]
      const alpha3 = countries.alpha2ToAlpha3(code)
      const numeric = countries.alpha2ToNumeric(code)
      if (nameEn === undefined || alpha3 === undefined || numeric === undefined) {
        throw new Error(`i18n-iso-countries has no English name or codes for ${code}`)
      }
      // Every code has a Vietnamese name in the package today; should a new code arrive
      // without one, the English name keeps the list whole until the translation follows.
      return { code, alpha3, numeric, nameVi: (vi[code] ?? nameEn).normalize("NFC"), nameEn }
    })
}

/** ISO 3166-1, in alpha-2 order. */
export const isoCountries: ReadonlyArray<Country> = loadCountries()
